ALTER TABLE account ADD CONSTRAINT uq_account_email UNIQUE (email);
ALTER TABLE account ADD CONSTRAINT ck_account_age CHECK (age >= 0);
ALTER TABLE account ADD CONSTRAINT fk_account_org FOREIGN KEY (org_id) REFERENCES org (id) ON DELETE SET NULL;
ALTER TABLE account ADD CONSTRAINT pk_account PRIMARY KEY (id);
ALTER TABLE account DROP CONSTRAINT uq_account_email;
ALTER TABLE account DROP CONSTRAINT ck_account_age;
ALTER TABLE account DROP CONSTRAINT fk_account_org;
ALTER TABLE account DROP CONSTRAINT pk_account;
