-- Unannounced inspections: a task's drawn list (and so its bundle) can be held back from the public
-- pages until its inspections end; the commitment is public in any case.
ALTER TABLE tasks ADD COLUMN hold_list INTEGER NOT NULL DEFAULT 0;
