-- retort upgrade base:heads --sql

BEGIN;

CREATE TABLE "retort_version" (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT "retort_version_pkc" PRIMARY KEY (version_num)
);

-- Running upgrade  -> a1

CREATE TABLE account (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);

INSERT INTO "retort_version" (version_num) VALUES ('a1');

COMMIT;

BEGIN;

-- Running upgrade a1 -> c3

INSERT INTO account (id, name) VALUES (1, 'it''s root');

COMMIT;

CREATE INDEX CONCURRENTLY ix_account_name ON account (name);

BEGIN;

UPDATE "retort_version" SET version_num='c3' WHERE "retort_version".version_num = 'a1';

COMMIT;

BEGIN;

-- Running upgrade a1 -> b2

ALTER TABLE account ADD COLUMN note TEXT COLLATE "C";

INSERT INTO "retort_version" (version_num) VALUES ('b2');

COMMIT;

BEGIN;

-- Running upgrade b2, c3 -> d4

DELETE FROM "retort_version" WHERE "retort_version".version_num = 'b2';

UPDATE "retort_version" SET version_num='d4' WHERE "retort_version".version_num = 'c3';

COMMIT;

-- retort downgrade heads:a1 --sql

BEGIN;

-- Running downgrade d4 -> b2, c3

UPDATE "retort_version" SET version_num='c3' WHERE "retort_version".version_num = 'd4';

INSERT INTO "retort_version" (version_num) VALUES ('b2');

COMMIT;

BEGIN;

-- Running downgrade b2 -> a1

ALTER TABLE account DROP COLUMN note;

DELETE FROM "retort_version" WHERE "retort_version".version_num = 'b2';

COMMIT;

BEGIN;

-- Running downgrade c3 -> a1

COMMIT;

DROP INDEX CONCURRENTLY ix_account_name;

BEGIN;

DELETE FROM account WHERE id = 1;

UPDATE "retort_version" SET version_num='a1' WHERE "retort_version".version_num = 'c3';

COMMIT;

-- retort downgrade a1:base --sql

BEGIN;

-- Running downgrade a1 -> 

DROP TABLE account;

DELETE FROM "retort_version" WHERE "retort_version".version_num = 'a1';

DROP TABLE "retort_version";

COMMIT;

