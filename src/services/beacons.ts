// Getting a drand round's value when it is due: from a relay (GET {relay}/{chain}/public/{round}),
// checked by its signature like a round pasted by staff. No relay, or a round not yet out: the draw
// waits (等待随机信标) and nothing is written.
import type { Db } from '../store/db';
import { QUICKNET } from '../domain/drand';
import { commitmentsAwaitingDrand, openCommitmentV2 } from '../store/register';
import { setBeacon } from './draws-v2';
import type { Result } from './draws';

/** The round's JSON from a relay, or why it could not be had. Times out after `timeoutMs`. */
export async function fetchDrandRound(relay: string, round: number, timeoutMs = 10_000): Promise<Result<unknown>> {
  const url = `${relay.replace(/\/+$/, '')}/${QUICKNET.chain}/public/${round}`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
    if (!res.ok) return { ok: false, message: `随机信标服务返回 ${res.status}（${url}）` };
    return { ok: true, value: (await res.json()) as unknown };
  } catch (e) {
    return { ok: false, message: `无法连接随机信标服务（${url}）：${(e as Error).message}` };
  }
}

/** Fetches and keeps the value of one task's due drand round. */
export async function fetchBeaconOfTask(db: Db, taskId: number, relay: string, actor: string, now: Date): Promise<Result<null>> {
  const c = openCommitmentV2(db, taskId);
  if (!c) return { ok: false, message: '该任务没有待揭示的承诺' };
  if (c.beacon.kind !== 'drand') return { ok: false, message: '该承诺的随机信标不是 drand' };
  if (now.getTime() <= Date.parse(c.beaconAt)) return { ok: false, message: '随机信标时间未到' };
  const r = await fetchDrandRound(relay, c.beacon.round);
  if (!r.ok) return r;
  return setBeacon(db, taskId, { drandRound: r.value }, actor, now);
}

/** Every open drand commitment whose round is due and has no value: fetched and kept (the scheduler's job). */
export async function fetchDueBeacons(db: Db, relay: string, actor: string, now: Date): Promise<{ fetched: number[]; waiting: { taskId: number; message: string }[] }> {
  const fetched: number[] = [];
  const waiting: { taskId: number; message: string }[] = [];
  for (const c of commitmentsAwaitingDrand(db, now.toISOString())) {
    const r = await fetchBeaconOfTask(db, c.taskId, relay, actor, now);
    if (r.ok) fetched.push(c.taskId);
    else waiting.push({ taskId: c.taskId, message: r.message });
  }
  return { fetched, waiting };
}
