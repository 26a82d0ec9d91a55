// A local drand relay for tests (no network): serves recorded real quicknet rounds as a relay does
// (GET /{chain}/public/{round}), and a forged one. Sources of the rounds: test/golden/v2.test.ts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { QUICKNET } from '../../src/domain/drand';

const sha = (hex: string) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');

export const RECORDED_ROUNDS: Record<number, string> = {
  2: 'b6b6a585449b66eb12e875b64fcbab3799861a00e4dbf092d99e969a5eac57dd3f798acf61e705fe4f093db926626807',
  3: 'b3fab6df720b68cc47175f2c777e86d84187caab5770906f515ff1099cb01e4deaa027075d860823e49477b93c72bd64',
  1000: 'b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39',
  657413: 'b713718a38ae728dfd477991af2822e08d2f305e47718cef9f7848ce4050e7be41076862b98fad56e91a6b85b89cd97b',
};

export function roundJson(round: number, signature = RECORDED_ROUNDS[round]!): { round: number; randomness: string; signature: string } {
  return { round, randomness: sha(signature), signature };
}

export interface Relay {
  url: string;
  /** Requests seen, by path. */
  requests: string[];
  /** Rounds served forged: another round's signature under this round's number. */
  forge: Set<number>;
  close(): Promise<void>;
}

export async function startRelay(): Promise<Relay> {
  const requests: string[] = [];
  const forge = new Set<number>();
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const m = /^\/([0-9a-f]{64})\/public\/(\d+)$/.exec(req.url ?? '');
    const round = m ? Number(m[2]) : NaN;
    if (!m || m[1] !== QUICKNET.chain || (!RECORDED_ROUNDS[round] && !forge.has(round))) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    // Forged: round 1000's real signature and randomness under another round's number.
    const body = forge.has(round) ? { ...roundJson(1000), round } : roundJson(round);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, forge, close: () => new Promise((ok) => server.close(() => ok())) };
}
