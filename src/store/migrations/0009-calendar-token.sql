-- A private calendar feed per inspector: the URL carries a random token; regenerating it revokes the old URL.
ALTER TABLE users ADD COLUMN calendar_token TEXT;
CREATE UNIQUE INDEX users_calendar_token ON users(calendar_token) WHERE calendar_token IS NOT NULL;
