// `npm run publish -- --out DIR [--base-url URL]`: writes the public site as static files.
import { appDeps } from '../compose';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { systemClock } from '../clock';
import { openDb } from '../store/db';
import { setupDatabase } from '../store/setup';
import { createLogger } from '../logger';
import { exportSite } from './export';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'base-url': { type: 'string' } } });
  if (!values.out) {
    console.error('usage: npm run publish -- --out DIR [--base-url https://www.example.gov.cn/sjsj/]');
    process.exit(2);
  }
  const config = { ...loadConfig(), jobs: false };
  const db = openDb(config.dbFile);
  setupDatabase(db);
  const r = await exportSite(appDeps(db, config, systemClock, createLogger('silent')), values.out, values['base-url'] ?? 'http://localhost/');
  db.close();
  console.log(`public site written to ${values.out}: ${r.pages} pages, ${r.files} files (upload the folder as it is)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
