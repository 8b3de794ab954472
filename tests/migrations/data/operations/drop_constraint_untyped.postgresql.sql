ALTER TABLE account DROP CONSTRAINT ck_account_age;
