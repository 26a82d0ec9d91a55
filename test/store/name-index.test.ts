// Name search from memory (name-index.ts) must answer exactly as the scan it replaces: the same rows,
// pages and counts for any term, filter and cursor, after writes through the store (noted) and after
// writes by another connection (rebuilt), and it must step aside where it cannot answer.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/store/db';
import { migrate } from '../../src/store/migrate';
import { DirectoryStore, type ListFilter } from '../../src/store/directory-store';
import { generateEntities } from '../../scripts/demo-data';
import { tempDir } from '../helpers/server';

let dir = '';
let db: Db;
let idx: DirectoryStore;
let scan: DirectoryStore;
const W = { now: '2026-11-25T00:00:00Z', actor: 'test' };

beforeAll(() => {
  dir = tempDir();
  db = openDb(path.join(dir, 'names.db'));
  migrate(db);
  idx = new DirectoryStore(db, 'entities', 0);
  scan = new DirectoryStore(db, 'entities', Number.POSITIVE_INFINITY);
  const odd = ['ABC科技有限公司', 'abc贸易有限公司', 'AbC食品店', '100%纯净水厂', 'a_b商行', '百分百%_店', 'Ünïcode有限公司'];
  let i = 0;
  for (const r of generateEntities(2000, 'name-index')) {
    if (i < odd.length) r.name = odd[i]!;
    i++;
    idx.insert(r, W);
  }
  db.prepare("UPDATE entities SET active = 0 WHERE id % 17 = 0").run();
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const TERMS = ['科技', '宏远', '有限公司', 'abc', 'ABC', 'b', '%', '_', '%_', '100%', 'a_b', 'ünï', 'Ünï', '江', '不存在的名字', '临江宏远科技有限公司'];
const FILTERS: ListFilter[] = [{}, { eq: { region: '江滨区' } }, { eq: { creditClass: 'D', regState: '存续' } }, { active: 'all' }, { active: 'inactive' }];

/** Every page forward (7 rows each), then every page back from the last, as ids and cursors. */
function walk(store: DirectoryStore, f: ListFilter): unknown[] {
  const out: unknown[] = [];
  let page = store.list(f, {}, 12);
  out.push(page);
  let guard = 0;
  while (page.next !== null && guard++ < 2000) out.push((page = store.list(f, { after: page.next }, 12)));
  while (page.prev !== null && guard++ < 4000) out.push((page = store.list(f, { before: page.prev }, 12)));
  return out.map((p) => {
    const x = p as ReturnType<DirectoryStore['list']>;
    return { ids: x.rows.map((r) => r.id), next: x.next, prev: x.prev };
  });
}

function expectSame(): void {
  for (const q of TERMS) {
    for (const base of FILTERS) {
      const f = { ...base, q };
      const label = JSON.stringify(f);
      expect(idx.count(f, 100000), label).toEqual(scan.count(f, 100000));
      expect(idx.count(f, 10), label).toEqual(scan.count(f, 10));
      expect(walk(idx, f), label).toEqual(walk(scan, f));
    }
  }
}

describe('name search from memory', () => {
  it('finds what LIKE finds: the same pages both ways, the same counts, ASCII case folded, % and _ literal', () => {
    expectSame();
    // ASCII case folded: the three spellings seeded all match (other tests may add more), and % and _ are literal.
    const abc = idx.list({ q: 'abc' }, {}, 100).rows.map((r) => String(r.name));
    for (const n of ['ABC科技有限公司', 'abc贸易有限公司', 'AbC食品店']) expect(abc).toContain(n);
    expect(idx.list({ q: '%_' }, {}, 100).rows.map((r) => String(r.name))).toEqual(['百分百%_店']);
    expect(idx.count({ q: '科技' }, 100000).count).toBeGreaterThan(50);
  });

  it('sees renames and new rows written through any store on the connection', () => {
    const [a, b] = idx.list({}, {}, 2).rows;
    const other = new DirectoryStore(db, 'entities', 0);
    expect(other.update(a!.id, a!.version as number, { ...(a as unknown as Record<string, string>), name: '新名字测试科技有限公司' }, W)).toBe(true);
    expect(idx.update(b!.id, b!.version as number, { ...(b as unknown as Record<string, string>), name: 'ABC改名商行' }, W)).toBe(true);
    const fresh = [...generateEntities(1, 'name-index-new')][0]!;
    idx.insert({ ...fresh, name: '新增宏远科技有限公司' }, W);
    expect(idx.count({ q: '新名字' }, 100).count).toBe(1);
    expect(idx.count({ q: '新增宏远' }, 100).count).toBe(1);
    expect(idx.list({ q: 'abc改名' }, {}, 5).rows.map((r) => r.id)).toEqual([b!.id]);
    expectSame();
  });

  it('sees a rename rolled back as it is', () => {
    const [a] = idx.list({}, {}, 1).rows;
    const before = a!.name as string;
    expect(() =>
      db.transaction(() => {
        idx.update(a!.id, a!.version as number, { ...(a as unknown as Record<string, string>), name: '回滚前的名字' }, W);
        expect(idx.count({ q: '回滚前' }, 10).count).toBe(1);
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(idx.count({ q: '回滚前' }, 10).count).toBe(0);
    expect(idx.list({ q: before }, {}, 50).rows.map((r) => r.id)).toContain(a!.id);
    expectSame();
  });

  it('keeps nothing of a transaction that rolled back, when its first search came inside it', () => {
    // A connection of its own, so that its name index is not built yet (found in a shuffled run).
    const conn = openDb(path.join(dir, 'names.db'));
    try {
      const store = new DirectoryStore(conn, 'entities', 0);
      const [a] = store.list({}, {}, 1).rows;
      expect(() =>
        conn.transaction(() => {
          store.update(a!.id, a!.version as number, { ...(a as unknown as Record<string, string>), name: '首次查询在事务中' }, W);
          expect(store.count({ q: '首次查询' }, 10).count).toBe(1);
          throw new Error('rolled back');
        })(),
      ).toThrow('rolled back');
      expect(store.count({ q: '首次查询' }, 10).count).toBe(0);
      expect(store.list({ q: String(a!.name) }, {}, 50).rows.map((r) => r.id)).toContain(a!.id);
    } finally {
      conn.close();
    }
  });

  it('reads the names again after another connection wrote (an import)', () => {
    const other = openDb(path.join(dir, 'names.db'));
    const id = (other.prepare('SELECT max(id) AS m FROM entities').get() as { m: number }).m;
    other.prepare("UPDATE entities SET name = '另一连接改的科技名' WHERE id = ?").run(id - 5);
    other.close();
    expect(idx.list({ q: '另一连接' }, {}, 5).rows.map((r) => r.id)).toEqual([id - 5]);
    expectSame();
  });

  it('steps aside for a name holding a line break, and still answers', () => {
    const other = openDb(path.join(dir, 'names.db'));
    other.prepare("UPDATE entities SET name = '换行\n科技' WHERE id = 10").run();
    other.close();
    expect(idx.list({ q: '换行' }, {}, 5).rows.map((r) => r.id)).toEqual([10]);
    expectSame();
  });
});
