-- Whether a task's public notice names each drawn entity's team (检查组名单): off by default; an
-- unannounced inspection (hold_list) shows it, like the list itself, only once the inspections end.
ALTER TABLE tasks ADD COLUMN publish_teams INTEGER NOT NULL DEFAULT 0;
