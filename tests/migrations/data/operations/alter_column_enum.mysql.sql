ALTER TABLE ticket MODIFY COLUMN status ENUM('open', 'closed');
ALTER TABLE ticket MODIFY COLUMN level INTEGER;
