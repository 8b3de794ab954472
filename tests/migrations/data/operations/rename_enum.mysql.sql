ERROR: rename_enum.yaml:6: rename_enum mood -> feeling is PostgreSQL only (mysql declares enum values with the column: use alter_column)
