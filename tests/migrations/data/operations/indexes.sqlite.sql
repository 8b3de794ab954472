CREATE UNIQUE INDEX ix_account_org_email ON account (org_id, email);
CREATE INDEX ix_account_lower_email ON account ((lower(email)));
DROP INDEX ix_account_old;
