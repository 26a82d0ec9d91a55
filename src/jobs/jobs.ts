// The job table: name, cron (Asia/Shanghai), task. Tasks take their dependencies and are idempotent;
// a job logs and reports failure, never success after a failure. Off in tests (SSJ_JOBS=0).
import cron from 'node-cron';
import type { Logger } from 'pino';
import type { Db } from '../store/db';
import type { Clock } from '../clock';
import { backgroundSettled, tickInBackground } from '../services/background';
import { drawsDue, tick } from '../services/scheduler';

export interface JobDeps {
  db: Db;
  /** The database file, for work done on a worker thread with its own connection. */
  dbFile: string;
  clock: Clock;
  logger: Logger;
}

export interface Job {
  name: string;
  cron: string;
  run: (d: JobDeps) => void | Promise<void>;
}

export const JOBS: Job[] = [
  {
    name: 'scheduled-draws',
    cron: '* * * * *',
    // Commitments here (a few rows); a due draw on a worker thread, as long as a manual one, so the
    // server keeps answering. A minute with nothing due starts no thread.
    run: async ({ db, dbFile, clock, logger }) => {
      const now = clock.now();
      // The tick writes on the server's connection: not while a draw or an import holds the lock.
      await backgroundSettled();
      const r = tick(db, now, { draws: false });
      if (drawsDue(db, now)) {
        const drawn = await tickInBackground(dbFile, now);
        r.committed.push(...drawn.committed);
        r.drawn.push(...drawn.drawn);
        r.failed.push(...drawn.failed);
      }
      if (r.committed.length || r.drawn.length || r.failed.length) logger.info({ job: 'scheduled-draws', ...r }, 'scheduler tick');
      if (r.failed.length) logger.error({ job: 'scheduled-draws', failed: r.failed }, 'scheduled draw failed');
    },
  },
];

/** Runs every job once now (catching up on what was missed while stopped), then on its schedule. */
export function startJobs(d: JobDeps): { stop: () => void } {
  const tasks = JOBS.map((job) => {
    const safe = async () => {
      try {
        await job.run(d);
      } catch (err) {
        d.logger.error({ err, job: job.name }, 'job failed');
      }
    };
    void safe();
    return cron.schedule(job.cron, safe, { timezone: 'Asia/Shanghai', name: job.name, noOverlap: true });
  });
  return { stop: () => tasks.forEach((t) => void t.stop()) };
}
