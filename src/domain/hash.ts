// H(s): SHA-256 of the UTF-8 bytes of s, as 64 lowercase hex characters (ssj-draw/1 §1).
// The browser verifier swaps this module for src/verifier/hash-browser.mts (same contract).
import { createHash } from 'node:crypto';

export { compareUtf8 } from './utf8-order';

export function H(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}
