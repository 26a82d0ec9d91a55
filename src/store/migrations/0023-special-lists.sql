-- 专项名录: lists of entities a department keeps beside the directory (高新技术企业, 科技型中小企业,
-- 孵化器/众创空间, ...), each member an entity of the directory with its certificate or entry number
-- and the span it is valid for; and the targets of an item (检查对象范围): entity types, industries,
-- special lists. An item without targets limits nothing.
CREATE TABLE special_lists (
  id INTEGER PRIMARY KEY,
  department_id INTEGER NOT NULL REFERENCES departments(id),
  name TEXT NOT NULL,
  -- one of the presets of domain/special-lists.ts, or 'custom'
  kind TEXT NOT NULL,
  notes TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- when its members were last replaced by an import
  imported_at TEXT,
  UNIQUE (department_id, name)
);

CREATE TABLE special_list_members (
  list_id INTEGER NOT NULL REFERENCES special_lists(id),
  entity_id INTEGER NOT NULL REFERENCES entities(id),
  cert_no TEXT NOT NULL DEFAULT '',
  -- China dates (YYYY-MM-DD) or '' when the list does not say
  issued TEXT NOT NULL DEFAULT '',
  valid_until TEXT NOT NULL DEFAULT '',
  -- a year's entry (科技型中小企业 入库年度): valid in that calendar year; '' otherwise
  year TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (list_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX special_list_members_entity ON special_list_members (entity_id, list_id);

CREATE TABLE item_scopes (
  item_id INTEGER PRIMARY KEY REFERENCES items(id),
  -- JSON arrays; empty: no limit by that criterion
  entity_types TEXT NOT NULL DEFAULT '[]',
  industries TEXT NOT NULL DEFAULT '[]',
  list_ids TEXT NOT NULL DEFAULT '[]',
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
