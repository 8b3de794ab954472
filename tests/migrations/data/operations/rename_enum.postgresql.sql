ALTER TYPE mood RENAME TO feeling;
ALTER TYPE app."Old Mood" RENAME TO "New Mood";
