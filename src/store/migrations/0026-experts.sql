-- Experts beside the inspectors (ssj-draw/2 §4a): a task asks for expert slots per team, of a field
-- where it names one; the expert pool is the inspector directory's experts (是否专家 = 是, 在岗, of
-- the task's departments). A team's experts are kept in assignments after its inspectors (slots from
-- the team size on), marked expert: they never count as inspectors.
ALTER TABLE tasks ADD COLUMN expert_slots INTEGER NOT NULL DEFAULT 0 CHECK (expert_slots >= 0);
ALTER TABLE tasks ADD COLUMN expert_field TEXT NOT NULL DEFAULT '';
ALTER TABLE assignments ADD COLUMN expert INTEGER NOT NULL DEFAULT 0;
