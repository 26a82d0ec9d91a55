// Joint work (联合抽查): a joint task of the market bureau with the science bureau is in the partner's
// task list and readable there (not changeable), and its public notice credits both departments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, newAccount, startServer, type TestServer } from '../helpers/server';
import { createTask, DEFAULT_CLASS_RULES } from '../../src/services/draws';
import { commitDrawV2 } from '../../src/services/draws-v2';

let s: TestServer;
const one = <T>(sql: string, ...p: unknown[]) => s.db.prepare(sql).get(...p) as T;
const dept = (code: string) => one<{ id: number }>('SELECT id FROM departments WHERE code = ?', code).id;
let taskId = 0;
let partner: Client;

beforeAll(async () => {
  s = await startServer();
  const admin = new Client(s.url);
  await admin.login();
  const market = dept('scjgj');
  const science = dept('kjj');
  const item = one<{ id: number }>("SELECT id FROM items WHERE code = 'SJ-001'").id;
  const t = createTask(s.db, {
    departmentId: market, number: '临江市市场监管局联合抽查〔2026〕1号', title: '企业公示信息与科技项目联合抽查', filters: {}, strataMode: 'class', strataRules: DEFAULT_CLASS_RULES,
    recentMonths: 12, teamSize: 2, jointDepartments: [market, science], maxLoad: null, homeRegionAvoidance: false, avoidLastInspector: false, createdBy: 'admin', itemIds: [item], now: '2026-11-23T02:00:00Z',
  });
  if (!t.ok) throw new Error(t.message);
  taskId = t.value;
  const c = commitDrawV2(s.db, taskId, { kind: 'witness', at: new Date('2026-11-25T02:00:00Z'), place: '市场监管局一楼大厅' }, { actor: 'admin', now: new Date('2026-11-23T02:00:00Z'), riskReason: '科技局检查人员另行调配' });
  if (!c.ok) throw new Error(c.message);
  partner = await newAccount(admin, { username: 'kj.joint', role: 'admin', departmentId: science });
});
afterAll(() => s.close());

describe('a joint task', () => {
  it("is in the partner department's task list and readable there, but not changeable", async () => {
    const list = await (await partner.get('/admin/tasks')).text();
    expect(list).toContain('临江市市场监管局联合抽查〔2026〕1号');
    expect((await partner.get(`/admin/tasks/${taskId}`)).status).toBe(200);
    const res = await partner.post(`/admin/tasks/${taskId}/withdraw`, { _csrf: await partner.csrf('/admin'), reason: '合作方想撤回' });
    expect(res.status).toBe(403);
    expect(one<{ status: string }>('SELECT status FROM tasks WHERE id = ?', taskId).status).toBe('已承诺');
  });

  it('credits both departments on the public notice and list', async () => {
    const pub = new Client(s.url);
    const notice = await (await pub.get(`/public/tasks/${taskId}`)).text();
    expect(notice).toContain('临江市市场监督管理局（牵头）；联合：临江市科学技术局');
    const list = await (await pub.get('/public/tasks')).text();
    expect(list).toContain('临江市市场监督管理局（牵头）、临江市科学技术局');
  });
});
