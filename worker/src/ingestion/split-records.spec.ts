import type { Encoding } from '@intake/domain';
import { describe, expect, it } from '@jest/globals';
import { IngestionFailure } from './ingestion-failure.js';
import { readQuotedRecord, RecordSplitter, type LocatedRecord } from './split-records.js';

/*
 * The splitter reads the simple lines itself and hands the rest to csv-parse, so its output must
 * be exactly what csv-parse alone gives for the same text: the same records on the same lines,
 * or the same failure. csv-parse alone is the splitter's 'csv-parse' reader.
 */

type Outcome =
  | { records: LocatedRecord[] }
  | { failure: { code: string; line: number | null; message: string } };

async function split(
  chunks: readonly string[],
  reader: 'split' | 'csv-parse',
  options: { delimiter?: ',' | ';'; maxRecordBytes?: number; encoding?: Encoding } = {},
): Promise<Outcome> {
  const records: LocatedRecord[] = [];
  const splitter = new RecordSplitter(
    {
      delimiter: options.delimiter ?? ',',
      encoding: options.encoding ?? 'UTF-8',
      maxRecordBytes: options.maxRecordBytes ?? 1 << 20,
    },
    (record) => records.push(record),
    reader,
  );
  try {
    for (const chunk of chunks) splitter.write(chunk);
    await splitter.end();
  } catch (error) {
    if (!(error instanceof IngestionFailure)) throw error;
    return { failure: { code: error.code, line: error.line, message: error.message } };
  }
  return { records };
}

/** A deterministic generator (mulberry32), so that a failing case can be run again. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cuts `text` at random places, the way decoded chunks of a file arrive. */
function chunksOf(text: string, next: () => number): string[] {
  const chunks: string[] = [];
  let at = 0;
  while (at < text.length) {
    const length = 1 + Math.floor(next() * 12);
    chunks.push(text.slice(at, at + length));
    at += length;
  }
  return chunks;
}

describe('RecordSplitter', () => {
  it.each<[string, string, [number, string[]][]]>([
    [
      'plain lines',
      'a,b\nc,d\n',
      [
        [1, ['a', 'b']],
        [2, ['c', 'd']],
      ],
    ],
    [
      'no line break at the end',
      'a,b\nc,d',
      [
        [1, ['a', 'b']],
        [2, ['c', 'd']],
      ],
    ],
    [
      'CRLF',
      'a,b\r\nc,d\r\n',
      [
        [1, ['a', 'b']],
        [2, ['c', 'd']],
      ],
    ],
    [
      'empty lines are skipped and counted',
      'a\n\n\r\nb\n',
      [
        [1, ['a']],
        [4, ['b']],
      ],
    ],
    [
      'quoted fields',
      '"a,1","b""2"\n"",x\n',
      [
        [1, ['a,1', 'b"2']],
        [2, ['', 'x']],
      ],
    ],
    [
      'a line break inside quotes',
      'a,"1\n2"\nb\n',
      [
        [1, ['a', '1\n2']],
        [3, ['b']],
      ],
    ],
    [
      'a CRLF inside quotes counts one line',
      'a,"1\r\n2"\r\nb\n',
      [
        [1, ['a', '1\r\n2']],
        [3, ['b']],
      ],
    ],
    [
      'a stray quote is kept',
      'Bob "B" Smith,x\ny\n',
      [
        [1, ['Bob "B" Smith', 'x']],
        [2, ['y']],
      ],
    ],
    [
      'text after a closing quote',
      '"Ann" Marie,x\ny\n',
      [
        [1, ['"Ann" Marie', 'x']],
        [2, ['y']],
      ],
    ],
    [
      'CR only',
      'a,b\rc\rd\n',
      [
        [1, ['a', 'b']],
        [2, ['c']],
        [3, ['d']],
      ],
    ],
    [
      'trailing delimiter',
      'a,\n,\n',
      [
        [1, ['a', '']],
        [2, ['', '']],
      ],
    ],
  ])('%s', async (_label, text, expected) => {
    const records = expected.map(([line, record]) => ({ line, record }));
    for (const reader of ['split', 'csv-parse'] as const) {
      expect(await split([text], reader)).toEqual({ records });
    }
  });

  it.each<[string, string, string, number]>([
    ['a quote never closed', 'a\n"b\nc\n', 'MALFORMED_CSV', 2],
    ['a quote never closed after empty lines', 'a\n\n\n"b,c', 'MALFORMED_CSV', 4],
  ])('%s fails the file', async (_label, text, code, line) => {
    for (const reader of ['split', 'csv-parse'] as const) {
      expect(await split([text], reader)).toMatchObject({ failure: { code, line } });
    }
  });

  it.each<[string, Encoding, string, 'rows' | number]>([
    ['UTF-8 at the limit', 'UTF-8', `a,${'é'.repeat(10)}\n`, 'rows'],
    ['UTF-8 over the limit', 'UTF-8', `x\na,${'é'.repeat(10)}b\n`, 2],
    ['UTF-8 quoted, over the limit', 'UTF-8', `x\n"a","${'é'.repeat(10)}b"\n`, 2],
    ['Windows-1252 over the limit', 'WINDOWS-1252', `a,${'é'.repeat(21)}\n`, 1],
    ['a runaway quote', 'UTF-8', `x\n"${'y\n'.repeat(40)}`, 2],
  ])('the record size limit (22 bytes): %s', async (_label, encoding, text, outcome) => {
    for (const reader of ['split', 'csv-parse'] as const) {
      const result = await split([text], reader, { maxRecordBytes: 22, encoding });
      if (outcome === 'rows') expect(result).toMatchObject({ records: [{ line: 1 }] });
      else expect(result).toMatchObject({ failure: { code: 'RECORD_TOO_LARGE', line: outcome } });
    }
  });

  it('gives what csv-parse gives on 20,000 generated files, cut anywhere', async () => {
    const pieces = ['a', 'bc', 'é', ',', ';', '"', '""', '\n', '\r\n', '\r', ' ', '\n\n'];
    const next = random(20261123);
    for (let n = 0; n < 20_000; n++) {
      let text = '';
      const length = Math.floor(next() * 40);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
      const delimiter = next() < 0.5 ? ',' : ';';
      const maxRecordBytes = next() < 0.3 ? 1 + Math.floor(next() * 12) : 1 << 20;
      const options = { delimiter, maxRecordBytes } as const;
      const expected = await split([text], 'csv-parse', options);
      const actual = await split(chunksOf(text, next), 'split', options);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        // The case itself, so that the failure says what to look at.
        expect({ text, options, actual }).toEqual({ text, options, actual: expected });
      }
    }
  });

  it('gives what csv-parse gives where csv-parse takes over the rest of the file', async () => {
    // Stray quotes on most lines: after 64 of them, csv-parse streams the rest.
    const next = random(7);
    const lines = Array.from({ length: 3000 }, (_, i) => {
      const kind = Math.floor(next() * 4);
      if (kind === 0) return `a${i},5" disk`;
      if (kind === 1) return `"b${i}","x\ny"`;
      if (kind === 2) return `c${i},"Ann" Marie\r`;
      return `d${i},plain`;
    });
    const text = `${lines.join('\n')}\n`;
    const expected = await split([text], 'csv-parse');
    // One record per generated line, the quoted line feeds included.
    expect(expected).toMatchObject({ records: { length: 3000 } });
    expect(await split(chunksOf(text, next), 'split')).toEqual(expected);
  });

  it('keeps a file with a line longer than it reads ahead in one csv-parse stream', async () => {
    const long = 'x'.repeat(40);
    const text = `a,b\n${long}\rc,d\n"e\nf",g\n`;
    const options = { maxRecordBytes: 64 } as const;
    expect(await split([text], 'split', options)).toEqual(
      await split([text], 'csv-parse', options),
    );
  });
});

describe('readQuotedRecord', () => {
  it.each<[string, string, boolean, ReturnType<typeof readQuotedRecord>]>([
    ['a whole quoted record', '"a",b\nnext', false, { fields: ['a', 'b'], next: 6, breaks: 0 }],
    ['a line feed inside quotes', '"a\nb"\n', false, { fields: ['a\nb'], next: 6, breaks: 1 }],
    ['a quote at the end may be doubled', '"a"', false, 'more'],
    ['the same at the end of the file', '"a"', true, { fields: ['a'], next: 3, breaks: 0 }],
    ['a CR that a LF may follow', '"a"\r', false, 'more'],
    ['a quote inside an unquoted field', 'a"b,c\n', false, null],
    ['text after a closing quote', '"a"b\n', false, null],
    ['a CR inside quotes', '"a\rb"\n', false, null],
    ['a quote never closed', '"a\n', true, null],
  ])('%s', (_label, text, atEnd, expected) => {
    expect(readQuotedRecord(text, 0, ',', atEnd)).toEqual(expected);
  });
});
