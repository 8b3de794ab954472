UPDATE account SET name = 'x' WHERE id = 1;
SELECT 'mysql';
