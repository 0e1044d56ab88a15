import {
  CONTACT_FIELDS,
  ENCODING_SAMPLE_BYTES,
  columnKeys,
  InvalidEncodingError,
  type ContactField,
  type Delimiter,
  type Encoding,
  type NormalizedContact,
  type RowIssueType,
} from '@intake/domain';
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { IngestionFailure, type IngestionFailureCode } from './ingestion-failure.js';
import { parseFile, type ParseEvent } from './parse-file.js';

/*
 * Golden files for the streaming parser: each __fixtures__/<case>.csv goes through parseFile and
 * must give __fixtures__/<case>.expected.json. The golden files are shared/spec/ingestion.md §2-§7
 * made concrete and were checked by hand against it: when the parser and a golden file disagree,
 * the parser is wrong unless the spec says otherwise.
 *
 * `UPDATE_GOLDEN=1 npm run test:jest -- worker/src/ingestion/parse-file.spec.ts` rewrites the
 * golden files from the parser's output (except for KNOWN_DEFECTS, whose golden files hold what
 * the spec requires). Review every rewritten file against the spec before committing it.
 *
 * Files under 64 KiB are read whole by the encoding/delimiter sniffing before they are decoded,
 * so the chunk sizes matter most to the generated files over 64 KiB further down.
 */

const FIXTURES = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
// A test switch, not configuration: it only decides whether golden files are rewritten.
const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';
const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

interface GoldenRow {
  rowNumber: number;
  lineNumber: number;
  data: Record<string, string>;
  normalized: NormalizedContact;
  issues: RowIssueType[];
  valid: boolean;
}

interface ParsedGolden {
  encoding: Encoding;
  delimiter: Delimiter;
  headerKeys: string[];
  otherKeys: string[];
  /** The header key of the column each contact field is read from; a field without one is absent. */
  fields: Partial<Record<ContactField, string>>;
  rows: GoldenRow[];
}

interface FailureGolden {
  failure: { code: IngestionFailureCode; line: number | null };
}

type Golden = ParsedGolden | FailureGolden;

interface GoldenCase {
  name: string;
  maxRecordBytes?: number;
}

const CASES: GoldenCase[] = [
  { name: 'utf8-bom' },
  { name: 'crlf' },
  { name: 'cr-only' },
  { name: 'mixed-endings' },
  { name: 'semicolon' },
  { name: 'tab' },
  { name: 'pipe' },
  { name: 'utf16le-bom' },
  { name: 'utf16be-bom' },
  { name: 'windows-1252' },
  { name: 'quoted-delimiters-and-newlines' },
  { name: 'quoted-crlf-newlines' },
  { name: 'ragged-rows' },
  { name: 'header-synonyms' },
  { name: 'two-columns-same-field' },
  { name: 'blank-lines-and-blank-records' },
  // MISSING_EMAIL_COLUMN is not parseFile's to raise: ingest-job.ts fails the job when the header
  // event's mapping has no email field. Here the golden file pins that mapping (no `fields.email`).
  { name: 'missing-email-column' },
  { name: 'unterminated-quote' },
  // Quotes that open no field, or text after a closing quote, are kept as written (§3 fails a
  // file for an unterminated quote only).
  { name: 'stray-quotes' },
  // A record with an unclosed quote fails at the line the record starts on (where to look).
  { name: 'unterminated-quote-in-continuation' },
  { name: 'oversized-record', maxRecordBytes: 1024 },
  { name: 'oversized-record-many-fields', maxRecordBytes: 1024 },
  { name: 'empty-file' },
  { name: 'only-blank-lines' },
  { name: 'header-only' },
  { name: 'only-duplicates' },
  { name: 'invalid-and-missing-emails' },
  { name: 'nfc-normalization' },
  // U+0085 (NEXT LINE) is white space (Unicode's White_Space), which JavaScript's trim() and \s
  // leave out: trimmed, collapsed in names, and a record of nothing else is blank.
  { name: 'unicode-white-space' },
];

/**
 * Cases where parse-file.ts disagrees with the spec. They run as `it.failing` so that the suite
 * notices when the parser is fixed; their golden files keep the spec's answer. None today.
 */
const KNOWN_DEFECTS: Readonly<Record<string, string>> = {};

// `whole` first: in UPDATE_GOLDEN mode it writes the golden file the other sizes are held to.
type ChunkSize = 'whole' | number;
const CHUNK_SIZES: readonly ChunkSize[] = ['whole', 1, 7, 64];

function chunked(bytes: Buffer, size: ChunkSize): Readable {
  const step = size === 'whole' ? Math.max(bytes.length, 1) : size;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += step) chunks.push(bytes.subarray(i, i + step));
  return Readable.from(chunks, { objectMode: false });
}

async function collect(
  bytes: Buffer,
  size: ChunkSize,
  options: Parameters<typeof parseFile>[1],
): Promise<ParseEvent[]> {
  const events: ParseEvent[] = [];
  for await (const event of parseFile(chunked(bytes, size), options)) events.push(event);
  return events;
}

function toGolden(events: ParseEvent[]): ParsedGolden {
  const [start, header, ...rest] = events;
  if (start?.kind !== 'start' || header?.kind !== 'header') {
    throw new Error(`expected start and header events, got ${events.map((e) => e.kind).join()}`);
  }
  const { keys, fieldIndex, otherKeys } = header.mapping;
  const fields: Partial<Record<ContactField, string>> = {};
  for (const field of CONTACT_FIELDS) {
    const index = fieldIndex[field];
    if (index !== undefined) fields[field] = keys[index];
  }
  const rows = rest.flatMap((event): GoldenRow[] => {
    if (event.kind !== 'rows') throw new Error(`unexpected ${event.kind} event after the header`);
    return event.rows.map(({ row, rowNumber, lineNumber }) => {
      const { values, normalized, issues, valid } = row;
      // Named as the job's columns name them.
      const columns = columnKeys(header.mapping, values.length - keys.length);
      const data = Object.fromEntries(values.map((value, i) => [columns[i], value]));
      return { rowNumber, lineNumber, data, normalized, issues, valid };
    });
  });
  return {
    encoding: start.start.encoding,
    delimiter: start.start.delimiter,
    headerKeys: keys,
    otherKeys,
    fields,
    rows,
  };
}

async function parseToGolden(bytes: Buffer, size: ChunkSize, maxRecordBytes: number) {
  try {
    return toGolden(await collect(bytes, size, { maxRecordBytes }));
  } catch (error) {
    if (error instanceof IngestionFailure) {
      return { failure: { code: error.code, line: error.line } } satisfies FailureGolden;
    }
    throw error;
  }
}

async function writeGolden(path: string, golden: Golden): Promise<void> {
  const prettier = await import('prettier');
  const config = await prettier.resolveConfig(path);
  writeFileSync(
    path,
    await prettier.format(JSON.stringify(golden, null, 2), { ...config, filepath: path }),
  );
}

function table(defects: boolean): [string, ChunkSize, GoldenCase][] {
  return CASES.filter((c) => Object.hasOwn(KNOWN_DEFECTS, c.name) === defects).flatMap((c) => {
    const title = defects ? `${c.name} (known defect: ${KNOWN_DEFECTS[c.name]})` : c.name;
    return CHUNK_SIZES.map((size): [string, ChunkSize, GoldenCase] => [title, size, c]);
  });
}

async function checkGolden(size: ChunkSize, goldenCase: GoldenCase): Promise<void> {
  const base = `${FIXTURES}${goldenCase.name}`;
  const bytes = readFileSync(`${base}.csv`);
  const actual = await parseToGolden(
    bytes,
    size,
    goldenCase.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
  );
  const canUpdate = UPDATE_GOLDEN && !Object.hasOwn(KNOWN_DEFECTS, goldenCase.name);
  if (canUpdate && size === 'whole') await writeGolden(`${base}.expected.json`, actual);
  const expected = JSON.parse(readFileSync(`${base}.expected.json`, 'utf8')) as Golden;
  expect(actual).toEqual(expected);
}

describe('parseFile golden files', () => {
  const passing = table(false);
  const defects = table(true);

  it('has a listed case for every fixture and a fixture for every case', () => {
    const onDisk = readdirSync(FIXTURES)
      .filter((file) => file.endsWith('.csv'))
      .map((file) => file.slice(0, -'.csv'.length))
      .sort();
    expect(onDisk).toEqual(CASES.map((c) => c.name).sort());
  });

  it.each(passing)('%s in chunks of %s bytes', async (_name, size, goldenCase) => {
    await checkGolden(size, goldenCase);
  });

  if (defects.length > 0) {
    it.failing.each(defects)('%s in chunks of %s bytes', async (_name, size, goldenCase) => {
      await checkGolden(size, goldenCase);
    });
  }
});

/*
 * Files over 64 KiB, built here rather than committed: past the sniffed prefix, bytes reach the
 * decoder and csv-parse in the chunks they were read in, so a 1- or 7-byte chunk splits UTF-8
 * sequences, UTF-16 code units, surrogate pairs and CRLF pairs.
 */
const LARGE_CHUNK_SIZES = ['whole', 1, 7, 4096] as const;

interface LargeFile {
  text: string;
  /** Per data row: its source line and its notes value. */
  rows: { lineNumber: number; email: string; notes: string }[];
}

/** `count` rows, CRLF line endings; every 10th row holds a quoted two-line note. */
function largeFile(count: number): LargeFile {
  const lines = ['email,first_name,last_name,notes'];
  const rows: LargeFile['rows'] = [];
  let line = 2;
  for (let i = 1; i <= count; i++) {
    const email = `user${i}@example.com`;
    const multiLine = i % 10 === 0;
    const notes = multiLine ? `thé ☕\nsecond 𝄞 line` : `Café € ☕ 𝄞 ${i}`;
    lines.push(`${email},Zoë,Müller,${multiLine ? `"${notes}"` : notes}`);
    rows.push({ lineNumber: line, email, notes });
    line += multiLine ? 2 : 1;
  }
  return { text: `${lines.join('\r\n')}\r\n`, rows };
}

function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

describe('parseFile on files over 64 KiB', () => {
  const utf8File = largeFile(2000);
  const utf16File = largeFile(1000);

  it.each(
    [
      ['UTF-8', Buffer.from(utf8File.text, 'utf8'), utf8File] as const,
      ['UTF-16LE', utf16le(utf16File.text), utf16File] as const,
    ].flatMap(([encoding, bytes, file]) =>
      LARGE_CHUNK_SIZES.map((size) => [encoding, size, bytes, file] as const),
    ),
  )('%s in chunks of %s bytes', async (encoding, size, bytes, file) => {
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    const events = await collect(bytes, size, { maxRecordBytes: DEFAULT_MAX_RECORD_BYTES });
    const golden = toGolden(events);
    expect(golden.encoding).toBe(encoding);
    expect(golden.delimiter).toBe(',');
    expect(golden.rows).toHaveLength(file.rows.length);
    golden.rows.forEach((row, i) => {
      const want = file.rows[i];
      expect({ rowNumber: row.rowNumber, lineNumber: row.lineNumber, data: row.data }).toEqual({
        rowNumber: i + 1,
        lineNumber: want.lineNumber,
        data: { email: want.email, first_name: 'Zoë', last_name: 'Müller', notes: want.notes },
      });
    });
  });
});

/** ASCII rows to past `minBytes`, then a row whose first name ends in byte 0xE9 ("é" in 1252). */
function lateLatin1File(minBytes: number): { bytes: Buffer; rows: number } {
  let text = 'email,first_name,last_name\n';
  let rows = 0;
  while (text.length < minBytes) {
    rows += 1;
    text += `person${rows}@example.com,Pat,Lee\n`;
  }
  const tail = Buffer.concat([
    Buffer.from('rene@example.com,Ren', 'latin1'),
    Buffer.from([0xe9]),
    Buffer.from(',Dupont\nlast@example.com,Lou,Last\n', 'latin1'),
  ]);
  return { bytes: Buffer.concat([Buffer.from(text, 'latin1'), tail]), rows: rows + 2 };
}

describe('parseFile with a non-UTF-8 byte after the first 64 KiB (late-invalid-utf8)', () => {
  const file = lateLatin1File(70 * 1024);
  const sizes = ['whole', 1, 7] as const;

  it.each(sizes)('fails with InvalidEncodingError in chunks of %s bytes', async (size) => {
    const events: ParseEvent[] = [];
    const parsing = (async () => {
      for await (const event of parseFile(chunked(file.bytes, size), {
        maxRecordBytes: DEFAULT_MAX_RECORD_BYTES,
      })) {
        events.push(event);
      }
    })();
    await expect(parsing).rejects.toBeInstanceOf(InvalidEncodingError);
    expect(events[0]).toEqual({ kind: 'start', start: { encoding: 'UTF-8', delimiter: ',' } });
  });

  it.each(sizes)('decodes as Windows-1252 when forced, in chunks of %s bytes', async (size) => {
    const events = await collect(file.bytes, size, {
      maxRecordBytes: DEFAULT_MAX_RECORD_BYTES,
      forceEncoding: 'WINDOWS-1252',
    });
    const golden = toGolden(events);
    expect(golden.encoding).toBe('WINDOWS-1252');
    expect(golden.rows).toHaveLength(file.rows);
    const rene = golden.rows[file.rows - 2];
    expect(rene).toEqual({
      rowNumber: file.rows - 1,
      lineNumber: file.rows,
      data: { email: 'rene@example.com', first_name: 'René', last_name: 'Dupont' },
      normalized: {
        email: 'rene@example.com',
        first_name: 'René',
        last_name: 'Dupont',
        company: '',
        phone: '',
      },
      issues: [],
      valid: true,
    });
  });
});

/**
 * §2: the BOM is stripped, so the first header is never "\uFEFFemail". A UTF-8 BOM makes the
 * detector say UTF-8; when later bytes prove the file is not, ingest-job.ts reads it again as
 * Windows-1252, where the BOM's three bytes would otherwise read "ï»¿email".
 */
describe('parseFile with a UTF-8 BOM and a non-UTF-8 byte after the first 64 KiB', () => {
  const file = lateLatin1File(70 * 1024);
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), file.bytes]);

  it.each(['whole', 1, 7] as const)(
    'maps the header and keeps every row when read as Windows-1252, in chunks of %s bytes',
    async (size) => {
      const golden = toGolden(
        await collect(bytes, size, {
          maxRecordBytes: DEFAULT_MAX_RECORD_BYTES,
          forceEncoding: 'WINDOWS-1252',
        }),
      );
      expect(golden.headerKeys).toEqual(['email', 'first_name', 'last_name']);
      expect(golden.fields).toEqual({
        email: 'email',
        first_name: 'first_name',
        last_name: 'last_name',
      });
      expect(golden.rows).toHaveLength(file.rows);
      expect(golden.rows[0].data).toEqual({
        email: 'person1@example.com',
        first_name: 'Pat',
        last_name: 'Lee',
      });
      expect(golden.rows[file.rows - 2].data).toEqual({
        email: 'rene@example.com',
        first_name: 'René',
        last_name: 'Dupont',
      });
    },
  );
});

/**
 * §2: a file that is not valid UTF-8 is Windows-1252. Here the first non-ASCII byte, 0xE9
 * followed by ",", is the last byte of the 64 KiB sample: the sequence is invalid, but the
 * detector looks at the sample alone, takes the cut-off sequence for a split character and
 * chooses UTF-8, and decoding then fails with InvalidEncodingError.
 */
describe('parseFile with a Windows-1252 byte at the last byte of the 64 KiB sample', () => {
  const prefix = 'email,first_name,last_name\n' + 'person@example.com,Pat,Lee\n'.repeat(2400);
  const start = 'rene@example.com,';
  const name = 'R'.repeat(ENCODING_SAMPLE_BYTES - 1 - prefix.length - start.length);
  const bytes = Buffer.concat([
    Buffer.from(prefix + start + name, 'latin1'),
    Buffer.from([0xe9]),
    Buffer.from(',Dupont\n', 'latin1'),
  ]);

  it("puts 0xE9 at the sample's last byte", () => {
    expect(bytes.indexOf(0xe9)).toBe(ENCODING_SAMPLE_BYTES - 1);
  });

  it.each(['whole', 1, 7] as const)('detects Windows-1252 in chunks of %s bytes', async (size) => {
    const golden = toGolden(
      await collect(bytes, size, { maxRecordBytes: DEFAULT_MAX_RECORD_BYTES }),
    );
    expect(golden.encoding).toBe('WINDOWS-1252');
    expect(golden.rows).toHaveLength(2401);
    expect(golden.rows[2400].data).toEqual({
      email: 'rene@example.com',
      first_name: `${name}é`,
      last_name: 'Dupont',
    });
  });
});

describe('parseFile drops NUL characters, which PostgreSQL text cannot hold', () => {
  it.each<[Encoding, Buffer, string]>([
    ['UTF-8', Buffer.from('email,first_name\nada@example.com,A\0\0da\n'), 'Ada'],
    [
      'WINDOWS-1252',
      Buffer.concat([
        Buffer.from('email,first_name\nada@example.com,A\0d'),
        Buffer.from([0xe9, 0x0a]),
      ]),
      'Adé',
    ],
    [
      'UTF-16LE',
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('email,first_name\nada@example.com,A\0da\n', 'utf16le'),
      ]),
      'Ada',
    ],
  ])('%s, in chunks of every size', async (encoding, bytes, firstName) => {
    for (const size of ['whole', 1, 7] as const) {
      const golden = toGolden(
        await collect(bytes, size, { maxRecordBytes: DEFAULT_MAX_RECORD_BYTES }),
      );
      expect(golden.encoding).toBe(encoding);
      expect(golden.rows.map((row) => row.data)).toEqual([
        { email: 'ada@example.com', first_name: firstName },
      ]);
    }
  });
});

/*
 * Spec §3 limits a record as the file holds it. Decoded and re-encoded as UTF-8, a Windows-1252
 * "é" takes two bytes and a UTF-16 "a" one: neither is the record's size in the file.
 */
describe('the record size limit, in the bytes of the file', () => {
  const LIMIT = 1024;
  const header = 'email,notes\n';

  function windows1252(notesBytes: number): Buffer {
    return Buffer.concat([
      Buffer.from(`${header}a@example.com,`, 'latin1'),
      Buffer.alloc(notesBytes, 0xe9),
      Buffer.from('\n', 'latin1'),
    ]);
  }

  function utf16le(notesChars: number): Buffer {
    const text = `${header}a@example.com,${'a'.repeat(notesChars)}\n`;
    return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  }

  // The record is `a@example.com,` (14 characters) and the notes.
  it.each<[string, 'rows' | 'RECORD_TOO_LARGE', Buffer]>([
    ['Windows-1252, 1,024 bytes (2,034 as UTF-8)', 'rows', windows1252(LIMIT - 14)],
    ['Windows-1252, 1,025 bytes', 'RECORD_TOO_LARGE', windows1252(LIMIT - 13)],
    ['UTF-16LE, 1,024 bytes (512 as UTF-8)', 'rows', utf16le(LIMIT / 2 - 14)],
    ['UTF-16LE, 1,026 bytes (513 as UTF-8)', 'RECORD_TOO_LARGE', utf16le(LIMIT / 2 - 13)],
  ])('%s: %s', async (_label, outcome, bytes) => {
    const parsing = collect(bytes, 'whole', { maxRecordBytes: LIMIT });
    if (outcome === 'rows') {
      expect(toGolden(await parsing).rows).toHaveLength(1);
    } else {
      await expect(parsing).rejects.toMatchObject({ code: 'RECORD_TOO_LARGE', line: 2 });
    }
  });
});
