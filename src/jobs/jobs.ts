// The job table: name, cron (Asia/Shanghai), task. Tasks take their dependencies and are idempotent;
// a job logs and reports failure, never success after a failure. Off in tests (SSJ_JOBS=0).
import cron from 'node-cron';
import type { Logger } from 'pino';
import type { Db } from '../store/db';
import type { Clock } from '../clock';
import { tick } from '../services/scheduler';

export interface JobDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
}

export interface Job {
  name: string;
  cron: string;
  run: (d: JobDeps) => void;
}

export const JOBS: Job[] = [
  {
    name: 'scheduled-draws',
    cron: '* * * * *',
    run: ({ db, clock, logger }) => {
      const r = tick(db, clock.now());
      if (r.committed.length || r.drawn.length || r.failed.length) logger.info({ job: 'scheduled-draws', ...r }, 'scheduler tick');
      if (r.failed.length) logger.error({ job: 'scheduled-draws', failed: r.failed }, 'scheduled draw failed');
    },
  },
];

/** Runs every job once now (catching up on what was missed while stopped), then on its schedule. */
export function startJobs(d: JobDeps): { stop: () => void } {
  const tasks = JOBS.map((job) => {
    const safe = () => {
      try {
        job.run(d);
      } catch (err) {
        d.logger.error({ err, job: job.name }, 'job failed');
      }
    };
    safe();
    return cron.schedule(job.cron, safe, { timezone: 'Asia/Shanghai', name: job.name, noOverlap: true });
  });
  return { stop: () => tasks.forEach((t) => void t.stop()) };
}
