// Values derived from data that never changes once written (a draw's selections, its teams), kept per
// connection for the last few keys asked for.
import type { Db } from './db';

/** A cache of the `max` keys last asked for, per connection; `make` computes a value not kept. */
export function keptPerConnection<K, V>(max: number): (db: Db, key: K, make: () => V) => V {
  const all = new WeakMap<Db, Map<K, V>>();
  return (db, key, make) => {
    let kept = all.get(db);
    if (!kept) all.set(db, (kept = new Map()));
    let v = kept.get(key);
    if (v !== undefined) kept.delete(key);
    else {
      v = make();
      if (kept.size >= max) kept.delete(kept.keys().next().value!);
    }
    kept.set(key, v);
    return v;
  };
}
