// The per-connection cache of values that never change once written: one computation per key while
// kept, the least recently asked key dropped first, nothing shared between connections.
import { expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { keptPerConnection } from '../../src/store/kept';

it('computes a key once while kept, drops the least recently asked first, and keeps connections apart', () => {
  const a = new Database(':memory:');
  const b = new Database(':memory:');
  const made: string[] = [];
  const kept = keptPerConnection<number, string>(2);
  const get = (db: Database.Database, k: number) => kept(db, k, () => (made.push(`${db === a ? 'a' : 'b'}${k}`), `v${k}`));
  expect(get(a, 1)).toBe('v1');
  expect(get(a, 1)).toBe('v1');
  get(a, 2);
  get(a, 1); // 2 is now the least recently asked
  get(a, 3); // drops 2
  get(a, 1);
  get(a, 2);
  get(b, 1);
  expect(made).toEqual(['a1', 'a2', 'a3', 'a2', 'b1']);
  a.close();
  b.close();
});
