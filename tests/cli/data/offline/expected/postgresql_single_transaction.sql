-- retort upgrade base:heads --sql

BEGIN;

CREATE TABLE IF NOT EXISTS "retort_history" (id BIGINT NOT NULL, revision VARCHAR(32) NOT NULL, direction VARCHAR(16) NOT NULL, checksum VARCHAR(64), applied_at VARCHAR(32) NOT NULL, duration_ms BIGINT NOT NULL, applied_by VARCHAR(128), status VARCHAR(16) NOT NULL, operations_done INTEGER NOT NULL, statements TEXT, undo_log TEXT, CONSTRAINT "retort_history_pkc" PRIMARY KEY (id));

CREATE TABLE "retort_version" (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT "retort_version_pkc" PRIMARY KEY (version_num)
);

-- Running upgrade  -> a1

CREATE TABLE account (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);

INSERT INTO "retort_version" (version_num) VALUES ('a1');

INSERT INTO "retort_history" (id, revision, direction, checksum, applied_at, duration_ms, applied_by, status, operations_done, statements) SELECT COALESCE(MAX(id), 0) + 1, 'a1', 'upgrade', '42d825bf20e6ab7e6fac830149b84340211b6abdd7abc11e62ca6c0e37352c9c', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), 0, 'golden', 'applied', 1, 'CREATE TABLE account (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)' FROM "retort_history";

-- Running upgrade a1 -> c3

INSERT INTO account (id, name) VALUES (1, 'it''s root');

COMMIT;

CREATE INDEX CONCURRENTLY ix_account_name ON account (name);

BEGIN;

UPDATE "retort_version" SET version_num='c3' WHERE "retort_version".version_num = 'a1';

INSERT INTO "retort_history" (id, revision, direction, checksum, applied_at, duration_ms, applied_by, status, operations_done, statements) SELECT COALESCE(MAX(id), 0) + 1, 'c3', 'upgrade', '7bd1d8d02e083106f9fec13dbb354620fbf3b0b27b46c8148f0a9d873c6ef093', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), 0, 'golden', 'applied', 2, 'INSERT INTO account (id, name) VALUES (1, ''it''''s root'');
CREATE INDEX CONCURRENTLY ix_account_name ON account (name)' FROM "retort_history";

-- Running upgrade a1 -> b2

ALTER TABLE account ADD COLUMN note TEXT COLLATE "C";

INSERT INTO "retort_version" (version_num) VALUES ('b2');

INSERT INTO "retort_history" (id, revision, direction, checksum, applied_at, duration_ms, applied_by, status, operations_done, statements) SELECT COALESCE(MAX(id), 0) + 1, 'b2', 'upgrade', '38b9dc3ebbcee5a37e3aafc43315c3bc4745a82e10e09ef29588ac72de18b832', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), 0, 'golden', 'applied', 1, 'ALTER TABLE account ADD COLUMN note TEXT COLLATE "C"' FROM "retort_history";

-- Running upgrade b2, c3 -> d4

DELETE FROM "retort_version" WHERE "retort_version".version_num = 'b2';

UPDATE "retort_version" SET version_num='d4' WHERE "retort_version".version_num = 'c3';

INSERT INTO "retort_history" (id, revision, direction, checksum, applied_at, duration_ms, applied_by, status, operations_done, statements) SELECT COALESCE(MAX(id), 0) + 1, 'd4', 'upgrade', '2eb9d2f95bce5c9bb65c7d0389c04b93cca7cd820ef9c0fca71d6fac73179166', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), 0, 'golden', 'applied', 0, '' FROM "retort_history";

COMMIT;

-- retort downgrade heads:a1 --sql

BEGIN;

CREATE TABLE IF NOT EXISTS "retort_history" (id BIGINT NOT NULL, revision VARCHAR(32) NOT NULL, direction VARCHAR(16) NOT NULL, checksum VARCHAR(64), applied_at VARCHAR(32) NOT NULL, duration_ms BIGINT NOT NULL, applied_by VARCHAR(128), status VARCHAR(16) NOT NULL, operations_done INTEGER NOT NULL, statements TEXT, undo_log TEXT, CONSTRAINT "retort_history_pkc" PRIMARY KEY (id));

-- Running downgrade d4 -> b2, c3

UPDATE "retort_version" SET version_num='c3' WHERE "retort_version".version_num = 'd4';

INSERT INTO "retort_version" (version_num) VALUES ('b2');

INSERT INTO "retort_history" (id, revision, direction, checksum, applied_at, duration_ms, applied_by, status, operations_done, statements) SELECT COALESCE(MAX(id), 0) + 1, 'd4', 'downgrade', '2eb9d2f95bce5c9bb65c7d0389c04b93cca7cd820ef9c0fca71d6fac73179166', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), 0, 'golden', 'applied', 0, '' FROM "retort_history";

-- Running downgrade b2 -> a1

ALTER TABLE account DROP COLUMN note;

DELETE FROM "retort_version" WHERE "retort_version".version_num = 'b2';

INSERT INTO "retort_history" (id, revision, direction, checksum, applied_at, duration_ms, applied_by, status, operations_done, statements) SELECT COALESCE(MAX(id), 0) + 1, 'b2', 'downgrade', '38b9dc3ebbcee5a37e3aafc43315c3bc4745a82e10e09ef29588ac72de18b832', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), 0, 'golden', 'applied', 1, 'ALTER TABLE account DROP COLUMN note' FROM "retort_history";

-- Running downgrade c3 -> a1

COMMIT;

DROP INDEX CONCURRENTLY ix_account_name;

BEGIN;

DELETE FROM account WHERE id = 1;

UPDATE "retort_version" SET version_num='a1' WHERE "retort_version".version_num = 'c3';

INSERT INTO "retort_history" (id, revision, direction, checksum, applied_at, duration_ms, applied_by, status, operations_done, statements) SELECT COALESCE(MAX(id), 0) + 1, 'c3', 'downgrade', '7bd1d8d02e083106f9fec13dbb354620fbf3b0b27b46c8148f0a9d873c6ef093', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), 0, 'golden', 'applied', 2, 'DROP INDEX CONCURRENTLY ix_account_name;
DELETE FROM account WHERE id = 1' FROM "retort_history";

COMMIT;

-- retort downgrade a1:base --sql

BEGIN;

CREATE TABLE IF NOT EXISTS "retort_history" (id BIGINT NOT NULL, revision VARCHAR(32) NOT NULL, direction VARCHAR(16) NOT NULL, checksum VARCHAR(64), applied_at VARCHAR(32) NOT NULL, duration_ms BIGINT NOT NULL, applied_by VARCHAR(128), status VARCHAR(16) NOT NULL, operations_done INTEGER NOT NULL, statements TEXT, undo_log TEXT, CONSTRAINT "retort_history_pkc" PRIMARY KEY (id));

-- Running downgrade a1 -> 

DROP TABLE account;

DELETE FROM "retort_version" WHERE "retort_version".version_num = 'a1';

INSERT INTO "retort_history" (id, revision, direction, checksum, applied_at, duration_ms, applied_by, status, operations_done, statements) SELECT COALESCE(MAX(id), 0) + 1, 'a1', 'downgrade', '42d825bf20e6ab7e6fac830149b84340211b6abdd7abc11e62ca6c0e37352c9c', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), 0, 'golden', 'applied', 1, 'DROP TABLE account' FROM "retort_history";

DROP TABLE "retort_version";

COMMIT;

