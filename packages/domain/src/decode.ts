export type Encoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'WINDOWS-1252';

export const ENCODING_SAMPLE_BYTES = 65536;

export interface StreamDecoder {
  write(chunk: Uint8Array): string;
  /**
   * The same text as `write`, in pieces: for UTF-8, the lines holding a character above U+00FF
   * apart from the others, which then stay one byte a character (utf8NarrowPieces).
   */
  writePieces(chunk: Uint8Array): string[];
  end(): string;
}

/** The file was detected as UTF-8 from its first bytes, but later bytes are not valid UTF-8. */
export class InvalidEncodingError extends Error {
  readonly code = 'INVALID_ENCODING';

  constructor(
    readonly encoding: Encoding,
    options?: { cause?: unknown },
  ) {
    super(`The file is not valid ${encoding}`, options);
    this.name = 'InvalidEncodingError';
  }
}

export interface DetectEncodingOptions {
  /**
   * The prefix is the whole file. Then a multi-byte sequence cut off at its end is not a
   * sample boundary but a real error (a small Windows-1252 file ending in "é").
   */
  complete?: boolean;
}

/**
 * Spec §2: a BOM decides; otherwise UTF-8 if the sample is valid UTF-8, else Windows-1252.
 * Only the first ENCODING_SAMPLE_BYTES are looked at.
 */
export function detectEncoding(prefix: Uint8Array, options?: DetectEncodingOptions): Encoding {
  if (prefix.length >= 3 && prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf) {
    return 'UTF-8';
  }
  if (prefix.length >= 2 && prefix[0] === 0xff && prefix[1] === 0xfe) return 'UTF-16LE';
  if (prefix.length >= 2 && prefix[0] === 0xfe && prefix[1] === 0xff) return 'UTF-16BE';
  const end = Math.min(prefix.length, ENCODING_SAMPLE_BYTES);
  const truncatedIsValid = options?.complete !== true || prefix.length > ENCODING_SAMPLE_BYTES;
  return isValidUtf8Prefix(prefix, end, truncatedIsValid) ? 'UTF-8' : 'WINDOWS-1252';
}

/**
 * Well-formed UTF-8 per Unicode table 3-7 (no overlongs, no surrogates, nothing above U+10FFFF).
 * Lead bytes are read up to `end`; a sequence that is only incomplete at the end of `bytes` is
 * valid unless the caller says the sample is the whole file.
 */
function isValidUtf8Prefix(bytes: Uint8Array, end: number, truncatedIsValid: boolean): boolean {
  let i = 0;
  while (i < end) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    let continuation: number;
    // The second byte has a narrower range for some leads; that is what excludes
    // overlongs (E0, F0), surrogates (ED) and code points above U+10FFFF (F4).
    let secondLow = 0x80;
    let secondHigh = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      continuation = 1;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      continuation = 2;
      if (lead === 0xe0) secondLow = 0xa0;
      else if (lead === 0xed) secondHigh = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      continuation = 3;
      if (lead === 0xf0) secondLow = 0x90;
      else if (lead === 0xf4) secondHigh = 0x8f;
    } else {
      return false;
    }
    // A character that starts inside the sample is judged on its bytes past the sample's end
    // too, when the caller passed them: only a cut the bytes cannot settle counts as valid.
    for (let k = 1; k <= continuation; k++) {
      if (i + k >= bytes.length) return truncatedIsValid;
      const byte = bytes[i + k];
      const low = k === 1 ? secondLow : 0x80;
      const high = k === 1 ? secondHigh : 0xbf;
      if (byte < low || byte > high) return false;
    }
    i += continuation + 1;
  }
  return true;
}

const LABELS: Readonly<Record<Encoding, string>> = {
  'UTF-8': 'utf-8',
  'UTF-16LE': 'utf-16le',
  'UTF-16BE': 'utf-16be',
  'WINDOWS-1252': 'windows-1252',
};

// Hoisted: write() runs once per chunk of a file that may be a gigabyte.
const STREAM = { stream: true } as const;

// Matched by code, not `instanceof TypeError`: Node's TextDecoder throws its own realm's
// TypeError, which is not the TypeError of a vm context such as jest's.
function isInvalidDataError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA'
  );
}

/**
 * Streaming decode with the BOM stripped (TextDecoder does that unless ignoreBOM is set).
 * Every chunk goes through `stream: true`: besides carrying split characters over, it avoids
 * Node 20's one-shot windows-1252 path, which drops the bytes 0x80-0x9F.
 */
export function createDecoder(encoding: Encoding): StreamDecoder {
  // Only UTF-8 can be wrong: it was chosen from a sample, and replacement characters would
  // silently corrupt e-mail addresses. UTF-16 (BOM) and Windows-1252 decode any byte sequence.
  const decoder = new TextDecoder(LABELS[encoding], { fatal: encoding === 'UTF-8' });
  const decode = (chunk: Uint8Array | undefined): string => {
    try {
      return chunk === undefined ? decoder.decode() : decoder.decode(chunk, STREAM);
    } catch (error) {
      if (isInvalidDataError(error)) {
        throw new InvalidEncodingError(encoding, { cause: error });
      }
      throw error;
    }
  };
  // A Windows-1252 file that starts with a UTF-8 BOM is one whose later bytes turned out not to
  // be UTF-8 (a BOM makes detectEncoding say UTF-8): its saving program still wrote the BOM, and
  // §2 keeps it out of the first header, which would otherwise begin with "ï»¿".
  const bom = encoding === 'WINDOWS-1252' ? createBomStripper() : null;
  const write = (chunk: Uint8Array): string => decode(bom ? bom.write(chunk) : chunk);
  return {
    write,
    writePieces(chunk: Uint8Array): string[] {
      if (encoding !== 'UTF-8') return [write(chunk)];
      // A view, not a copy: chunks are up to the stream's high-water mark.
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      return utf8NarrowPieces(bytes).map(write);
    },
    end(): string {
      // The first bytes held back by a file too short to tell, decoded as the text they are.
      return (bom ? decode(bom.end()) : '') + decode(undefined);
    },
  };
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Drops a UTF-8 BOM at the start of a byte stream. The first bytes are held back until they
 * tell a BOM from text that starts like one; a stream that ends meanwhile gets them from end().
 */
function createBomStripper(): { write(chunk: Uint8Array): Buffer; end(): Buffer } {
  let held: Buffer | null = Buffer.alloc(0);
  return {
    write(chunk) {
      // A view, not a copy: chunks are up to the stream's high-water mark.
      const view = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (held === null) return view;
      const bytes = held.length > 0 ? Buffer.concat([held, view]) : view;
      if (bytes.length < UTF8_BOM.length && UTF8_BOM.subarray(0, bytes.length).equals(bytes)) {
        held = Buffer.from(bytes);
        return Buffer.alloc(0);
      }
      held = null;
      return UTF8_BOM.equals(bytes.subarray(0, UTF8_BOM.length)) ? bytes.subarray(3) : bytes;
    },
    end() {
      const rest = held ?? Buffer.alloc(0);
      held = null;
      return rest;
    },
  };
}

/**
 * On a UTF-8 chunk read as Latin-1: the bytes that start a character above U+00FF (C4-F4),
 * and those that start none (F5-FF, refused by the decoder anyway).
 */
const WIDE_LEAD = /[\xc4-\xff]/g;
const LINE_FEED = 0x0a;
/** A run of narrow lines shorter than this stays in its wide neighbour: each cut costs a decode. */
export const MIN_NARROW_BYTES = 128;

/**
 * A UTF-8 chunk cut, after line feeds, into pieces that keep the lines holding a character above
 * U+00FF apart from runs of lines that hold none. V8 stores a string one byte a character only
 * when every character fits in one; decoded whole, a chunk with a single "Ł" is two bytes a
 * character throughout, and so is every field sliced from it, which then costs the row rules
 * and the UTF-8 encoding of the COPY data more. Decoded piece by piece, the narrow runs stay
 * narrow. The pieces are views of the chunk, in order; decoding them one after the other
 * through a streaming decoder gives the same text as the whole chunk.
 */
export function utf8NarrowPieces(chunk: Buffer): Buffer[] {
  const bytes = chunk.toString('latin1');
  const pieces: Buffer[] = [];
  /** Start of the bytes not yet in a piece, and of the narrow run since the last wide line. */
  let pieceStart = 0;
  let narrowStart = 0;
  WIDE_LEAD.lastIndex = 0;
  for (let hit = WIDE_LEAD.exec(bytes); hit !== null; hit = WIDE_LEAD.exec(bytes)) {
    const lineStart = chunk.lastIndexOf(LINE_FEED, hit.index) + 1;
    const lineFeed = chunk.indexOf(LINE_FEED, hit.index);
    const lineEnd = lineFeed < 0 ? chunk.length : lineFeed + 1;
    if (lineStart - narrowStart >= MIN_NARROW_BYTES) {
      if (narrowStart > pieceStart) pieces.push(chunk.subarray(pieceStart, narrowStart));
      pieces.push(chunk.subarray(narrowStart, lineStart));
      pieceStart = lineStart;
    }
    narrowStart = lineEnd;
    WIDE_LEAD.lastIndex = lineEnd;
  }
  if (chunk.length - narrowStart >= MIN_NARROW_BYTES) {
    if (narrowStart > pieceStart) pieces.push(chunk.subarray(pieceStart, narrowStart));
    pieceStart = narrowStart;
  }
  if (chunk.length > pieceStart) pieces.push(chunk.subarray(pieceStart));
  return pieces;
}
