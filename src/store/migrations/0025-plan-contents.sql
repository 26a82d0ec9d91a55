-- An annual plan (年度抽查计划) as a plan: its items with their ratios and periods, its lead office and
-- joint departments, and its state on the way to publication (拟定 → 法制审核 → 批准 → 已公示). Plans
-- made before this step were listed in public already: they start as 已公示. A task may name the
-- plan it was made from.
ALTER TABLE plans ADD COLUMN status TEXT NOT NULL DEFAULT '已公示' CHECK (status IN ('拟定', '法制审核', '批准', '已公示'));
ALTER TABLE plans ADD COLUMN lead_office TEXT NOT NULL DEFAULT '';
-- JSON: department ids that take part with the plan's department ([] = the department alone)
ALTER TABLE plans ADD COLUMN joint_departments TEXT NOT NULL DEFAULT '[]';
ALTER TABLE plans ADD COLUMN updated_at TEXT;

CREATE TABLE plan_items (
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  item_id INTEGER NOT NULL REFERENCES items(id),
  -- the ratio the plan sets for the item, in words (e.g. 不低于10%); '' = as the item list states
  ratio TEXT NOT NULL DEFAULT '',
  -- when, in words (e.g. 每季度, 第二季度, 6月至9月)
  period TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (plan_id, item_id)
) WITHOUT ROWID;

ALTER TABLE tasks ADD COLUMN plan_id INTEGER REFERENCES plans(id);
