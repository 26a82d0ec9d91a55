-- Who inspects what, by inspector: one row per inspector per selection, derived from
-- draw_selections.inspector_ids when a draw is stored (selections never change afterwards).
-- An inspector's page searched the teams of every selection ever made with json_each: 0.25-0.38 s
-- for six million-entity draws (270,000 selections), growing with every monthly draw; this table
-- answers it from the inspector's own rows.
CREATE TABLE assignments (
  inspector_id INTEGER NOT NULL,
  draw_id INTEGER NOT NULL,
  entity_id INTEGER NOT NULL,
  PRIMARY KEY (inspector_id, draw_id, entity_id)
) WITHOUT ROWID;
INSERT INTO assignments (inspector_id, draw_id, entity_id)
  SELECT j.value, ds.draw_id, ds.entity_id FROM draw_selections ds, json_each(ds.inspector_ids) j ORDER BY 1, 2, 3;
