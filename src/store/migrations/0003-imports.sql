-- Import jobs: the uploaded file (kept until committed), its preview counts and its row errors.
CREATE TABLE import_jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('items', 'entities', 'inspectors')),
  department_id INTEGER REFERENCES departments(id),
  filename TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  stored_path TEXT NOT NULL,
  format TEXT NOT NULL,
  encoding TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('previewed', 'committed', 'refused', 'failed', 'cancelled')),
  rows_total INTEGER NOT NULL DEFAULT 0,
  new_count INTEGER NOT NULL DEFAULT 0,
  updated_count INTEGER NOT NULL DEFAULT 0,
  unchanged_count INTEGER NOT NULL DEFAULT 0,
  invalid_count INTEGER NOT NULL DEFAULT 0,
  message TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT
);

CREATE TABLE import_errors (
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL REFERENCES import_jobs(id),
  row_no INTEGER NOT NULL,
  column_label TEXT NOT NULL,
  value TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX import_errors_job ON import_errors(job_id, row_no);
