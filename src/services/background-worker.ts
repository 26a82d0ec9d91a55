// A worker thread's side of long work (services/background.ts): opens its own connection to the
// database file, runs one use case there, posts a small answer and ends. The server's thread keeps
// answering requests meanwhile; the work is the same synchronous transaction it would be there.
import { parentPort, workerData } from 'node:worker_threads';
import { openDb, inTransaction } from '../store/db';
import { drawTask } from './draws';
import { tick } from './scheduler';
import { commitDrawV2, previewCommitment, revealDraw, type BeaconChoice } from './draws-v2';
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
    if (job.kind === 'commit-v2') {
      const choice = { ...job.choice, at: new Date(job.choice.at) } as BeaconChoice;
      return { kind: 'commit-v2', outcome: commitDrawV2(db, job.taskId, choice, { leadHours: job.leadHours, actor: job.actor, now: new Date(job.now), riskReason: job.riskReason }) };
    }
    if (job.kind === 'preview-v2') return { kind: 'preview-v2', outcome: previewCommitment(db, job.taskId, new Date(job.drawAt)) };
    if (job.kind === 'reveal-v2') {
      const r = revealDraw(db, job.taskId, job.witnesses, job.actor, new Date(job.now));
      const outcome = !r.ok ? r
        : r.value.kind === 'draw' ? { ok: true as const, value: { kind: 'draw' as const, drawId: r.value.drawId, selected: r.value.record.result.selected.length } }
        : { ok: true as const, value: { kind: 'failure' as const, message: r.value.record.error.message } };
      return { kind: 'reveal-v2', outcome };
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
