import { describe, it, expect } from '@jest/globals';
import {
  ENCODING_SAMPLE_BYTES,
  InvalidEncodingError,
  MIN_NARROW_BYTES,
  createDecoder,
  detectEncoding,
  utf8NarrowPieces,
  type Encoding,
} from './decode.js';

const utf8 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf8'));
const utf16le = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf16le'));
const utf16be = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf16le').swap16());
const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat(parts));

const BOM_UTF8 = bytes(0xef, 0xbb, 0xbf);
const BOM_UTF16LE = bytes(0xff, 0xfe);
const BOM_UTF16BE = bytes(0xfe, 0xff);

// Windows-1252 has no encoder in Node; these are the bytes of "email,name\r\nJosé “Jo” ‚€Ÿ\r\n".
const WINDOWS_1252_TEXT = 'email,name\r\nJosé “Jo” ‚€Ÿ\r\n';
const WINDOWS_1252_BYTES = concat(
  utf8('email,name\r\nJos'),
  bytes(0xe9, 0x20, 0x93),
  utf8('Jo'),
  bytes(0x94, 0x20, 0x82, 0x80, 0x9f, 0x0d, 0x0a),
);

function decodeChunks(encoding: Encoding, chunks: Uint8Array[]): string {
  const decoder = createDecoder(encoding);
  let text = '';
  for (const chunk of chunks) text += decoder.write(chunk);
  return text + decoder.end();
}

function splitAt(data: Uint8Array, cut: number): Uint8Array[] {
  return [data.subarray(0, cut), data.subarray(cut)];
}

function oneByteChunks(data: Uint8Array): Uint8Array[] {
  return Array.from(data, (_byte, i) => data.subarray(i, i + 1));
}

describe('detectEncoding', () => {
  it.each<[string, Uint8Array, Encoding]>([
    ['UTF-8 BOM', concat(BOM_UTF8, utf8('email\n')), 'UTF-8'],
    ['UTF-8 BOM before Windows-1252 bytes (BOM decides)', concat(BOM_UTF8, bytes(0xe9)), 'UTF-8'],
    ['UTF-16LE BOM', concat(BOM_UTF16LE, utf16le('email\n')), 'UTF-16LE'],
    ['UTF-16BE BOM', concat(BOM_UTF16BE, utf16be('email\n')), 'UTF-16BE'],
    ['empty', bytes(), 'UTF-8'],
    ['ASCII only', utf8('email,first_name\na@b.co,Ann\n'), 'UTF-8'],
    ['2-byte sequence (é)', utf8('José\n'), 'UTF-8'],
    ['3-byte sequence (€)', utf8('5 €\n'), 'UTF-8'],
    ['4-byte sequence (😀)', utf8('hi 😀\n'), 'UTF-8'],
    ['2-byte sequence cut at the end', bytes(0x41, 0xc3), 'UTF-8'],
    ['3-byte sequence cut after 1 byte', bytes(0x41, 0xe2), 'UTF-8'],
    ['3-byte sequence cut after 2 bytes', bytes(0x41, 0xe2, 0x82), 'UTF-8'],
    ['4-byte sequence cut after 3 bytes', bytes(0x41, 0xf0, 0x9f, 0x98), 'UTF-8'],
    ['Windows-1252 text', WINDOWS_1252_BYTES, 'WINDOWS-1252'],
    ['é (0xE9) followed by ASCII', bytes(0x4a, 0x6f, 0x73, 0xe9, 0x0a), 'WINDOWS-1252'],
    ['lone continuation byte', bytes(0x41, 0x80, 0x41), 'WINDOWS-1252'],
    ['sequence interrupted by ASCII', bytes(0xe2, 0x82, 0x41), 'WINDOWS-1252'],
    ['overlong 2-byte (C0 80)', bytes(0xc0, 0x80), 'WINDOWS-1252'],
    ['overlong 2-byte (C1 BF)', bytes(0xc1, 0xbf), 'WINDOWS-1252'],
    ['overlong 3-byte (E0 80 80)', bytes(0xe0, 0x80, 0x80), 'WINDOWS-1252'],
    ['overlong 4-byte (F0 80 80 80)', bytes(0xf0, 0x80, 0x80, 0x80), 'WINDOWS-1252'],
    ['UTF-16 surrogate (ED A0 80)', bytes(0xed, 0xa0, 0x80), 'WINDOWS-1252'],
    ['above U+10FFFF (F4 90 80 80)', bytes(0xf4, 0x90, 0x80, 0x80), 'WINDOWS-1252'],
    ['invalid lead byte F5', bytes(0xf5, 0x80, 0x80, 0x80), 'WINDOWS-1252'],
    ['invalid lead byte FF', bytes(0x41, 0xff), 'WINDOWS-1252'],
    ['UTF-16LE without BOM is valid (if odd) UTF-8', utf16le('email'), 'UTF-8'],
  ])('%s -> %s', (_label, prefix, expected) => {
    expect(detectEncoding(prefix)).toBe(expected);
  });

  it.each<[string, Uint8Array, boolean, Encoding]>([
    ['cut sequence, sample of a larger file', bytes(0x4a, 0x6f, 0x73, 0xe9), false, 'UTF-8'],
    ['cut sequence, whole file', bytes(0x4a, 0x6f, 0x73, 0xe9), true, 'WINDOWS-1252'],
    ['complete sequence, whole file', utf8('José'), true, 'UTF-8'],
  ])('%s (complete: %s) -> %s', (_label, prefix, complete, expected) => {
    expect(detectEncoding(prefix, { complete })).toBe(expected);
  });

  it.each<[string, number, Encoding]>([
    ['last sampled bytes', ENCODING_SAMPLE_BYTES - 2, 'WINDOWS-1252'],
    ['first byte after the sample', ENCODING_SAMPLE_BYTES, 'UTF-8'],
  ])('an invalid byte at the %s (offset %i) -> %s', (_label, offset, expected) => {
    const data = new Uint8Array(ENCODING_SAMPLE_BYTES + 16).fill(0x61);
    data[offset] = 0xe9;
    expect(detectEncoding(data)).toBe(expected);
  });

  it('treats a sequence cut by the 64 KiB sample boundary as valid, even with complete: true', () => {
    const data = new Uint8Array(ENCODING_SAMPLE_BYTES + 2).fill(0x61);
    data.set(utf8('€'), ENCODING_SAMPLE_BYTES - 1);
    expect(detectEncoding(data, { complete: true })).toBe('UTF-8');
  });
});

describe('createDecoder', () => {
  const TEXT = 'email,first_name\r\nzoë@exämple.com,Zoë “€” 😀 日本\r\n';
  const encoded: Array<[Encoding, Uint8Array]> = [
    ['UTF-8', utf8(TEXT)],
    ['UTF-16LE', utf16le(TEXT)],
    ['UTF-16BE', utf16be(TEXT)],
  ];

  it.each(encoded)('%s: decodes the text in one chunk', (encoding, data) => {
    expect(decodeChunks(encoding, [data])).toBe(TEXT);
  });

  it.each(encoded)('%s: decodes the text cut at every byte position', (encoding, data) => {
    for (let cut = 0; cut <= data.length; cut++) {
      expect(decodeChunks(encoding, splitAt(data, cut))).toBe(TEXT);
    }
  });

  it.each(encoded)('%s: decodes the text fed one byte at a time', (encoding, data) => {
    expect(decodeChunks(encoding, oneByteChunks(data))).toBe(TEXT);
  });

  it.each<[Encoding, Uint8Array, string[]]>([
    // Each is one character cut in the middle: the first chunk must not yield half of it.
    ['UTF-8', utf8('é'), ['', 'é']],
    ['UTF-8', utf8('€'), ['', '€']],
    ['UTF-8', utf8('😀'), ['', '😀']],
    ['UTF-16LE', utf16le('é'), ['', 'é']],
    ['UTF-16LE', utf16le('😀'), ['', '😀']],
    ['UTF-16BE', utf16be('😀'), ['', '😀']],
  ])(
    '%s: %j split after its first byte yields nothing, then the whole character',
    (encoding, data, expected) => {
      const decoder = createDecoder(encoding);
      expect([decoder.write(data.subarray(0, 1)), decoder.write(data.subarray(1))]).toEqual(
        expected,
      );
      expect(decoder.end()).toBe('');
    },
  );

  it('WINDOWS-1252: maps 0x80-0x9F to their Windows-1252 characters, in one chunk', () => {
    expect(decodeChunks('WINDOWS-1252', [WINDOWS_1252_BYTES])).toBe(WINDOWS_1252_TEXT);
  });

  it('WINDOWS-1252: decodes the same text fed one byte at a time', () => {
    expect(decodeChunks('WINDOWS-1252', oneByteChunks(WINDOWS_1252_BYTES))).toBe(WINDOWS_1252_TEXT);
  });

  it.each<[Encoding, Uint8Array]>([
    ['UTF-8', concat(BOM_UTF8, utf8('email\n'))],
    ['UTF-16LE', concat(BOM_UTF16LE, utf16le('email\n'))],
    ['UTF-16BE', concat(BOM_UTF16BE, utf16be('email\n'))],
  ])('%s: strips the BOM, however the chunks fall', (encoding, data) => {
    for (let cut = 0; cut <= data.length; cut++) {
      expect(decodeChunks(encoding, splitAt(data, cut))).toBe('email\n');
    }
    expect(decodeChunks(encoding, oneByteChunks(data))).toBe('email\n');
  });

  it('WINDOWS-1252: strips a UTF-8 BOM (a file detected as UTF-8, then found not to be), however the chunks fall', () => {
    // "\xEF\xBB\xBFemail,name\nJosé\n": a BOM, then a Windows-1252 é that is not UTF-8.
    const data = concat(BOM_UTF8, utf8('email,name\nJos'), bytes(0xe9, 0x0a));
    for (let cut = 0; cut <= data.length; cut++) {
      expect(decodeChunks('WINDOWS-1252', splitAt(data, cut))).toBe('email,name\nJosé\n');
    }
    expect(decodeChunks('WINDOWS-1252', oneByteChunks(data))).toBe('email,name\nJosé\n');
  });

  it.each<[string, Uint8Array, string]>([
    ['a BOM mid-file', concat(utf8('a'), BOM_UTF8), 'aï»¿'],
    ['the start of a BOM, then other bytes', bytes(0xef, 0xbb, 0x41), 'ï»A'],
    ['a file that is the start of a BOM', bytes(0xef, 0xbb), 'ï»'],
  ])('WINDOWS-1252: keeps %s as text', (_label, data, expected) => {
    expect(decodeChunks('WINDOWS-1252', [data])).toBe(expected);
    expect(decodeChunks('WINDOWS-1252', oneByteChunks(data))).toBe(expected);
  });

  it('keeps a U+FEFF that is not at the start', () => {
    expect(decodeChunks('UTF-8', [utf8('a\uFEFFb')])).toBe('a\uFEFFb');
  });

  it('UTF-8: throws InvalidEncodingError on invalid bytes in a later chunk', () => {
    const decoder = createDecoder('UTF-8');
    expect(decoder.write(utf8('email\nok@x.co\n'))).toBe('email\nok@x.co\n');
    let caught: unknown;
    try {
      decoder.write(bytes(0x4a, 0x6f, 0x73, 0xe9, 0x0a));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidEncodingError);
    expect(caught).toMatchObject({ code: 'INVALID_ENCODING', encoding: 'UTF-8' });
    expect((caught as Error).cause).toMatchObject({ name: 'TypeError' });
  });

  it('UTF-8: throws InvalidEncodingError at end() when the file stops mid-character', () => {
    const decoder = createDecoder('UTF-8');
    expect(decoder.write(bytes(0x41, 0xe2, 0x82))).toBe('A');
    expect(() => decoder.end()).toThrow(InvalidEncodingError);
  });

  it.each<[Encoding, Uint8Array, string]>([
    ['WINDOWS-1252', bytes(0x41, 0x81, 0x8d, 0x8f, 0x90, 0x9d), 'A\u0081\u008d\u008f\u0090\u009d'],
    ['UTF-16LE', bytes(0x41, 0x00, 0x42), 'A\uFFFD'],
  ])('%s: never throws (%j)', (encoding, data, expected) => {
    expect(decodeChunks(encoding, [data])).toBe(expected);
  });
});

describe('utf8NarrowPieces', () => {
  // Latin-1 letters are narrow (one byte a character in V8); Ł, € and emoji are not.
  const narrowLines = (count: number) =>
    Array.from({ length: count }, (_, i) => `zoë.${i}@example.com,Zoë,Müller\n`).join('');
  const WIDE = 'łukasz@example.com,Łukasz,Nowak\n';
  const text = (piece: Buffer) => piece.toString('utf8');
  /** Holds a byte that starts a UTF-8 character above U+00FF. */
  const isWide = (piece: Buffer) => piece.some((byte) => byte >= 0xc4);

  it('keeps a chunk without a character above U+00FF whole', () => {
    const chunk = Buffer.from(narrowLines(20));
    expect(utf8NarrowPieces(chunk)).toEqual([chunk]);
  });

  it('cuts a wide line out from between long narrow runs, at line feeds', () => {
    const before = narrowLines(10);
    const after = narrowLines(10);
    const pieces = utf8NarrowPieces(Buffer.from(before + WIDE + after));
    expect(pieces.map(text)).toEqual([before, WIDE, after]);
  });

  it('leaves a short narrow run between wide lines in the wide piece', () => {
    const short = 'a@b.co,Ann,Lee\n';
    expect(Buffer.byteLength(short)).toBeLessThan(MIN_NARROW_BYTES);
    const long = narrowLines(10);
    const pieces = utf8NarrowPieces(Buffer.from(long + WIDE + short + WIDE + long));
    expect(pieces.map(text)).toEqual([long, WIDE + short + WIDE, long]);
  });

  it('takes a wide line cut by the chunk edges to the edge', () => {
    // The chunk starts inside one line and ends inside another, half way through "Ł" (C5 81).
    const narrow = narrowLines(10);
    const chunk = Buffer.from('Łukasz,Nowak\n' + narrow + 'x@y.co,Ł').subarray(0, -1);
    expect(utf8NarrowPieces(chunk)).toEqual([
      Buffer.from('Łukasz,Nowak\n'),
      Buffer.from(narrow),
      Buffer.concat([Buffer.from('x@y.co,'), Buffer.from([0xc5])]),
    ]);
  });

  it('decodes to the same text as whole chunks; a narrow piece is long, or the whole chunk', () => {
    const lines = [
      'ann@example.com,Ann,Lee\n',
      'zoë@exämple.com,Zoë,Öberg\n',
      WIDE,
      'eu@example.com,"Euro €, ""quoted""",x\r\n',
      'emoji@example.com,😀,日本\n',
      '"multi\nline ł",b\n',
    ];
    // A fixed generator: the same cases on every run.
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let cuts = 0;
    for (let round = 0; round < 200; round++) {
      const parts: string[] = [];
      for (let i = random(60); i > 0; i--)
        parts.push(lines[random(3) === 0 ? random(6) : random(2)]);
      const file = Buffer.from(parts.join(''));
      const decoder = createDecoder('UTF-8');
      let decoded = '';
      for (let at = 0; at < file.length;) {
        const chunk = file.subarray(at, at + 1 + random(400));
        at += chunk.length;
        const pieces = utf8NarrowPieces(chunk);
        expect(Buffer.concat(pieces)).toEqual(chunk);
        cuts += pieces.length - 1;
        for (const [i, piece] of pieces.entries()) {
          expect(piece.length).toBeGreaterThan(0);
          if (i < pieces.length - 1) expect(piece.at(-1)).toBe(0x0a);
          if (pieces.length > 1 && !isWide(piece)) {
            expect(piece.length).toBeGreaterThanOrEqual(MIN_NARROW_BYTES);
          }
        }
        decoded += decoder.writePieces(chunk).join('');
      }
      expect(decoded + decoder.end()).toBe(file.toString('utf8'));
    }
    // The cases did cut chunks, or the checks above checked nothing.
    expect(cuts).toBeGreaterThan(100);
  });
});
