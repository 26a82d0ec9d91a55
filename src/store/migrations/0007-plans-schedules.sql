-- Annual plans (年度抽查计划), recurring schedules, and their occurrences. An occurrence's key is
-- unique, so no two processes can create or draw the same occurrence twice.
CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  department_id INTEGER NOT NULL REFERENCES departments(id),
  year INTEGER NOT NULL,
  title TEXT NOT NULL,
  notes TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE schedules (
  id INTEGER PRIMARY KEY,
  department_id INTEGER NOT NULL REFERENCES departments(id),
  plan_id INTEGER REFERENCES plans(id),
  name TEXT NOT NULL,
  cron TEXT NOT NULL,
  -- JSON: the task each occurrence creates (title, items, filters, strata, team rules ...)
  template TEXT NOT NULL,
  commit_ahead_hours INTEGER NOT NULL DEFAULT 24,
  active INTEGER NOT NULL DEFAULT 1,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE occurrences (
  id INTEGER PRIMARY KEY,
  schedule_id INTEGER NOT NULL REFERENCES schedules(id),
  key TEXT NOT NULL UNIQUE,
  due_at TEXT NOT NULL,
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  status TEXT NOT NULL CHECK (status IN ('committed', 'drawn', 'failed')),
  committed_at TEXT NOT NULL,
  drawn_at TEXT,
  draw_id INTEGER REFERENCES draws(id),
  late INTEGER NOT NULL DEFAULT 0,
  message TEXT NOT NULL DEFAULT ''
);
CREATE INDEX occurrences_due ON occurrences(status, due_at);
CREATE INDEX occurrences_schedule ON occurrences(schedule_id, due_at);
