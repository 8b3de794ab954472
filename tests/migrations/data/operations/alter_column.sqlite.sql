ERROR: alter_column.yaml:5: alter_column account.balance on sqlite copies the table, which needs the live schema: it cannot be rendered offline (--sql)
