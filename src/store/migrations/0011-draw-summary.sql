-- What the pages show of a draw, kept beside its bundle so that no page parses a bundle (45 MiB for
-- a million entities) to show its figures. Same shape as summarizeBundle() in src/domain/bundle.ts.
ALTER TABLE draws ADD COLUMN summary TEXT NOT NULL DEFAULT '{}';
UPDATE draws SET summary = json_object(
  'eligible', json_array_length(bundle, '$.inputs.entities'),
  'selected', json_array_length(bundle, '$.result.selected'),
  'pool', json_array_length(bundle, '$.inputs.inspectors'),
  'joint', json(CASE WHEN json_array_length(bundle, '$.inputs.team.groups') > 0 THEN 'true' ELSE 'false' END),
  'rules', json(json_extract(bundle, '$.inputs.strata')),
  'strata', json(json_extract(bundle, '$.result.strata')),
  'seed', json(json_extract(bundle, '$.seed')),
  'inputsHash', json_extract(bundle, '$.inputsHash')
);
