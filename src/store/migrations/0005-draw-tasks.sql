-- Inspection tasks (抽查任务), their commitments and draws. A task moves
-- 计划 → 已承诺 → 已抽取 (frozen); a draw is never deleted, only voided with a reason.
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  department_id INTEGER NOT NULL REFERENCES departments(id),
  number TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  -- JSON: { region, industry, entityType, creditClass, regState } equality filters; {} = 不定向
  filters TEXT NOT NULL DEFAULT '{}',
  -- 'class' or 'region-class'
  strata_mode TEXT NOT NULL DEFAULT 'class' CHECK (strata_mode IN ('class', 'region-class')),
  -- JSON: [{ key, count } | { key, ratioBp }], or a default per class (stratum 'A'..'D', 'U' unclassified)
  strata_rules TEXT NOT NULL,
  recent_months INTEGER NOT NULL DEFAULT 12,
  team_size INTEGER NOT NULL DEFAULT 2 CHECK (team_size >= 2),
  -- JSON: department ids that each supply one member per team (joint task); [] = the task's department only
  joint_departments TEXT NOT NULL DEFAULT '[]',
  max_load INTEGER,
  home_region_avoidance INTEGER NOT NULL DEFAULT 0,
  avoid_last_inspector INTEGER NOT NULL DEFAULT 1,
  status TEXT NOT NULL DEFAULT '计划' CHECK (status IN ('计划', '已承诺', '已抽取')),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE task_items (
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  item_id INTEGER NOT NULL REFERENCES items(id),
  PRIMARY KEY (task_id, item_id)
) WITHOUT ROWID;

-- Entities kept out of one task by hand, with the reason (counted by reason on the draw page).
CREATE TABLE task_exclusions (
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  entity_id INTEGER NOT NULL REFERENCES entities(id),
  reason TEXT NOT NULL,
  PRIMARY KEY (task_id, entity_id)
) WITHOUT ROWID;

-- 回避: an inspector may not inspect an entity; the reason is private.
CREATE TABLE recusals (
  inspector_id INTEGER NOT NULL REFERENCES inspectors(id),
  entity_id INTEGER NOT NULL REFERENCES entities(id),
  reason TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (inspector_id, entity_id)
) WITHOUT ROWID;

-- The secret stays here, unpublished, until the draw reveals it in the bundle.
CREATE TABLE commitments (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  secret TEXT NOT NULL,
  commitment TEXT NOT NULL UNIQUE,
  committed_at TEXT NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX commitments_task ON commitments(task_id);

CREATE TABLE draws (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  commitment_id INTEGER NOT NULL UNIQUE REFERENCES commitments(id),
  department_id INTEGER NOT NULL REFERENCES departments(id),
  witnesses TEXT NOT NULL DEFAULT '[]',
  excluded_counts TEXT NOT NULL,
  bundle TEXT NOT NULL,
  bundle_hash TEXT NOT NULL,
  drawn_at TEXT NOT NULL,
  drawn_by TEXT NOT NULL,
  void_reason TEXT,
  voided_at TEXT,
  voided_by TEXT
);
CREATE INDEX draws_task ON draws(task_id);
CREATE INDEX draws_department ON draws(department_id, id);

-- The pairings of a draw, queryable (recent inspections, last inspector, the inspectors' portal).
CREATE TABLE draw_selections (
  draw_id INTEGER NOT NULL REFERENCES draws(id),
  entity_id INTEGER NOT NULL REFERENCES entities(id),
  position INTEGER NOT NULL,
  stratum TEXT NOT NULL,
  ticket TEXT NOT NULL,
  inspector_ids TEXT NOT NULL,
  PRIMARY KEY (draw_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX draw_selections_entity ON draw_selections(entity_id);
