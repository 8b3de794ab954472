ERROR: enums.yaml:5: create_enum mood is PostgreSQL only (sqlite declares enum values with the column: use alter_column)
