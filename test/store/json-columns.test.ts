// JSON columns leave the store parsed and checked: a corrupted column fails naming itself.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db';
import { setupDatabase } from '../../src/store/setup';
import { createDepartment } from '../../src/store/departments';
import { getTask, insertTask } from '../../src/store/tasks';
import { CorruptColumn, parseColumn } from '../../src/store/json-columns';
import { tempDir } from '../helpers/server';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('JSON columns', () => {
  it('come out of the store as checked values, and a corrupted one fails naming its table and column', () => {
    const db = openDb(path.join(dir, 'j.db'));
    setupDatabase(db);
    const dept = createDepartment(db, { code: 'd', name: '某局', shortName: '某局' });
    const id = insertTask(db, {
      departmentId: dept, number: 'J-1', title: 't', filters: { region: '江滨区' }, strataMode: 'class', strataRules: { A: { ratioBp: 300 }, B: { count: 5 } },
      recentMonths: 12, teamSize: 2, jointDepartments: [dept], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: true, createdBy: 'x', itemIds: [], now: 'n',
    });
    const t = getTask(db, id)!;
    expect(t.filters).toEqual({ region: '江滨区' });
    expect(t.strataRules).toEqual({ A: { ratioBp: 300 }, B: { count: 5 } });
    expect(t.jointDepartments).toEqual([dept]);
    db.prepare("UPDATE tasks SET strata_rules = '{\"A\":{\"ratioBp\":-3}}' WHERE id = ?").run(id);
    expect(() => getTask(db, id)).toThrow(CorruptColumn);
    expect(() => getTask(db, id)).toThrow(/tasks\.strata_rules/);
    db.prepare("UPDATE tasks SET strata_rules = 'not json' WHERE id = ?").run(id);
    expect(() => getTask(db, id)).toThrow(/tasks\.strata_rules does not hold JSON/);
    expect(parseColumn('draws.witnesses', '[{"name":"王伟","value":"4817"}]')).toEqual([{ name: '王伟', value: '4817' }]);
    expect(() => parseColumn('tasks.joint_departments', '["3501"]')).toThrow(CorruptColumn);
    db.close();
  });
});
