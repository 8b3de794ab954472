ALTER TABLE account RENAME TO "user";
COMMENT ON TABLE "user" IS 'who''s who';
COMMENT ON TABLE "user" IS NULL;
DROP TABLE "user";
