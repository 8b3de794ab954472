ALTER TABLE ticket ALTER COLUMN status TYPE ticket_status USING status::text::ticket_status;
ALTER TABLE ticket ALTER COLUMN level TYPE INTEGER USING level::text::INTEGER;
