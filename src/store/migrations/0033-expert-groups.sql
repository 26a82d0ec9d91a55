-- Expert slots of a task's teams tied to a field (ssj-draw/2 §4a team.expertGroups): one slot per
-- listed field, filled before the open expert slots. A JSON array of fields; [] for none.
ALTER TABLE tasks ADD COLUMN expert_groups TEXT NOT NULL DEFAULT '[]';
