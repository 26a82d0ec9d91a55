// `npm run verify` of a record file too large to read as one string: the file read in pieces of 8 MiB
// by the check of src/verifier/record-pieces.ts (which the server also runs on its stored pieces, and
// the verifier page on a file chosen in the browser).
import fs from 'node:fs';
import { verifyRecordAt, type StreamVerification } from './verifier/record-pieces';

export { checkedInPieces, verifyRecordAt, type StreamVerification } from './verifier/record-pieces';

/** Verifies one ssj-draw/2 draw or failure record file (§6), reading it in pieces. */
export function verifyRecordFile(file: string): StreamVerification {
  const fd = fs.openSync(file, 'r');
  try {
    return verifyRecordAt((into, position) => fs.readSync(fd, into, 0, into.length, position));
  } finally {
    fs.closeSync(fd);
  }
}

