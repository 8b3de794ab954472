INSERT INTO reading (id, value) VALUES (1, 'Infinity');
INSERT INTO reading (id, value) VALUES (2, '-Infinity');
INSERT INTO reading (id, value) VALUES (3, 'NaN');
