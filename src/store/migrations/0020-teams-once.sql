-- Teams stored once. A team was kept twice: as JSON in draw_selections.inspector_ids (pick order) and
-- as one row per member in assignments (migration 0016, the index by inspector). Now only assignments
-- holds it, each member with its place in the team (slot 0 = first picked = 组长 in a later step), and
-- draw_selections is rebuilt without the JSON column by SQLite's table-rebuild procedure
-- (lang_altertable.html, "Making Other Kinds Of Table Schema Changes"; the runner turns foreign keys
-- off and checks them before the migration commits).
CREATE TABLE draw_selections_new (
  draw_id INTEGER NOT NULL REFERENCES draws(id),
  entity_id INTEGER NOT NULL REFERENCES entities(id),
  position INTEGER NOT NULL,
  stratum TEXT NOT NULL,
  ticket TEXT NOT NULL,
  PRIMARY KEY (draw_id, entity_id)
) WITHOUT ROWID;

CREATE TABLE assignments_new (
  draw_id INTEGER NOT NULL,
  entity_id INTEGER NOT NULL,
  -- the member's place in the team's pick order (0-based)
  slot INTEGER NOT NULL CHECK (slot >= 0),
  -- no foreign key to inspectors: inspectors are never deleted, and the check cost a twentieth of a
  -- million-entity draw's store phase; the key to the selection stays (a team belongs to a selection)
  inspector_id INTEGER NOT NULL,
  PRIMARY KEY (draw_id, entity_id, slot),
  FOREIGN KEY (draw_id, entity_id) REFERENCES draw_selections(draw_id, entity_id)
) WITHOUT ROWID;

INSERT INTO draw_selections_new (draw_id, entity_id, position, stratum, ticket)
  SELECT draw_id, entity_id, position, stratum, ticket FROM draw_selections ORDER BY draw_id, entity_id;
INSERT INTO assignments_new (draw_id, entity_id, slot, inspector_id)
  SELECT ds.draw_id, ds.entity_id, j.key, j.value FROM draw_selections ds, json_each(ds.inspector_ids) j ORDER BY 1, 2, 3;

DROP TABLE assignments;
DROP TABLE draw_selections;
ALTER TABLE draw_selections_new RENAME TO draw_selections;
ALTER TABLE assignments_new RENAME TO assignments;
CREATE INDEX draw_selections_entity ON draw_selections(entity_id);
-- an inspector's assignments (the portal) without reading every team
CREATE INDEX assignments_inspector ON assignments(inspector_id, draw_id, entity_id);
