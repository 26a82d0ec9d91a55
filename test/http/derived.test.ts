// Derived data follows one rule (store/derived.ts): made again when the data's generation moves,
// whichever connection or process changed the data. Here: a command-line import (its own connection)
// while the server runs.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startServer, type TestServer } from '../helpers/server';
import { runImport } from '../../src/import/runner';
import { usccCheckChar } from '../../src/domain/uscc';
import { encodeCsv, ENTITY_HEADER, writeFile } from '../import/fixtures';

let s: TestServer;
let admin: Client;
beforeAll(async () => {
  s = await startServer();
  admin = new Client(s.url);
  await admin.login();
});
afterAll(() => s.close());

describe('derived data after another connection’s writes', () => {
  it('the filter menus of the entity list and the task form show a region a CLI import brought', async () => {
    expect(await (await admin.get('/admin/entities')).text()).not.toContain('新港片区');
    expect(await (await admin.get('/admin/tasks/new')).text()).not.toContain('新港片区');
    const base = '91350100MA' + '7777777';
    const uscc = base + usccCheckChar(base);
    const file = writeFile(s.dir, 'cli.csv', encodeCsv([ENTITY_HEADER, [uscc, '临江新港物流有限公司', '有限责任公司', '物流', '新港片区', '', '', '存续', 'B', '', '']], 'utf8'));
    const r = await runImport({ dbFile: s.config.dbFile, kind: 'entities', departmentId: null, file, filename: path.basename(file), sha256: '', commit: true, actor: 'cli', now: new Date().toISOString() });
    expect(r.committed).toBe(true);
    expect(await (await admin.get('/admin/entities')).text()).toContain('<option value="新港片区"');
    expect(await (await admin.get('/admin/tasks/new')).text()).toContain('新港片区');
    expect(await (await admin.get('/admin/statistics')).text()).toContain('新港片区');
  });
});
