ERROR: alter_column_enum.yaml:6: alter_column ticket.status on sqlite copies the table, which needs the live schema: it cannot be rendered offline (--sql)
