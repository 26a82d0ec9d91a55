// What the web layer needs from the composition root.
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Clock } from '../clock';
import type { Db } from '../store/db';
import type { DirectoryStore } from '../store/directory-store';
import type { DirectoryKind } from '../domain/directories';
import type { Render } from './views';

export interface AppDeps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
  stores: Record<DirectoryKind, DirectoryStore>;
  render: Render;
}
