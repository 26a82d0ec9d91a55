// What the web layer needs from the composition root. Routes use `services` (no route holds a
// connection); `db` serves the app's own plumbing only: the session store and the signed-in account.
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Clock } from '../clock';
import type { Db } from '../store/db';
import type { Services } from '../services';
import type { Render } from './views';

export interface AppDeps {
  db: Db;
  services: Services;
  config: Config;
  clock: Clock;
  logger: Logger;
  render: Render;
}
