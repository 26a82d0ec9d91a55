// Child process of the benchmark: imports one file into a fresh database and reports time and peak RSS.
import fs from 'node:fs';
import { openDb } from '../src/store/db';
import { setupDatabase } from '../src/store/setup';
import { runImport } from '../src/import/runner';
import { phaseTimer } from '../src/phases';

async function main(): Promise<void> {
  const [file, dbFile, mode] = process.argv.slice(2) as [string, string, string | undefined];
  // 'again': into the directory a first run filled (every row matched, compared, unchanged).
  if (mode !== 'again') {
    for (const x of ['', '-wal', '-shm']) fs.rmSync(dbFile + x, { force: true });
    const db = openDb(dbFile);
    setupDatabase(db);
    db.close();
  }
  const t0 = process.hrtime.bigint();
  const timer = phaseTimer();
  const r = await runImport({ dbFile, kind: 'entities', departmentId: null, file, filename: 'bench.csv', sha256: '', commit: true, actor: 'bench', now: '2026-11-23T00:00:00Z', timer });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (!r.committed) throw new Error('bench import not committed: ' + r.message);
  console.log(JSON.stringify({ secs, rows: r.rowsTotal, unchanged: r.unchangedCount, maxRssMb: process.resourceUsage().maxRSS / 1024, phases: timer.phases }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
