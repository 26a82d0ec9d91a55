-- The official calendar staff keep (法定节假日 and 调休 working weekends), by day. Rows from the
-- chinese-days package are written at start for years not yet present (source 'package'); staff add,
-- change and remove days for the years the package does not know yet (source 'staff').
CREATE TABLE calendar_days (
  day TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL CHECK (source IN ('package', 'staff')),
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;
