-- 检查要点: an item's checklist (one point per line), imported with the item list; a result keeps the
-- inspector's answer to each point (JSON [{ point, answer: 符合|不符合|不涉及, note }]). The items'
-- history trigger is recreated to keep the checklist's old versions too.
ALTER TABLE items ADD COLUMN checkpoints TEXT NOT NULL DEFAULT '';
ALTER TABLE results ADD COLUMN answers TEXT NOT NULL DEFAULT '[]';

DROP TRIGGER items_history;
CREATE TRIGGER items_history AFTER UPDATE ON items WHEN OLD.version <> NEW.version BEGIN
  INSERT INTO record_history (kind, record_id, version, valid_until, changed_by, data)
  VALUES ('items', OLD.id, OLD.version, NEW.updated_at, NEW.updated_by, json_object(
    'code', OLD.code, 'category', OLD.category, 'name', OLD.name, 'subItem', OLD.sub_item, 'target', OLD.target,
    'itemType', OLD.item_type, 'methods', OLD.methods, 'agency', OLD.agency, 'basis', OLD.basis, 'ratio', OLD.ratio,
    'frequency', OLD.frequency, 'disclosure', OLD.disclosure, 'inspectorReq', OLD.inspector_req,
    'specialty', OLD.specialty, 'initiator', OLD.initiator, 'partners', OLD.partners, 'level', OLD.level,
    'checkpoints', OLD.checkpoints, 'active', OLD.active));
END;
