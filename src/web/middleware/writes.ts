// Requests that may write (every method but GET, HEAD and OPTIONS) wait while a draw, an import or a
// scheduled draw of this process runs on its worker thread: the wait is a promise, so the server goes
// on answering everyone else, where a write on its connection would have waited for SQLite's write
// lock inside the call and held the thread (and every other request) for as long.
import type { RequestHandler } from 'express';
import { HttpError } from '../errors';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function waitForBackgroundWrites(settled: () => Promise<void>, limitMs = 30_000): RequestHandler {
  return async (req, _res, next) => {
    if (READS.has(req.method)) return next();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((ok) => (timer = setTimeout(() => ok('late'), limitMs)));
    const r = await Promise.race([settled().then(() => 'settled' as const), late]);
    clearTimeout(timer);
    if (r === 'late') throw new HttpError(503, '系统正在抽取或导入，请稍后重试');
    next();
  };
}
