-- Hash chain over the audit log: each entry's hash covers its content and the previous entry's hash,
-- so an edited, deleted or reordered entry breaks the chain at that point (npm run audit:verify).
ALTER TABLE audit_events ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_events ADD COLUMN hash TEXT;
CREATE INDEX audit_events_actor ON audit_events(actor, id);
CREATE INDEX audit_events_action ON audit_events(action, id);
