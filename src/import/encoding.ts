// Detects the text encoding of a CSV file from its first bytes: BOMs, then UTF-8 validity, else GB18030.

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'gb18030';

export interface Detected {
  encoding: TextEncodingName;
  /** Bytes to skip at the start (the BOM). */
  bomLength: number;
  /** What staff see: UTF-8 (BOM), GBK/GB18030 ... */
  label: string;
}

/**
 * A sample is UTF-8 when it decodes strictly; a multi-byte sequence cut off at the end of the
 * sample does not count against it. GBK/GB18030 text (what Excel in China writes as "CSV")
 * practically never forms valid UTF-8 sequences, so the first invalid byte settles it.
 */
function isUtf8(sample: Uint8Array, truncated: boolean): boolean {
  let end = sample.length;
  if (truncated) {
    // Drop a trailing incomplete sequence: back up to at most 3 continuation bytes and their lead.
    let i = end - 1;
    let back = 0;
    while (i >= 0 && back < 3 && (sample[i]! & 0xc0) === 0x80) i--, back++;
    if (i >= 0 && sample[i]! >= 0xc0) end = i;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** Counts well-formed multi-byte UTF-8 sequences and bytes that start none. */
function utf8Sequences(b: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    let ok = n > 0 && i + n <= b.length;
    for (let k = 1; ok && k < n; k++) ok = (b[i + k]! & 0xc0) === 0x80;
    if (ok) valid++, (i += n);
    else invalid++, i++;
  }
  return { valid, invalid };
}

export function detectEncoding(sample: Uint8Array, truncated: boolean): Detected {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3, label: 'UTF-8（带 BOM）' };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2, label: 'UTF-16' };
  if (sample[0] === 0x84 && sample[1] === 0x31 && sample[2] === 0x95 && sample[3] === 0x33) {
    return { encoding: 'gb18030', bomLength: 4, label: 'GB18030（带 BOM）' };
  }
  if (isUtf8(sample, truncated)) return { encoding: 'utf-8', bomLength: 0, label: 'UTF-8' };
  // Mostly valid UTF-8 with a few bad bytes is broken UTF-8, not GBK: GBK text forms a valid UTF-8
  // sequence only now and then by chance, among many invalid bytes. Read as UTF-8, the reader then
  // says where the bad bytes are, instead of the file turning into nonsense and "missing columns".
  const { valid, invalid } = utf8Sequences(sample);
  if (valid >= 8 && valid >= 8 * invalid) return { encoding: 'utf-8', bomLength: 0, label: 'UTF-8' };
  return { encoding: 'gb18030', bomLength: 0, label: 'GBK/GB18030' };
}
