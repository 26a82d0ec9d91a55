// Long work off the server's thread: a draw (a million-entity draw takes seconds), an import and the
// scheduler's tick run on a worker thread with their own connection (background-worker.ts), so the server keeps
// answering requests the whole time. The answer comes back as a promise. SQLite serialises the
// writers (the draw holds the write lock in its transaction); readers carry on under WAL.
import { Worker } from 'node:worker_threads';
import { compiledWorker } from '../worker-file';
import type { Witness } from './draws';
import type { Result } from './draws';
import type { TickReport } from './scheduler';
import type { BeaconChoice, CommitOutcome, CommitPreview } from './draws-v2';
import type { ImportOptions, ImportOutcome } from '../import/runner';

export type BackgroundJob =
  | { kind: 'draw'; dbFile: string; taskId: number; witnesses: Witness[]; actor: string; now: string; holdMs?: number }
  | { kind: 'tick'; dbFile: string; now: string }
  | { kind: 'commit-v2'; dbFile: string; taskId: number; choice: SerialChoice; leadHours: number; actor: string; now: string; riskReason?: string }
  | { kind: 'reveal-v2'; dbFile: string; taskId: number; witnesses: Witness[]; actor: string; now: string }
  | { kind: 'preview-v2'; dbFile: string; taskId: number; drawAt: string }
  | { kind: 'import'; options: Omit<ImportOptions, 'onProgress'> };

export type BackgroundAnswer =
  | { kind: 'draw'; ok: true; drawId: number; selected: number }
  | { kind: 'draw'; ok: false; message: string }
  | { kind: 'tick'; report: TickReport }
  | { kind: 'commit-v2'; outcome: CommitOutcome }
  | { kind: 'preview-v2'; outcome: Result<CommitPreview> }
  | { kind: 'reveal-v2'; outcome: Result<{ kind: 'draw'; drawId: number; selected: number } | { kind: 'failure'; message: string }> }
  | { kind: 'import'; outcome: ImportOutcome }
  | { kind: 'error'; message: string };

// Background jobs of this process that hold, or may take, the write lock. A write on the server's
// connection while one runs would wait for the lock inside SQLite (busy_timeout), holding the thread
// and with it every other request; writers here wait for `settled()` instead, without blocking.
let running = 0;
let waiters: (() => void)[] = [];

/** Resolves when no background job of this process is running (at once when none is). */
export function backgroundSettled(): Promise<void> {
  return running === 0 ? Promise.resolve() : new Promise((ok) => waiters.push(ok));
}

function jobEnded(): void {
  if (--running > 0) return;
  const w = waiters;
  waiters = [];
  for (const ok of w) ok();
}

function runInWorker(job: BackgroundJob): Promise<BackgroundAnswer> {
  running++;
  return runOnWorker(job).finally(jobEnded);
}

function runOnWorker(job: BackgroundJob): Promise<BackgroundAnswer> {
  return new Promise((ok, fail) => {
    const w = new Worker(compiledWorker(__dirname, 'services/background-worker.js'), { workerData: job });
    let answered = false;
    w.once('message', (m: BackgroundAnswer) => {
      answered = true;
      if (m.kind === 'error') fail(new Error(`background ${job.kind} failed: ${m.message}`));
      else ok(m);
    });
    w.once('error', (e) => fail(e));
    w.once('exit', (code) => {
      if (!answered) fail(new Error(`background ${job.kind} ended without an answer (exit ${code})`));
    });
  });
}

/** drawTask on a worker thread: the same rules and transaction, the server free meanwhile. */
export async function drawInBackground(
  dbFile: string, taskId: number, witnesses: Witness[], actor: string, now: Date, opts: { holdMs?: number } = {},
): Promise<Result<{ drawId: number; selected: number }>> {
  const a = await runInWorker({ kind: 'draw', dbFile, taskId, witnesses, actor, now: now.toISOString(), holdMs: opts.holdMs });
  if (a.kind !== 'draw') throw new Error('unexpected answer');
  return a.ok ? { ok: true, value: { drawId: a.drawId, selected: a.selected } } : { ok: false, message: a.message };
}

/** A beacon choice as it crosses to a worker (its moment as text). */
export type SerialChoice = Omit<BeaconChoice, 'at'> & { at: string };

/** An ssj-draw/2 commitment on a worker thread (reading and freezing a large population takes seconds). */
export async function commitInBackground(
  dbFile: string, taskId: number, choice: BeaconChoice, o: { leadHours: number; actor: string; now: Date; riskReason?: string },
): Promise<CommitOutcome> {
  const a = await runInWorker({ kind: 'commit-v2', dbFile, taskId, choice: { ...choice, at: choice.at.toISOString() } as SerialChoice, leadHours: o.leadHours, actor: o.actor, now: o.now.toISOString(), riskReason: o.riskReason });
  if (a.kind !== 'commit-v2') throw new Error('unexpected answer');
  return a.outcome;
}

/** What a commitment would freeze, and its dry run, on a worker thread. */
export async function previewInBackground(dbFile: string, taskId: number, drawAt: Date): Promise<Result<CommitPreview>> {
  const a = await runInWorker({ kind: 'preview-v2', dbFile, taskId, drawAt: drawAt.toISOString() });
  if (a.kind !== 'preview-v2') throw new Error('unexpected answer');
  return a.outcome;
}

/** An ssj-draw/2 reveal on a worker thread. */
export async function revealInBackground(
  dbFile: string, taskId: number, witnesses: Witness[], actor: string, now: Date,
): Promise<Result<{ kind: 'draw'; drawId: number; selected: number } | { kind: 'failure'; message: string }>> {
  const a = await runInWorker({ kind: 'reveal-v2', dbFile, taskId, witnesses, actor, now: now.toISOString() });
  if (a.kind !== 'reveal-v2') throw new Error('unexpected answer');
  return a.outcome;
}

/** The scheduler's tick on a worker thread (a scheduled draw is as long as a manual one). */
export async function tickInBackground(dbFile: string, now: Date): Promise<TickReport> {
  const a = await runInWorker({ kind: 'tick', dbFile, now: now.toISOString() });
  if (a.kind !== 'tick') throw new Error('unexpected answer');
  return a.report;
}

/** runImport on a worker thread: its reads, checks, writes, index builds and commit, the server free meanwhile. */
export async function importInBackground(options: Omit<ImportOptions, 'onProgress'>): Promise<ImportOutcome> {
  const a = await runInWorker({ kind: 'import', options });
  if (a.kind !== 'import') throw new Error('unexpected answer');
  return a.outcome;
}
