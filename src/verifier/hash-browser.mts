// H for the browser verifier: the same SHA-256 as src/domain/hash.ts, synchronous, in plain JS.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export { compareUtf8 } from '../domain/utf8-order.js';

export function H(s: string): string {
  return bytesToHex(sha256(utf8ToBytes(s)));
}

export function H48(s: string): number {
  const d = sha256(utf8ToBytes(s));
  return (d[0]! * 256 + d[1]!) * 0x100000000 + ((d[2]! << 24) >>> 0) + ((d[3]! << 16) | (d[4]! << 8) | d[5]!);
}

export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}

export interface Hasher {
  update(s: string): void;
  digest(): string;
}

export function hasher(): Hasher {
  const h = sha256.create();
  return { update: (s) => void h.update(utf8ToBytes(s)), digest: () => bytesToHex(h.digest()) };
}

export interface BytesHasher {
  update(b: Uint8Array): void;
  digest(): string;
}

export function bytesHasher(): BytesHasher {
  const h = sha256.create();
  return { update: (b) => void h.update(b), digest: () => bytesToHex(h.digest()) };
}
