-- A task can be cancelled before its commitment (已取消), with its reason, time and account: rebuilt by
-- SQLite's table-rebuild procedure (as 0019) for the status CHECK; its records stay.
CREATE TABLE tasks_new (
  id INTEGER PRIMARY KEY,
  department_id INTEGER NOT NULL REFERENCES departments(id),
  number TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  -- JSON: { region, industry, entityType, creditClass, regState } equality filters; {} = 不定向
  filters TEXT NOT NULL DEFAULT '{}',
  -- by class, region × class, region alone, or one stratum (domain/strata.ts)
  strata_mode TEXT NOT NULL DEFAULT 'class' CHECK (strata_mode IN ('class', 'region-class', 'region', 'all')),
  -- JSON: [{ key, count } | { key, ratioBp }]
  strata_rules TEXT NOT NULL,
  recent_months INTEGER NOT NULL DEFAULT 12,
  team_size INTEGER NOT NULL DEFAULT 2 CHECK (team_size >= 2),
  -- JSON: department ids that each supply one member per team (joint task); [] = the task's department only
  joint_departments TEXT NOT NULL DEFAULT '[]',
  max_load INTEGER,
  home_region_avoidance INTEGER NOT NULL DEFAULT 0,
  avoid_last_inspector INTEGER NOT NULL DEFAULT 1,
  -- domain/task-lifecycle.ts
  status TEXT NOT NULL DEFAULT '计划' CHECK (status IN ('计划', '已承诺', '已抽取', '已取消')),
  -- the inspections' deadline (YYYY-MM-DD), '' = 30 days after the draw
  inspect_by TEXT NOT NULL DEFAULT '',
  -- 1: the drawn list is published when the inspections end (unannounced inspections)
  hold_list INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  cancel_reason TEXT NOT NULL DEFAULT '',
  cancelled_at TEXT,
  cancelled_by TEXT
);

INSERT INTO tasks_new (id, department_id, number, title, filters, strata_mode, strata_rules, recent_months, team_size, joint_departments,
  max_load, home_region_avoidance, avoid_last_inspector, status, inspect_by, hold_list, created_by, created_at, updated_at)
SELECT id, department_id, number, title, filters, strata_mode, strata_rules, recent_months, team_size, joint_departments,
  max_load, home_region_avoidance, avoid_last_inspector, status, inspect_by, hold_list, created_by, created_at, updated_at
FROM tasks;

DROP TABLE tasks;
ALTER TABLE tasks_new RENAME TO tasks;
