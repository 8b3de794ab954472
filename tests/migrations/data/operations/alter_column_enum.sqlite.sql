ERROR: alter_column_enum.yaml:7: alter_column ticket.status on sqlite copies the table, which needs the live schema: it cannot be rendered offline (--sql)
