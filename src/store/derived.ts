// One rule for derived data (caches, menus, figures, rendered pages): a derived value belongs to the
// generation of the data it was made from, and is made again when the generation moves.
//
// The generation is the head of the audit log. Every change of the registers, tasks, draws, results,
// plans, accounts and calendar writes an audit entry in its own transaction (store/audit.ts), whichever
// connection or process makes it (the server, a CLI import, the scheduler in another process), so the
// head moves exactly when such data changes and is the same for every reader of one database state.
// Reading it is one indexed lookup.
//
// Kept outside this rule, each for a stated reason (docs/caches.md):
// - store/kept.ts: values of rows that never change once written (a draw's selections and teams);
// - store/name-index.ts: rebuilding on every edit would cost 0.6 s per edit of a million names, so it
//   notes the rows its own connection writes and rebuilds when another connection commits.
import type { Db } from './db';

/** The generation of the data: the id of the newest audit entry. */
export function generation(db: Db): number {
  return db.prepare<unknown[], { n: number }>('SELECT coalesce(max(id), 0) AS n FROM audit_events').get()!.n;
}

/**
 * Values of one generation, by key: asked in a newer generation, everything kept is dropped first.
 * At most `maxEntries` values are kept (the oldest go first).
 */
export class GenerationMemo<V> {
  private gen = -1;
  private readonly values = new Map<string, V>();

  constructor(private readonly maxEntries = 100) {}

  /** The value of `key` in generation `g` (generation(db) for the data as it is now). */
  get(g: number, key: string, make: () => V): V {
    if (g !== this.gen) {
      this.values.clear();
      this.gen = g;
    }
    let v = this.values.get(key);
    if (v === undefined) {
      if (this.values.size >= this.maxEntries) this.values.delete(this.values.keys().next().value!);
      v = make();
      this.values.set(key, v);
    }
    return v;
  }

  /** Drops every value (writes through this connection call it; the generation would tell too, later). */
  clear(): void {
    this.values.clear();
  }
}
