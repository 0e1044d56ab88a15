import {
  buildRow,
  createDecoder,
  createUtf8Validator,
  detectDelimiter,
  detectEncoding,
  ENCODING_SAMPLE_BYTES,
  isBlankRecord,
  mapHeader,
  type Delimiter,
  type Encoding,
  type HeaderMapping,
  type ParsedRow,
} from '@intake/domain';
import { peekStream } from '@intake/platform';
import { CsvError, parse, type Options } from 'csv-parse';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { IngestionFailure } from './ingestion-failure.js';

export interface ParsedFileStart {
  encoding: Encoding;
  delimiter: Delimiter;
}

export interface DataRow {
  row: ParsedRow;
  rowNumber: number;
  lineNumber: number;
  /** Fields beyond the header in this record (0 when none): the job's `_extra_N` columns. */
  extraFields: number;
}

const ROWS_PER_EVENT = 1000;

interface LocatedRecord {
  record: string[];
  /** The line the record starts on. */
  line: number;
}

export type ParseEvent =
  | { kind: 'start'; start: ParsedFileStart }
  | { kind: 'header'; mapping: HeaderMapping; headers: string[] }
  /** Rows in file order, in batches: one event per row would cost more than the row. */
  | { kind: 'rows'; rows: DataRow[] };

/** NUL characters, which PostgreSQL text cannot hold, are dropped (spec §2). */
const withoutNulText = (text: string) => (text.includes('\0') ? text.replaceAll('\0', '') : text);
const withoutNulBytes = (bytes: Buffer) =>
  bytes.includes(0) ? Buffer.from(bytes.filter((byte) => byte !== 0)) : bytes;

interface ParserInput {
  write(chunk: Buffer): Buffer | string;
  end(): Buffer | string;
}

/**
 * What csv-parse is fed (spec §2). UTF-8 goes in as the file's bytes once they are checked,
 * since csv-parse parses bytes and would encode decoded text back to UTF-8; the other
 * encodings are decoded to text.
 */
function parserInput(encoding: Encoding): ParserInput {
  if (encoding === 'UTF-8') {
    const validator = createUtf8Validator();
    return {
      write: (chunk) => withoutNulBytes(validator.write(chunk)),
      end: () => {
        validator.end();
        return '';
      },
    };
  }
  const decoder = createDecoder(encoding);
  return {
    write: (chunk) => withoutNulText(decoder.write(chunk)),
    end: () => withoutNulText(decoder.end()),
  };
}

/**
 * The file's bytes behind one UTF-16 code unit of the parsed text: exactly one in Windows-1252
 * and two in UTF-16; one to three in UTF-8. Spec §3 limits a record as the file holds it, not as
 * UTF-8 after decoding (where a Windows-1252 é doubles and a UTF-16 letter halves).
 */
const FILE_BYTES_PER_UNIT: Readonly<Record<Encoding, number>> = {
  'UTF-8': 3,
  'UTF-16LE': 2,
  'UTF-16BE': 2,
  'WINDOWS-1252': 1,
};

/**
 * Whether a record of `units` code units (its fields and the delimiters between them) is larger
 * than `limit` bytes in the file. Only UTF-8 needs the record's bytes counted, and only when the
 * units alone come near the limit.
 */
function recordExceeds(
  record: readonly string[],
  units: number,
  encoding: Encoding,
  limit: number,
): boolean {
  if (units * FILE_BYTES_PER_UNIT[encoding] <= limit) return false;
  if (encoding !== 'UTF-8') return true;
  let bytes = record.length - 1;
  for (const field of record) bytes += Buffer.byteLength(field);
  return bytes > limit;
}

const recordTooLarge = (line: number) =>
  new IngestionFailure(
    'RECORD_TOO_LARGE',
    `The record starting on line ${line} is larger than the limit. Is a quote left open?`,
    line,
  );

function toFailure(error: CsvError, line: number): IngestionFailure {
  if (error.code === 'CSV_MAX_RECORD_SIZE') return recordTooLarge(line);
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new IngestionFailure(
      'MALFORMED_CSV',
      `The record starting on line ${line} has a quoted field that is never closed.`,
      line,
    );
  }
  return new IngestionFailure(
    'MALFORMED_CSV',
    `The file is not valid CSV near line ${line}: ${error.message}`,
    line,
  );
}

/**
 * Streams a file's bytes through decoding, dialect detection, csv-parse and the row rules,
 * yielding the detected dialect, the header and then each data row. Memory stays bounded by
 * the parser's buffers, whatever the file's size.
 */
export async function* parseFile(
  bytes: Readable,
  options: { maxRecordBytes: number; forceEncoding?: Encoding },
): AsyncGenerator<ParseEvent> {
  // A few bytes past the sample settle a character the sample's edge cuts in two.
  const { prefix, rest } = await peekStream(bytes, ENCODING_SAMPLE_BYTES + 4);
  const complete = prefix.length < ENCODING_SAMPLE_BYTES + 4;
  const encoding =
    options.forceEncoding ??
    detectEncoding(prefix.subarray(0, ENCODING_SAMPLE_BYTES + 4), { complete });
  // A fresh decoder in streaming mode: a character cut at the sample's end is not an error.
  const sample = createDecoder(encoding).write(prefix.subarray(0, ENCODING_SAMPLE_BYTES));
  const delimiter = detectDelimiter(sample);
  yield { kind: 'start', start: { encoding, delimiter } };

  // Line numbers are tracked in on_record, which csv-parse calls synchronously as it parses:
  // an error then knows the last record parsed, even one the loop below has not consumed.
  // context.lines is the line a record ends on; it starts after the blank lines skipped since.
  // csv-parse counts a CRLF inside a quoted field as two lines; `overcount` takes those back.
  let lastEndLine = 0;
  let lastEmptyLines = 0;
  let overcount = 0;
  let parsed: LocatedRecord[] = [];
  const { maxRecordBytes } = options;
  const parserOptions: Options<LocatedRecord, string[]> = {
    delimiter,
    quote: '"',
    escape: '"',
    record_delimiter: ['\r\n', '\n', '\r'],
    // Spec §3 fails a file for an unterminated quote only. A quote that does not open a field
    // (`Bob "Bobby" Smith`, `5" disk`), or text after a closing one (`"Ann" Marie`), is kept as
    // written rather than failing a file of millions of rows over one hand-typed cell.
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // csv-parse counts a field's UTF-8 bytes, up to three per code unit, where the file may
    // have had one (Windows-1252) or two (UTF-16): its limit, scaled so, only stops a runaway
    // field (a quote never closed) before on_record measures the record exactly.
    max_record_size:
      encoding === 'UTF-8'
        ? maxRecordBytes
        : Math.ceil((maxRecordBytes * 3) / FILE_BYTES_PER_UNIT[encoding]),
    on_record: (record: string[], context): null => {
      const line = lastEndLine + (context.empty_lines - lastEmptyLines) + 1;
      // A record that ends on the line it starts on has no line break inside a field: the
      // search for CRLFs is needed on the few that span lines only.
      const multiLine = context.lines - overcount !== line;
      let chars = record.length - 1; // the delimiters
      for (const field of record) {
        chars += field.length;
        if (multiLine && field.includes('\r\n')) overcount += field.split('\r\n').length - 1;
      }
      lastEndLine = context.lines - overcount;
      lastEmptyLines = context.empty_lines;
      // csv-parse's own limit is per field; the spec limits the whole record.
      if (recordExceeds(record, chars, encoding, maxRecordBytes)) throw recordTooLarge(line);
      parsed.push({ record, line });
      // Collected here rather than pushed through the parser's readable side, which would
      // cost a stream push per record and an async read per batch.
      return null;
    },
  };
  // csv-parse's typings only let on_record change the record type together with `columns`.
  const parser = parse(parserOptions as unknown as Options);
  // The parser is written to directly and its error read back after each write (`errored`);
  // the 'error' event only repeats it.
  parser.on('error', () => undefined);
  const feed = (input: Buffer | string) => {
    if (input.length > 0) parser.write(input);
    if (parser.errored) throw parser.errored;
  };
  const input = parserInput(encoding);

  let mapping: HeaderMapping | null = null;
  let headerLength = 0;
  let rowNumber = 0;
  /** The records parsed so far, as events of at most ROWS_PER_EVENT rows. */
  function* drain(): Generator<ParseEvent> {
    const records = parsed;
    parsed = [];
    let rows: DataRow[] = [];
    for (const { record, line } of records) {
      if (isBlankRecord(record)) continue;
      if (!mapping) {
        mapping = mapHeader(record);
        headerLength = record.length;
        yield { kind: 'header', mapping, headers: record };
        continue;
      }
      rowNumber += 1;
      rows.push({
        row: buildRow(record, mapping),
        rowNumber,
        lineNumber: line,
        extraFields: Math.max(0, record.length - headerLength),
      });
      if (rows.length === ROWS_PER_EVENT) {
        yield { kind: 'rows', rows };
        rows = [];
      }
    }
    if (rows.length > 0) yield { kind: 'rows', rows };
  }

  try {
    // A write parses the chunk synchronously, and on_record collects its records.
    for await (const chunk of rest as AsyncIterable<Buffer>) {
      feed(input.write(chunk));
      yield* drain();
    }
    feed(input.end());
    parser.end();
    await finished(parser, { readable: false });
    yield* drain();
  } catch (error) {
    if (error instanceof CsvError) {
      const skipped =
        typeof error.empty_lines === 'number' ? error.empty_lines - lastEmptyLines : 0;
      throw toFailure(error, lastEndLine + skipped + 1);
    }
    throw error;
  }
  if (!mapping) {
    throw new IngestionFailure(
      'EMPTY_FILE',
      'The file is empty: it has no header row and no data.',
    );
  }
}
