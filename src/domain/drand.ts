// drand's quicknet chain (League of Entropy), the only beacon chain of ssj-draw/2 §3: its
// parameters, and the check of a round's BLS signature (done by @noble/curves; no pairing code here).
// A round's signature is a G1 point (48 bytes compressed) over SHA-256 of the round number as an
// 8-byte big-endian integer, hashed to G1 (RFC 9380) with the DST below; the public key is a G2 point.
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { sha256Hex } from './hash';

export const QUICKNET = {
  chain: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  scheme: 'bls-unchained-g1-rfc9380',
  genesis: 1692803367,
  period: 3,
  publicKey:
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
  dst: 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_',
} as const;

/** Whether `signatureHex` is quicknet's signature of `round`. A malformed point is simply not one. */
export function verifyDrandRound(round: number, signatureHex: string): boolean {
  if (!Number.isSafeInteger(round) || round < 1 || !/^[0-9a-f]{96}$/.test(signatureHex)) return false;
  // The round as an 8-byte big-endian integer, then its SHA-256: the message quicknet signs.
  const be = new Uint8Array(8);
  new DataView(be.buffer).setBigUint64(0, BigInt(round));
  const message = bls12_381.shortSignatures.hash(hexToBytes(sha256Hex(be)), QUICKNET.dst);
  try {
    return bls12_381.shortSignatures.verify(hexToBytes(signatureHex), message, hexToBytes(QUICKNET.publicKey));
  } catch {
    return false;
  }
}

/** A round as a relay serves it (GET {relay}/{chain}/public/{round}): the value is sha256(signature). */
export interface DrandRound {
  round: number;
  randomness: string;
  signature: string;
}

/** The round's JSON (from a relay, or pasted by staff) checked: right round, randomness and signature. */
export function checkDrandRound(json: unknown, round: number): { ok: true; value: DrandRound } | { ok: false; message: string } {
  const r = json as Partial<DrandRound> | null;
  if (!r || typeof r !== 'object' || typeof r.signature !== 'string' || typeof r.randomness !== 'string') return { ok: false, message: '不是drand轮次数据（需要 round、randomness、signature）' };
  if (r.round !== round) return { ok: false, message: `轮次不符：需要第 ${round} 轮，收到第 ${String(r.round)} 轮` };
  const sig = r.signature.toLowerCase();
  if (!/^[0-9a-f]+$/.test(sig) || sig.length % 2 !== 0 || sha256Hex(hexToBytes(sig)) !== r.randomness.toLowerCase()) return { ok: false, message: 'randomness 不是签名的 SHA-256' };
  if (!verifyDrandRound(round, sig)) return { ok: false, message: `签名验证失败：不是 quicknet 第 ${round} 轮的签名` };
  return { ok: true, value: { round, randomness: r.randomness.toLowerCase(), signature: sig } };
}
