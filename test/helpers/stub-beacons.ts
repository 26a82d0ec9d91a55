// Stands in for the drand relay in tests of the scheduler's mechanics (exactly once, catch-up, two
// processes, worker threads): gives every due drand commitment a value. Real rounds exist only for the
// recorded past, so these values carry no valid signature and their draws do not verify; the beacon's
// check, and scheduled draws on real recorded rounds through a relay, are tested apart
// (test/services/draws-v2.test.ts, test/services/scheduler.test.ts).
import type { Db } from '../../src/store/db';
import { H } from '../../src/domain/hash';

export function stubBeacons(db: Db, nowIso: string): number {
  const open = db
    .prepare("SELECT id, json_extract(beacon, '$.round') AS round FROM commitments WHERE protocol = 'ssj-draw/2' AND outcome IS NULL AND beacon_value IS NULL AND beacon_at <= ?")
    .all(nowIso) as { id: number; round: number }[];
  for (const c of open) db.prepare('UPDATE commitments SET beacon_value = ? WHERE id = ?').run(JSON.stringify({ value: H(`stub round ${c.round}`), signature: '00' }), c.id);
  return open.length;
}
