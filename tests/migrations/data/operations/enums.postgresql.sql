CREATE TYPE mood AS ENUM ('sad', 'it''s ok', 'happy');
ALTER TYPE mood ADD VALUE 'angry' BEFORE 'sad';
ALTER TYPE mood ADD VALUE 'calm';
DROP TYPE mood;
