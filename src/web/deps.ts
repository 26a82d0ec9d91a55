// What the web layer needs from the composition root: the services (no part of the web layer holds
// a connection or imports the store), settings, the clock, the logger and the templates.
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Clock } from '../clock';
import type { Services } from '../services';
import type { Render } from './views';

export interface AppDeps {
  services: Services;
  config: Config;
  clock: Clock;
  logger: Logger;
  render: Render;
}
