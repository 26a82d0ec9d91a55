-- The item list and the two directories. Rows are never deleted (active = 0 instead);
-- every update bumps version and a trigger keeps the row as it was in record_history.
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  department_id INTEGER NOT NULL REFERENCES departments(id),
  code TEXT NOT NULL,
  category TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  sub_item TEXT NOT NULL DEFAULT '',
  target TEXT NOT NULL DEFAULT '',
  item_type TEXT NOT NULL,
  methods TEXT NOT NULL DEFAULT '',
  agency TEXT NOT NULL DEFAULT '',
  basis TEXT NOT NULL DEFAULT '',
  ratio TEXT NOT NULL DEFAULT '',
  frequency TEXT NOT NULL DEFAULT '',
  disclosure TEXT NOT NULL DEFAULT '',
  inspector_req TEXT NOT NULL DEFAULT '',
  specialty TEXT NOT NULL DEFAULT '',
  initiator TEXT NOT NULL DEFAULT '',
  partners TEXT NOT NULL DEFAULT '',
  level TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  UNIQUE (department_id, code)
);

CREATE TABLE entities (
  id INTEGER PRIMARY KEY,
  uscc TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  entity_type TEXT NOT NULL DEFAULT '',
  industry TEXT NOT NULL DEFAULT '',
  reg_authority TEXT NOT NULL DEFAULT '',
  region TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  established TEXT NOT NULL DEFAULT '',
  reg_state TEXT NOT NULL,
  credit_class TEXT NOT NULL DEFAULT '',
  abnormal TEXT NOT NULL DEFAULT '',
  key_supervision TEXT NOT NULL DEFAULT '',
  legal_rep TEXT NOT NULL DEFAULT '',
  legal_rep_phone TEXT NOT NULL DEFAULT '',
  liaison TEXT NOT NULL DEFAULT '',
  liaison_phone TEXT NOT NULL DEFAULT '',
  last_inspected TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
-- Filters of the list page; id last so that keyset paging stays on the index.
CREATE INDEX entities_region ON entities(region, id);
CREATE INDEX entities_industry ON entities(industry, id);
CREATE INDEX entities_type ON entities(entity_type, id);
CREATE INDEX entities_class ON entities(credit_class, id);
CREATE INDEX entities_state ON entities(reg_state, id);

CREATE TABLE inspectors (
  id INTEGER PRIMARY KEY,
  department_id INTEGER NOT NULL REFERENCES departments(id),
  cert_no TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  cert_expiry TEXT NOT NULL,
  cert_issuer TEXT NOT NULL DEFAULT '',
  region TEXT NOT NULL DEFAULT '',
  specialties TEXT NOT NULL DEFAULT '',
  is_expert TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT '',
  id_number TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE INDEX inspectors_department ON inspectors(department_id, id);

CREATE TABLE record_history (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  valid_until TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX record_history_record ON record_history(kind, record_id, version);

CREATE TRIGGER items_history AFTER UPDATE ON items WHEN OLD.version <> NEW.version BEGIN
  INSERT INTO record_history (kind, record_id, version, valid_until, changed_by, data)
  VALUES ('items', OLD.id, OLD.version, NEW.updated_at, NEW.updated_by, json_object(
    'code', OLD.code, 'category', OLD.category, 'name', OLD.name, 'subItem', OLD.sub_item, 'target', OLD.target,
    'itemType', OLD.item_type, 'methods', OLD.methods, 'agency', OLD.agency, 'basis', OLD.basis, 'ratio', OLD.ratio,
    'frequency', OLD.frequency, 'disclosure', OLD.disclosure, 'inspectorReq', OLD.inspector_req,
    'specialty', OLD.specialty, 'initiator', OLD.initiator, 'partners', OLD.partners, 'level', OLD.level,
    'active', OLD.active));
END;

CREATE TRIGGER entities_history AFTER UPDATE ON entities WHEN OLD.version <> NEW.version BEGIN
  INSERT INTO record_history (kind, record_id, version, valid_until, changed_by, data)
  VALUES ('entities', OLD.id, OLD.version, NEW.updated_at, NEW.updated_by, json_object(
    'uscc', OLD.uscc, 'name', OLD.name, 'entityType', OLD.entity_type, 'industry', OLD.industry,
    'regAuthority', OLD.reg_authority, 'region', OLD.region, 'address', OLD.address, 'established', OLD.established,
    'regState', OLD.reg_state, 'creditClass', OLD.credit_class, 'abnormal', OLD.abnormal,
    'keySupervision', OLD.key_supervision, 'legalRep', OLD.legal_rep, 'legalRepPhone', OLD.legal_rep_phone,
    'liaison', OLD.liaison, 'liaisonPhone', OLD.liaison_phone, 'lastInspected', OLD.last_inspected,
    'active', OLD.active));
END;

CREATE TRIGGER inspectors_history AFTER UPDATE ON inspectors WHEN OLD.version <> NEW.version BEGIN
  INSERT INTO record_history (kind, record_id, version, valid_until, changed_by, data)
  VALUES ('inspectors', OLD.id, OLD.version, NEW.updated_at, NEW.updated_by, json_object(
    'certNo', OLD.cert_no, 'name', OLD.name, 'unit', OLD.unit, 'certExpiry', OLD.cert_expiry,
    'certIssuer', OLD.cert_issuer, 'region', OLD.region, 'specialties', OLD.specialties, 'isExpert', OLD.is_expert,
    'status', OLD.status, 'idNumber', OLD.id_number, 'phone', OLD.phone, 'departmentId', OLD.department_id,
    'active', OLD.active));
END;
