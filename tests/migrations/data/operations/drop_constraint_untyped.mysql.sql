ERROR: drop_constraint_untyped.yaml:5: drop_constraint ck_account_age on account on mysql needs type_ (foreignkey, unique, check or primary)
