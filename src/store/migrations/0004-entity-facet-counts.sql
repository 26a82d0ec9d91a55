-- Counts of entities per combination of the list filters, kept exact by triggers, so that the list
-- shows an exact total for any filter combination without counting rows of a million-row table.
CREATE TABLE entity_facet_counts (
  region TEXT NOT NULL,
  industry TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  credit_class TEXT NOT NULL,
  reg_state TEXT NOT NULL,
  active INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (region, industry, entity_type, credit_class, reg_state, active)
) WITHOUT ROWID;

INSERT INTO entity_facet_counts
  SELECT region, industry, entity_type, credit_class, reg_state, active, count(*) FROM entities
  GROUP BY region, industry, entity_type, credit_class, reg_state, active;

CREATE TRIGGER entities_facet_insert AFTER INSERT ON entities BEGIN
  INSERT INTO entity_facet_counts VALUES (NEW.region, NEW.industry, NEW.entity_type, NEW.credit_class, NEW.reg_state, NEW.active, 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER entities_facet_update AFTER UPDATE OF region, industry, entity_type, credit_class, reg_state, active ON entities
WHEN OLD.region IS NOT NEW.region OR OLD.industry IS NOT NEW.industry OR OLD.entity_type IS NOT NEW.entity_type
  OR OLD.credit_class IS NOT NEW.credit_class OR OLD.reg_state IS NOT NEW.reg_state OR OLD.active IS NOT NEW.active
BEGIN
  UPDATE entity_facet_counts SET n = n - 1 WHERE region = OLD.region AND industry = OLD.industry
    AND entity_type = OLD.entity_type AND credit_class = OLD.credit_class AND reg_state = OLD.reg_state AND active = OLD.active;
  INSERT INTO entity_facet_counts VALUES (NEW.region, NEW.industry, NEW.entity_type, NEW.credit_class, NEW.reg_state, NEW.active, 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER entities_facet_delete AFTER DELETE ON entities BEGIN
  UPDATE entity_facet_counts SET n = n - 1 WHERE region = OLD.region AND industry = OLD.industry
    AND entity_type = OLD.entity_type AND credit_class = OLD.credit_class AND reg_state = OLD.reg_state AND active = OLD.active;
END;
