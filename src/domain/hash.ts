// H(s): SHA-256 of the UTF-8 bytes of s, as 64 lowercase hex characters (ssj-draw/1 §1).
// The browser verifier swaps this module for src/verifier/hash-browser.mts (same contract).
import { createHash, hash } from 'node:crypto';

export { compareUtf8 } from './utf8-order';

/** One-shot crypto.hash (a string is hashed as UTF-8): about 3x faster than createHash on a ticket. */
export function H(s: string): string {
  return hash('sha256', s, 'hex');
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
