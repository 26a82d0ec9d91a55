-- 后续处置 followed to the end (domain/follow-up.ts): one follow-up per result, with its state, the
-- deadline of an order to put things right, to whom it was referred, the case number, the day it
-- ended; and every step taken (order, re-inspection, referral, case), in order.
CREATE TABLE follow_ups (
  result_id INTEGER PRIMARY KEY REFERENCES results(id),
  state TEXT NOT NULL CHECK (state IN ('责令整改', '已整改', '移送', '立案')),
  deadline TEXT NOT NULL DEFAULT '',
  referred_to TEXT NOT NULL DEFAULT '',
  case_no TEXT NOT NULL DEFAULT '',
  ended_on TEXT NOT NULL DEFAULT '',
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX follow_ups_open ON follow_ups (state, deadline);

CREATE TABLE follow_up_steps (
  id INTEGER PRIMARY KEY,
  result_id INTEGER NOT NULL REFERENCES results(id),
  kind TEXT NOT NULL CHECK (kind IN ('order', 'recheck', 'refer', 'open-case')),
  -- the step's China date (the order's day, the re-inspection's day, ...)
  on_date TEXT NOT NULL,
  -- JSON: what the step says (deadline, findings and whether fixed, to whom, case number, note)
  detail TEXT NOT NULL,
  by_user TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX follow_up_steps_result ON follow_up_steps (result_id, id);
