CREATE INDEX CONCURRENTLY ix_account_name ON account (name);
DROP INDEX CONCURRENTLY ix_account_name;
