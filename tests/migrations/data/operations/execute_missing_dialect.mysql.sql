ERROR: execute_missing_dialect.yaml:5: execute has no SQL for mysql
