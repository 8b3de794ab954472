INSERT INTO account (id, name, path, active, score, blob) VALUES (1, 'O''Brien', 'C:\dir', 1, 1.5, X'0001FF');
INSERT INTO account (id, name, path, active, score, blob) VALUES (2, NULL, '', 0, -3, NULL);
INSERT INTO account (id, name) VALUES (3, '007');
