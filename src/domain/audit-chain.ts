// The audit log's hash chain: hash = H(prev + "|" + JCS(entry)), the first entry's prev being "".
import { canonicalize } from './jcs';
import { H } from './hash';

export interface ChainEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  targetKind: string;
  targetId: string;
  summary: string;
  before: string | null;
  after: string | null;
}

export function entryHash(prev: string, e: ChainEntry): string {
  return H(prev + '|' + canonicalize(e));
}

export type ChainCheck = { ok: true; count: number; head: string } | { ok: false; id: number; problem: string };

/** Walks entries in id order; names the first entry where the chain breaks and why. */
export function checkChain(entries: Iterable<ChainEntry & { prevHash: string | null; hash: string | null }>): ChainCheck {
  let prev = '';
  let count = 0;
  for (const e of entries) {
    const { prevHash, hash, ...content } = e;
    if (hash === null || prevHash === null) return { ok: false, id: e.id, problem: '没有哈希值（未入链的记录）' };
    if (prevHash !== prev) return { ok: false, id: e.id, problem: '与前一条记录接不上：其前面的记录被删除、插入或调换了顺序' };
    if (entryHash(prev, content) !== hash) return { ok: false, id: e.id, problem: '内容与哈希值不符：这条记录被修改过' };
    prev = hash;
    count++;
  }
  return { ok: true, count, head: prev };
}
