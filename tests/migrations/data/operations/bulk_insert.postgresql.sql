INSERT INTO account (id, name, path, active, score, blob) VALUES (1, 'O''Brien', 'C:\dir', TRUE, 1.5, '\x0001FF'::bytea);
INSERT INTO account (id, name, path, active, score, blob) VALUES (2, NULL, '', FALSE, -3, NULL);
INSERT INTO account (id, name) VALUES (3, '007');
