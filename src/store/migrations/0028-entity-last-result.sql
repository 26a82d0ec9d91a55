-- What a published result tells of its entity: the latest published inspection's result category
-- (last_inspected already holds its date). The next draw's "inspected within N months" rule reads the
-- date; staff see both on the entity's page.
ALTER TABLE entities ADD COLUMN last_result TEXT NOT NULL DEFAULT '';
