ERROR: drop_constraint_untyped.yaml:5: drop_constraint ck_account_age on account on sqlite copies the table, which needs the live schema: it cannot be rendered offline (--sql); run it online
