-- A draw's bundle in a table of its own. In `draws` it sat before the columns that pages and queries
-- read (bundle_hash, drawn_at, void_reason, summary ...), and SQLite reaches a column stored after a
-- long value only by walking that value's overflow pages: 48 MB for a draw of a million entities, for
-- every row read. A draw's "drawn recently" test reads drawn_at and void_reason once per selection of
-- the earlier draws, so after two such draws a third took minutes instead of seconds.
CREATE TABLE draw_bundles (
  draw_id INTEGER PRIMARY KEY REFERENCES draws(id),
  bundle TEXT NOT NULL
);
INSERT INTO draw_bundles (draw_id, bundle) SELECT id, bundle FROM draws;
ALTER TABLE draws DROP COLUMN bundle;
