-- Evidence of an inspection (photos, documents, audio) attached to an assignment's item, kept in the
-- database with its SHA-256 (recorded in the audit chain when attached, so a later change shows).
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  draw_id INTEGER NOT NULL REFERENCES draws(id),
  entity_id INTEGER NOT NULL REFERENCES entities(id),
  item_id INTEGER NOT NULL REFERENCES items(id),
  filename TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  bytes BLOB NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at TEXT NOT NULL
);
CREATE INDEX attachments_of ON attachments (draw_id, entity_id, item_id);
