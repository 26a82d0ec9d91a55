// The 10,000,000-row directory of the large ssj-draw/2 benchmark (data/bench/bench-10m.db), made once
// from the 1,000,000-row one the import benchmark leaves behind: each row copied nine more times with
// its administrative division digits changed (a new, valid USCC: its check character recomputed), so
// regions, classes and the rest keep the real generator's distribution. Building it takes minutes;
// it is kept and copied for each run, like bench.db.
import fs from 'node:fs';
import path from 'node:path';
import { openDb } from '../src/store/db';
import { usccCheckChar } from '../src/domain/uscc';
import { BENCH_DIR, copyDatabase } from './bench-setup';

export const LARGE_DB = path.join(BENCH_DIR, 'bench-10m.db');
const COPIES = 10;

/** The large directory's file, built first when missing; null without bench.db. */
export function largeBenchDb(log: (line: string) => void = () => {}): string | null {
  const src = path.join(BENCH_DIR, 'bench.db');
  if (fs.existsSync(LARGE_DB)) return LARGE_DB;
  if (!fs.existsSync(src)) return null;
  const tmp = LARGE_DB + '.building';
  copyDatabase(src, tmp);
  const db = openDb(tmp);
  const t0 = Date.now();
  // Division digits 3-4 (0-based 2-3) become "4k" for copy k: none of the originals (35xxxx) has them.
  db.function('bench_uscc', { deterministic: true }, (uscc: unknown, k: unknown) => {
    const s = String(uscc);
    const first = s.slice(0, 2) + '4' + String(k) + s.slice(4, 17);
    return first + usccCheckChar(first);
  });
  const cols = 'name, entity_type, industry, reg_authority, region, address, established, reg_state, credit_class, abnormal, key_supervision, legal_rep, legal_rep_phone, liaison, liaison_phone, last_inspected, active, version, created_at, updated_at, updated_by';
  const original = db.prepare<[], number>('SELECT max(id) FROM entities').pluck().get()!;
  for (let k = 1; k < COPIES; k++) {
    db.transaction(() => {
      db.prepare(`INSERT INTO entities (uscc, ${cols}) SELECT bench_uscc(uscc, ?), ${cols} FROM entities WHERE id <= ?`).run(k, original);
    })();
    log(`  building the 10M directory: copy ${k + 1}/${COPIES} after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  fs.renameSync(tmp, LARGE_DB);
  return LARGE_DB;
}

if (require.main === module) console.log(largeBenchDb(console.log) ?? 'no data/bench/bench.db');
