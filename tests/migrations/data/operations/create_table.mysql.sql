CREATE TABLE account (
  id INTEGER NOT NULL AUTO_INCREMENT,
  org_id INTEGER NOT NULL,
  email VARCHAR(120) NOT NULL COMMENT 'login',
  balance DECIMAL(12,2) DEFAULT 0,
  PRIMARY KEY (id),
  CONSTRAINT fk_account_org FOREIGN KEY (org_id) REFERENCES org (id) ON DELETE CASCADE,
  CONSTRAINT ck_account_balance CHECK (balance >= 0)
) COMMENT='people who log in';
CREATE UNIQUE INDEX ix_account_email ON account (email);
