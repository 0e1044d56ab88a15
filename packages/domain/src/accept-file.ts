export const SNIFF_BYTES = 8192;

export type BinarySignature = 'NUL' | 'PNG' | 'ZIP' | 'PDF' | 'ELF' | 'GZIP';

const ACCEPTED_EXTENSIONS: readonly string[] = ['.csv', '.tsv', '.txt'];

// Control characters (C0, DEL, C1): PostgreSQL text cannot hold NUL, and a line break in a name
// would end up in a download's Content-Disposition header.
const CONTROL_CHARACTERS = /\p{Cc}/gu;

/** Spec §1: the original name is kept as data, without control characters, which no name needs. */
export function cleanFileName(name: string): string {
  return name.replace(CONTROL_CHARACTERS, '');
}

export function isAcceptedFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return ACCEPTED_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

interface MagicNumber {
  readonly signature: Exclude<BinarySignature, 'NUL'>;
  readonly bytes: readonly number[];
}

const MAGIC_NUMBERS: readonly MagicNumber[] = [
  { signature: 'PNG', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  // Local file header, empty archive and spanned archive: all three open real ZIP files.
  { signature: 'ZIP', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { signature: 'ZIP', bytes: [0x50, 0x4b, 0x05, 0x06] },
  { signature: 'ZIP', bytes: [0x50, 0x4b, 0x07, 0x08] },
  { signature: 'PDF', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { signature: 'ELF', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { signature: 'GZIP', bytes: [0x1f, 0x8b] },
];

function startsWith(prefix: Uint8Array, bytes: readonly number[]): boolean {
  if (prefix.length < bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) {
    if (prefix[i] !== bytes[i]) return false;
  }
  return true;
}

function hasUtf16Bom(prefix: Uint8Array): boolean {
  return (
    prefix.length >= 2 &&
    ((prefix[0] === 0xff && prefix[1] === 0xfe) || (prefix[0] === 0xfe && prefix[1] === 0xff))
  );
}

/**
 * Judges the content, not the declared Content-Type (spec §1). Only the first SNIFF_BYTES are
 * looked at, so a caller may pass a longer buffer without paying for it.
 */
export function detectBinary(prefix: Uint8Array): BinarySignature | null {
  for (const magic of MAGIC_NUMBERS) {
    if (startsWith(prefix, magic.bytes)) return magic.signature;
  }
  // Every ASCII character in UTF-16 has a zero byte, so NUL proves nothing once the BOM says UTF-16.
  if (hasUtf16Bom(prefix)) return null;
  const end = Math.min(prefix.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) {
    if (prefix[i] === 0) return 'NUL';
  }
  return null;
}
