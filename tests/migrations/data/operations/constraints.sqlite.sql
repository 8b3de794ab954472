ERROR: constraints.yaml:5: create_unique_constraint uq_account_email on account on sqlite copies the table, which needs the live schema: it cannot be rendered offline (--sql); run it online
