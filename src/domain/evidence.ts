// What evidence an inspection may carry: the kind of a file by its first bytes (never by its name),
// and the size allowed for each kind.

export type EvidenceKind = 'image' | 'document' | 'audio';

export interface Sniffed {
  kind: EvidenceKind;
  mime: string;
}

/** The file's kind from its magic bytes, or null for anything else. */
export function sniff(b: Uint8Array): Sniffed | null {
  const at = (i: number, ...xs: number[]) => xs.every((x, k) => b[i + k] === x);
  const ascii = (i: number, s: string) => [...s].every((c, k) => b[i + k] === c.charCodeAt(0));
  if (at(0, 0xff, 0xd8, 0xff)) return { kind: 'image', mime: 'image/jpeg' };
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return { kind: 'image', mime: 'image/png' };
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return { kind: 'image', mime: 'image/webp' };
  if (ascii(0, '%PDF-')) return { kind: 'document', mime: 'application/pdf' };
  if (ascii(4, 'ftyp') && (ascii(8, 'M4A ') || ascii(8, 'isom') || ascii(8, 'mp42'))) return { kind: 'audio', mime: 'audio/mp4' };
  if (ascii(0, 'ID3') || at(0, 0xff, 0xfb) || at(0, 0xff, 0xf3)) return { kind: 'audio', mime: 'audio/mpeg' };
  if (ascii(0, '#!AMR')) return { kind: 'audio', mime: 'audio/amr' };
  return null;
}

/** Bytes allowed per kind. */
export const MAX_BYTES: Record<EvidenceKind, number> = { image: 15 << 20, document: 20 << 20, audio: 30 << 20 };

export const KIND_TEXT: Record<EvidenceKind, string> = { image: '照片', document: '文件（PDF）', audio: '录音' };
