-- retort stamp heads --sql

BEGIN;

CREATE TABLE "retort_version" (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT "retort_version_pkc" PRIMARY KEY (version_num)
);

-- Running stamp_revision  -> d4

INSERT INTO "retort_version" (version_num) VALUES ('d4');

COMMIT;

-- retort stamp b2 c3 --sql

BEGIN;

CREATE TABLE "retort_version" (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT "retort_version_pkc" PRIMARY KEY (version_num)
);

-- Running stamp_revision  -> b2

INSERT INTO "retort_version" (version_num) VALUES ('b2');

COMMIT;

BEGIN;

-- Running stamp_revision  -> c3

INSERT INTO "retort_version" (version_num) VALUES ('c3');

COMMIT;

-- retort stamp b2:d4 --sql

BEGIN;

-- Running stamp_revision b2 -> d4

UPDATE "retort_version" SET version_num='d4' WHERE "retort_version".version_num = 'b2';

COMMIT;

-- retort stamp c3:d4 --sql

BEGIN;

-- Running stamp_revision c3 -> d4

UPDATE "retort_version" SET version_num='d4' WHERE "retort_version".version_num = 'c3';

COMMIT;

-- retort stamp d4:a1 --sql

BEGIN;

-- Running stamp_revision d4 -> a1

UPDATE "retort_version" SET version_num='a1' WHERE "retort_version".version_num = 'd4';

COMMIT;

-- retort stamp b2:c3 --sql

BEGIN;

-- Running stamp_revision  -> c3

INSERT INTO "retort_version" (version_num) VALUES ('c3');

COMMIT;

-- retort stamp b2:base --sql

BEGIN;

-- Running stamp_revision b2 -> 

DELETE FROM "retort_version" WHERE "retort_version".version_num = 'b2';

DROP TABLE "retort_version";

COMMIT;

-- retort stamp b2:b2 --sql

