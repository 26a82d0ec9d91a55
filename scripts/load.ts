// Load for the benchmarks: autocannon in a child process (the server under test runs in the
// benchmark's own process, so the load must not share its thread). Loopback only, bounded in time.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../src/root';

export interface LoadStats {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
  non2xx: number;
}

/**
 * Starts 50 connections against `url` for at most `maxSeconds`; stop() ends them and resolves with
 * the figures. With randomQuery, every request adds a query string of its own (?r=…).
 */
export function startLoad(url: string, opts: { maxSeconds: number; connections?: number; randomQuery?: boolean }): { stop: () => Promise<LoadStats> } {
  const u = new URL(url);
  const suffix = opts.randomQuery ? `(u.search ? '&' : '?') + 'r=' + Math.random().toString(36).slice(2)` : `''`;
  const runner = `const a = require(${JSON.stringify(path.join(projectRoot(), 'node_modules', 'autocannon'))});
    const u = new URL(${JSON.stringify(url)});
    const inst = a({ url: u.origin, connections: ${opts.connections ?? 50}, duration: ${opts.maxSeconds},
      requests: [{ setupRequest: (r) => ({ ...r, path: u.pathname + u.search + ${suffix} }) }] },
      (err, res) => { if (err) { console.error(err); process.exit(1); } process.stdout.write(JSON.stringify(res)); });
    process.on('SIGTERM', () => inst.stop());`;
  const child = spawn(process.execPath, ['-e', runner], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<LoadStats>((ok, fail) =>
    child.on('exit', () => {
      try {
        const j = JSON.parse(out) as { requests: { average: number; total: number }; latency: { p50: number; p99: number; max: number }; errors: number; non2xx: number };
        ok({ rps: j.requests.average, p50: j.latency.p50, p99: j.latency.p99, max: j.latency.max, requests: j.requests.total, errors: j.errors, non2xx: j.non2xx });
      } catch (e) {
        fail(new Error(`load against ${u.href} gave no figures: ${(e as Error).message}`));
      }
    }),
  );
  return {
    stop: () => {
      child.kill('SIGTERM');
      return done;
    },
  };
}

/** A fixed-length load: `seconds` of 50 connections. */
export async function hammer(url: string, seconds: number, randomQuery = false): Promise<LoadStats> {
  const l = startLoad(url, { maxSeconds: seconds, randomQuery });
  await new Promise((ok) => setTimeout(ok, seconds * 1000 + 500));
  return l.stop();
}
