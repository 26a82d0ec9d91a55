// A worker thread's side of long work (services/background.ts): opens its own connection to the
// database file, runs one use case there, posts a small answer and ends. The server's thread keeps
// answering requests meanwhile; the work is the same synchronous transaction it would be there.
import { parentPort, workerData } from 'node:worker_threads';
import { openDb, inTransaction } from '../store/db';
import { drawTask } from './draws';
import { tick } from './scheduler';
import { runImport } from '../import/runner';
import type { BackgroundJob, BackgroundAnswer } from './background';

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

async function run(job: BackgroundJob): Promise<BackgroundAnswer> {
  // An import opens its own connection (import/runner.ts).
  if (job.kind === 'import') return { kind: 'import', outcome: await runImport(job.options) };
  const db = openDb(job.dbFile);
  try {
    if (job.kind === 'draw') {
      const now = new Date(job.now);
      // The pause (tests only) holds the draw's transaction open, as a long draw would.
      const r = inTransaction(db, () => {
        const d = drawTask(db, job.taskId, job.witnesses, job.actor, now);
        if (job.holdMs) sleep(job.holdMs);
        return d;
      });
      return r.ok ? { kind: 'draw', ok: true, drawId: r.value.drawId, selected: r.value.bundle.result.selected.length } : { kind: 'draw', ok: false, message: r.message };
    }
    return { kind: 'tick', report: tick(db, new Date(job.now)) };
  } finally {
    db.close();
  }
}

if (parentPort) {
  const port = parentPort;
  run(workerData as BackgroundJob).then(
    (answer) => port.postMessage(answer),
    (e: unknown) => port.postMessage({ kind: 'error', message: (e as Error).stack ?? String(e) } satisfies BackgroundAnswer),
  );
}
