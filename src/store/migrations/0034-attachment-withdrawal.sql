-- An attachment uploaded by mistake is withdrawn, never deleted: its bytes stay (the audit chain names
-- its SHA-256, the case file carries it), marked with who withdrew it, when and why.
ALTER TABLE attachments ADD COLUMN withdrawn_at TEXT;
ALTER TABLE attachments ADD COLUMN withdrawn_by TEXT;
ALTER TABLE attachments ADD COLUMN withdrawn_reason TEXT NOT NULL DEFAULT '';
