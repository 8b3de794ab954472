ERROR: rename_enum.yaml:6: rename_enum mood -> feeling is PostgreSQL only (sqlite declares enum values with the column: use alter_column)
