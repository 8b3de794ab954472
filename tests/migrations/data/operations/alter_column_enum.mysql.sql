ALTER TABLE ticket MODIFY COLUMN status ENUM('open', 'closed');
ALTER TABLE ticket MODIFY COLUMN level INTEGER;
ALTER TABLE ticket MODIFY COLUMN mood ENUM('x', 'yes') DEFAULT 'x';
