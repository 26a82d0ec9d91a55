// Sends a stored bundle as a download, piece by piece as the client takes them (a million-entity
// bundle is 45 MiB: never one string, never all queued in memory for a slow client).
import type { Response } from 'express';
import type { Services } from '../services';
import { NotFound } from './errors';

export async function sendBundle(res: Response, services: Services, drawId: number): Promise<void> {
  const length = services.bundleByteLength(drawId);
  if (length === null) throw new NotFound('没有这个抽取结果');
  res.setHeader('Content-Disposition', `attachment; filename="draw-${drawId}.json"`);
  res.type('application/json');
  res.setHeader('Content-Length', String(length));
  for (const piece of services.bundlePieces(drawId)) {
    if (res.destroyed) return;
    if (!res.write(piece)) await drained(res);
  }
  res.end();
}

/** Resolves when the response can take more, or is gone. */
function drained(res: Response): Promise<void> {
  return new Promise((ok) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      ok();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
