-- Each audit entry filed under the department of its record, so that a department's staff read only
-- their own department's log. Not part of the entry's hash: the chain of existing entries is unchanged.
-- The code step fills the column for the entries written before it.
ALTER TABLE audit_events ADD COLUMN department_id INTEGER;
CREATE INDEX audit_events_department ON audit_events(department_id, id);
