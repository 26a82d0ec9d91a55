// The job table: name, cron (Asia/Shanghai), task. Tasks take their dependencies and are idempotent;
// a job logs and reports failure, never success after a failure. Off in tests (SSJ_JOBS=0).
import cron from 'node-cron';
import type { Logger } from 'pino';
import type { Db } from '../store/db';
import type { Clock } from '../clock';
import { backgroundSettled, tickInBackground } from '../services/background';
import { SCHEDULER_ACTOR, workDue } from '../services/scheduler';
import { fetchDueBeacons } from '../services/beacons';

export interface JobDeps {
  db: Db;
  /** The database file, for work done on a worker thread with its own connection. */
  dbFile: string;
  clock: Clock;
  logger: Logger;
  /** The drand relay due rounds are fetched from ('' for none: staff paste them). */
  drandRelay: string;
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
    // Due drand rounds fetched here (network I/O, awaited); commitments (which freeze a population)
    // and draws on a worker thread, so the server keeps answering. A minute with nothing due starts
    // no thread.
    run: async ({ db, dbFile, clock, logger, drandRelay }) => {
      const now = clock.now();
      // The writes here go through the server's connection: not while a draw or an import holds the lock.
      await backgroundSettled();
      if (drandRelay) {
        const b = await fetchDueBeacons(db, drandRelay, SCHEDULER_ACTOR, now);
        if (b.fetched.length) logger.info({ job: 'scheduled-draws', fetched: b.fetched }, 'drand rounds fetched');
        if (b.waiting.length) logger.info({ job: 'scheduled-draws', waiting: b.waiting }, '等待随机信标');
      }
      if (!workDue(db, now)) return;
      const r = await tickInBackground(dbFile, now);
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
