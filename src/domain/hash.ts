// H(s): SHA-256 of the UTF-8 bytes of s, as 64 lowercase hex characters (ssj-draw/1 §1).
// The browser verifier swaps this module for src/verifier/hash-browser.mts (same contract).
import { createHash, hash } from 'node:crypto';

export { compareUtf8 } from './utf8-order';

/** One-shot crypto.hash (a string is hashed as UTF-8): about 3x faster than createHash on a ticket. */
export function H(s: string): string {
  return hash('sha256', s, 'hex');
}

/**
 * The first 48 bits of H(s) (its first 12 hex digits) as a number. The digest comes as 'binary' (latin1) text,
 * a character per byte, which is cheaper to make and read than hex (a million tickets per draw).
 */
export function H48(s: string): number {
  const d = hash('sha256', s, 'binary');
  return (d.charCodeAt(0) * 256 + d.charCodeAt(1)) * 0x100000000 + ((d.charCodeAt(2) << 24) >>> 0) + ((d.charCodeAt(3) << 16) | (d.charCodeAt(4) << 8) | d.charCodeAt(5));
}

/** SHA-256 of bytes, as 64 lowercase hex characters (a drand signature's randomness). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** SHA-256 over text given in pieces (as UTF-8), for texts too large to hold as one string. */
export interface Hasher {
  update(s: string): void;
  /** 64 lowercase hex characters. */
  digest(): string;
}

export function hasher(): Hasher {
  const h = createHash('sha256');
  return { update: (s) => void h.update(s, 'utf8'), digest: () => h.digest('hex') };
}

/** SHA-256 over bytes given in pieces (a record too large to hold as one string). */
export interface BytesHasher {
  update(b: Uint8Array): void;
  /** 64 lowercase hex characters. */
  digest(): string;
}

export function bytesHasher(): BytesHasher {
  const h = createHash('sha256');
  return { update: (b) => void h.update(b), digest: () => h.digest('hex') };
}
