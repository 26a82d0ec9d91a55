-- ssj-draw/2: each department's public register, a chain of records (commitment, draw, failure,
-- withdrawal) each naming the hash of the one before it. The ssj-draw/1 draws made before it stand
-- first, each as its bundle (`previous` = the bundle hash of the department's draw before it, as v1
-- chained them, voided ones included).
CREATE TABLE register_records (
  id INTEGER PRIMARY KEY,
  department_id INTEGER NOT NULL REFERENCES departments(id),
  kind TEXT NOT NULL CHECK (kind IN ('commitment', 'draw', 'failure', 'withdrawal')),
  protocol TEXT NOT NULL CHECK (protocol IN ('ssj-draw/1', 'ssj-draw/2')),
  task_id INTEGER REFERENCES tasks(id),
  -- the record's own time as it is written in it (committedAt, drawnAt, withdrawnAt)
  at TEXT NOT NULL,
  -- H(JCS(record)); for a draw, of its bundle
  hash TEXT NOT NULL UNIQUE,
  previous TEXT NOT NULL,
  -- the record's canonical JSON (commitments, failures, withdrawals); a draw's is its bundle (draw_id)
  body TEXT,
  draw_id INTEGER UNIQUE REFERENCES draws(id),
  commitment_id INTEGER REFERENCES commitments(id),
  CHECK ((kind = 'draw') = (draw_id IS NOT NULL)),
  CHECK ((kind = 'draw') = (body IS NULL))
);
-- a chain, not a tree: no two records of a department name the same predecessor
CREATE UNIQUE INDEX register_link ON register_records(department_id, previous);
CREATE INDEX register_task ON register_records(task_id);
INSERT INTO register_records (department_id, kind, protocol, task_id, at, hash, previous, draw_id, commitment_id)
  SELECT department_id, 'draw', 'ssj-draw/1', task_id, drawn_at, bundle_hash,
         coalesce(lag(bundle_hash) OVER (PARTITION BY department_id ORDER BY id), ''), id, commitment_id
  FROM draws ORDER BY id;

-- A commitment of ssj-draw/2 names its beacon and is settled by exactly one outcome.
ALTER TABLE commitments ADD COLUMN protocol TEXT NOT NULL DEFAULT 'ssj-draw/1';
-- JSON of the beacon as named (drand round, lottery issue, witness meeting)
ALTER TABLE commitments ADD COLUMN beacon TEXT;
-- the beacon's time and the reveal deadline, as instants (ISO, UTC) for queries
ALTER TABLE commitments ADD COLUMN beacon_at TEXT;
ALTER TABLE commitments ADD COLUMN reveal_by TEXT;
-- JSON of the beacon's value once known and checked (a drand round's randomness and signature; a lottery's numbers)
ALTER TABLE commitments ADD COLUMN beacon_value TEXT;
-- NULL while open; then 'draw', 'failure' or 'withdrawal'
ALTER TABLE commitments ADD COLUMN outcome TEXT CHECK (outcome IN ('draw', 'failure', 'withdrawal'));
-- the record's hash in the register
ALTER TABLE commitments ADD COLUMN record_hash TEXT;
-- JSON: what the frozen inputs left out, by reason (shown with the draw as draws.excluded_counts is)
ALTER TABLE commitments ADD COLUMN excluded_counts TEXT;
-- at most one open ssj-draw/2 commitment per task
CREATE UNIQUE INDEX commitments_open_v2 ON commitments(task_id) WHERE protocol = 'ssj-draw/2' AND outcome IS NULL;

-- The inputs frozen at commitment, as their canonical JSON in pieces, until the outcome takes them
-- over (a draw's bundle or a failure record carries them; one copy at any time).
CREATE TABLE frozen_inputs (
  commitment_id INTEGER NOT NULL REFERENCES commitments(id),
  seq INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY (commitment_id, seq)
) WITHOUT ROWID;
