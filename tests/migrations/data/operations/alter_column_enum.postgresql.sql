ALTER TABLE ticket ALTER COLUMN status TYPE ticket_status USING status::text::ticket_status;
ALTER TABLE ticket ALTER COLUMN level TYPE INTEGER USING level::text::INTEGER;
ALTER TABLE ticket ALTER COLUMN mood DROP DEFAULT;
ALTER TABLE ticket ALTER COLUMN mood TYPE new_mood USING mood::text::new_mood;
ALTER TABLE ticket ALTER COLUMN mood SET DEFAULT 'x';
