// The web layer's dependencies, put together from an open database: the services bound to it, the
// registers' stores, the templates. Used by the composition root, the static export, the benchmarks
// and the tests' server, so that each builds the same app.
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Clock } from './clock';
import type { Db } from './store/db';
import { directoryStores } from './store/directory-store';
import { createServices } from './services';
import { createViews } from './web/views';
import type { AppDeps } from './web/deps';

export function appDeps(db: Db, config: Config, clock: Clock, logger: Logger): AppDeps {
  return { config, clock, logger, services: createServices(db, config.dbFile, directoryStores(db), clock), render: createViews() };
}
