ALTER TABLE account RENAME TO user;
ALTER TABLE user COMMENT = 'who''s who';
ALTER TABLE user COMMENT = '';
DROP TABLE user;
