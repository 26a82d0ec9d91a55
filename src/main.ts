// Composition root: config → open db → migrate → first-start setup → createApp → listen.
import { loadConfig } from './config';
import { systemClock } from './clock';
import { openDb } from './store/db';
import { schemaVersion } from './store/migrate';
import { setupDatabase } from './store/setup';
import { createLogger } from './logger';
import { appDeps } from './compose';
import { createApp } from './web/app';
import { bootstrap } from './services/bootstrap';
import { startJobs } from './jobs/jobs';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = openDb(config.dbFile);
  const { applied, sealed } = setupDatabase(db);
  logger.info({ dbFile: config.dbFile, schemaVersion: schemaVersion(db), applied, auditEntriesChained: sealed }, 'database ready');
  const report = await bootstrap(db, config, systemClock);
  if (report.demoLoaded) logger.info('demo departments loaded (临江市科学技术局, 临江市市场监督管理局)');
  const app = createApp(appDeps(db, config, systemClock, logger));
  const jobs = config.jobs ? startJobs({ db, dbFile: config.dbFile, clock: systemClock, logger, drandRelay: config.drandRelay }) : null;
  const server = app.listen(config.port, config.host, () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/`;
    console.log(`\nshuangsuiji 双随机 is running at ${url}`);
    if (report.generatedPassword) {
      console.log(`First start: staff account "admin" created with password  ${report.generatedPassword}`);
      console.log('(shown only this once; set SSJ_ADMIN_PASSWORD before the first start to choose it yourself)\n');
    }
  });
  const stop = () => {
    jobs?.stop();
    server.close(() => (db.close(), process.exit(0)));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
