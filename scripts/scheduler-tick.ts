// One scheduler pass in its own process: `node dist/scripts/scheduler-tick.js DB_FILE NOW_ISO [--pause-in-draw]`.
// Used by the tests that run two processes at once, and that kill a process in the middle of a draw
// (--pause-in-draw: says PAUSED, then blocks inside the draw's transaction until killed).
import { openDb } from '../src/store/db';
import { setupDatabase } from '../src/store/setup';
import { tick } from '../src/services/scheduler';

const [dbFile, nowIso] = process.argv.slice(2) as [string, string];
const db = openDb(dbFile, { busyTimeoutMs: 30000 });
setupDatabase(db);
const pause = process.argv.includes('--pause-in-draw');
const report = tick(db, new Date(nowIso), {
  hooks: pause
    ? {
        afterDrawStored: () => {
          process.stdout.write('PAUSED\n');
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
        },
      }
    : {},
});
db.close();
console.log(JSON.stringify(report));
