-- Inspector accounts are linked to their record in the inspector directory; tasks get an inspection
-- deadline; results are recorded per selected entity and item and move
-- 待审核 → 审核退回 | 已通过 → 已公示 (no row = 未录入). An approved result changes only by a correction.
ALTER TABLE users ADD COLUMN inspector_id INTEGER REFERENCES inspectors(id);
CREATE UNIQUE INDEX users_inspector ON users(inspector_id) WHERE inspector_id IS NOT NULL;
ALTER TABLE tasks ADD COLUMN inspect_by TEXT NOT NULL DEFAULT '';

CREATE TABLE results (
  id INTEGER PRIMARY KEY,
  draw_id INTEGER NOT NULL REFERENCES draws(id),
  entity_id INTEGER NOT NULL REFERENCES entities(id),
  item_id INTEGER NOT NULL REFERENCES items(id),
  category TEXT NOT NULL,
  inspected_on TEXT NOT NULL,
  method TEXT NOT NULL,
  findings TEXT NOT NULL DEFAULT '',
  follow_up TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('待审核', '审核退回', '已通过', '已公示')),
  version INTEGER NOT NULL DEFAULT 1,
  recorded_by INTEGER NOT NULL REFERENCES users(id),
  recorded_at TEXT NOT NULL,
  reviewed_by TEXT,
  reviewed_at TEXT,
  review_note TEXT NOT NULL DEFAULT '',
  UNIQUE (draw_id, entity_id, item_id)
);
CREATE INDEX results_status ON results(status, id);

CREATE TABLE result_corrections (
  id INTEGER PRIMARY KEY,
  result_id INTEGER NOT NULL REFERENCES results(id),
  version INTEGER NOT NULL,
  reason TEXT NOT NULL,
  before_json TEXT NOT NULL,
  after_json TEXT NOT NULL,
  corrected_by TEXT NOT NULL,
  corrected_at TEXT NOT NULL
);
