import type { Delimiter, Encoding } from '@intake/domain';
import { CsvError, parse, type Options } from 'csv-parse';
import { parse as parseAll } from 'csv-parse/sync';
import type { Transform } from 'node:stream';
import { finished } from 'node:stream/promises';
import { IngestionFailure } from './ingestion-failure.js';

export interface LocatedRecord {
  record: string[];
  /** The line the record starts on. */
  line: number;
}

export interface SplitOptions {
  delimiter: Delimiter;
  encoding: Encoding;
  maxRecordBytes: number;
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
 * Whether a record (its fields and the delimiters between them) is larger than `limit` bytes in
 * the file. Only UTF-8 needs the record's bytes counted, and only when its code units alone come
 * near the limit.
 */
function recordExceeds(record: readonly string[], encoding: Encoding, limit: number): boolean {
  let units = record.length - 1;
  for (const field of record) units += field.length;
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

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
/** Runs before their share of the records is weighed: a few in any file cost nothing. */
const RUNS_BEFORE_STREAM = 64;
/** More than one run per this many records split here: csv-parse streams the rest. */
const RUN_SHARE_FOR_STREAM = 32;
/** A carriage return that does not start a CRLF: csv-parse ends a record there, and a line. */
const LONE_CR = /\r(?!\n)/;

function lineFeedsIn(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

/** A record read by `readQuotedRecord`: its fields, where it ends and the lines it spans. */
interface ScannedRecord {
  fields: string[];
  /** Where the next record starts: after the record's line break. */
  next: number;
  /** The line breaks inside its quoted fields. */
  breaks: number;
}

/**
 * Reads the record that starts at `start` when csv-parse would read it the same way under any of
 * its relaxations: every field either holds no quote, or is wholly quoted, with doubled quotes
 * and line feeds inside. Anything else (a quote inside an unquoted field, text after a closing
 * quote, a quote never closed, a carriage return that is not part of a CRLF) is null: csv-parse
 * decides it. 'more' when the text ends before the record does.
 */
export function readQuotedRecord(
  text: string,
  start: number,
  delimiter: string,
  atEnd: boolean,
): ScannedRecord | null | 'more' {
  const fields: string[] = [];
  const separator = delimiter.charCodeAt(0);
  let breaks = 0;
  let at = start;
  for (;;) {
    if (text.charCodeAt(at) === QUOTE) {
      let value = '';
      let from = at + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        // A quote at the very end may be the first of a doubled one.
        if (quote < 0 || (quote === text.length - 1 && !atEnd)) return atEnd ? null : 'more';
        if (text.charCodeAt(quote + 1) === QUOTE) {
          value += text.slice(from, quote + 1);
          from = quote + 2;
          continue;
        }
        value += text.slice(from, quote);
        at = quote + 1;
        break;
      }
      if (value.includes('\r')) return null;
      breaks += lineFeedsIn(value);
      fields.push(value);
    } else {
      let end = at;
      for (; end < text.length; end++) {
        const code = text.charCodeAt(end);
        if (code === separator || code === LF || code === CR) break;
        if (code === QUOTE) return null;
      }
      fields.push(text.slice(at, end));
      at = end;
    }
    const code = text.charCodeAt(at);
    if (code === separator) {
      at += 1;
    } else if (code === LF) {
      return { fields, next: at + 1, breaks };
    } else if (code === CR && text.charCodeAt(at + 1) === LF) {
      return { fields, next: at + 2, breaks };
    } else if (at < text.length - (code === CR ? 1 : 0)) {
      return null;
    } else {
      // The text ends here (or with a CR that a LF may follow).
      if (!atEnd) return 'more';
      return code === CR ? null : { fields, next: at, breaks };
    }
  }
}

/**
 * One run of csv-parse over text that starts at a record boundary on file line `firstLine`:
 * its options (spec §3's dialect), with on_record placing each record on its file line.
 */
function csvRun(options: SplitOptions, firstLine: number, push: (record: LocatedRecord) => void) {
  const { encoding, maxRecordBytes } = options;
  // context.lines is the line a record ends on; it starts after the blank lines skipped since.
  // csv-parse counts a CRLF inside a quoted field as two lines; `overcount` takes those back.
  let lastEndLine = 0;
  let lastEmptyLines = 0;
  let overcount = 0;
  const before = firstLine - 1;
  const parserOptions: Options<LocatedRecord, string[]> = {
    delimiter: options.delimiter,
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
      const line = before + lastEndLine + (context.empty_lines - lastEmptyLines) + 1;
      // A record that ends on the line it starts on has no line break inside a field: the
      // search for CRLFs is needed on the few that span lines only.
      if (before + context.lines - overcount !== line) {
        for (const field of record) {
          if (field.includes('\r\n')) overcount += field.split('\r\n').length - 1;
        }
      }
      lastEndLine = context.lines - overcount;
      lastEmptyLines = context.empty_lines;
      // csv-parse's own limit is per field; the spec limits the whole record.
      if (recordExceeds(record, encoding, maxRecordBytes)) throw recordTooLarge(line);
      push({ record, line });
      return null;
    },
  };
  return {
    // csv-parse's typings only let on_record change the record type together with `columns`.
    options: parserOptions as unknown as Options,
    /** The file's failure for csv-parse's error, on the line after the last record read. */
    failure(error: CsvError): IngestionFailure {
      const skipped =
        typeof error.empty_lines === 'number' ? error.empty_lines - lastEmptyLines : 0;
      return toFailure(error, before + lastEndLine + skipped + 1);
    },
  };
}

/** The csv-parse stream that reads the rest of a file, and its errors as the file's failures. */
interface Stream {
  parser: Transform;
  failure: (error: CsvError) => IngestionFailure;
}

/**
 * Splits decoded text into records (spec §3), in file order, each with the line it starts on.
 *
 * csv-parse reads a file a byte at a time, which made it the largest single cost of a load (1.5
 * to 1.9 s of CPU for the 1M-row benchmark file, more than the floor's whole COPY; the splitting
 * here takes 0.4 s). Most records of a contacts file are simple: fields with no quote, or wholly
 * quoted ones (line feeds and doubled quotes inside). Those are split here with the string's own
 * searches, into exactly the fields and lines csv-parse gives them: a test compares the two on
 * generated files cut into random chunks. Any other record goes to csv-parse, with as many lines
 * after it as it takes to complete; then simple records are split here again. Text that ends
 * records at lone carriage returns (csv-parse counts their lines its own way), a record longer
 * than the limit allows, or a file where such records are common, is left to one csv-parse
 * stream to the end of the file.
 */
export class RecordSplitter {
  /** Text after the last line break taken, not split yet. */
  private pending = '';
  /** The file line `pending` starts on. */
  private line = 1;
  /** Lines in `pending` that csv-parse must read together (0: none); doubled on each try. */
  private runLines = 0;
  /** Records split here so far, and the csv-parse runs started for the others. */
  private simpleRecords = 0;
  private runs = 0;
  private stream: Stream | null = null;
  /** Beyond this many code units, `pending` goes to the csv-parse stream. */
  private readonly maxPendingUnits: number;
  private readonly bytesPerUnit: number;

  /** `reader` 'csv-parse': csv-parse reads all of it, the reference the splitting is tested against. */
  constructor(
    private readonly options: SplitOptions,
    private readonly push: (record: LocatedRecord) => void,
    reader: 'split' | 'csv-parse' = 'split',
  ) {
    // A record over the limit fails the file; the slack keeps a record near the limit, with
    // the lines read along with it, from being streamed for no reason.
    this.maxPendingUnits = options.maxRecordBytes + (1 << 20);
    this.bytesPerUnit = FILE_BYTES_PER_UNIT[options.encoding];
    if (reader === 'csv-parse') this.startStream();
  }

  write(text: string): void {
    if (this.stream) return this.feedStream(this.stream, text);
    this.pending += text;
    this.split(false);
  }

  async end(): Promise<void> {
    if (!this.stream) this.split(true);
    if (!this.stream) return;
    const { parser } = this.stream;
    parser.end();
    try {
      await finished(parser, { readable: false });
    } catch (error) {
      throw error instanceof CsvError ? this.stream.failure(error) : error;
    }
  }

  private split(atEnd: boolean): void {
    const text = this.pending;
    const { delimiter } = this.options;
    let start = 0;
    let line = this.line;
    let toStream = false;
    for (;;) {
      if (this.runLines > 0) {
        const taken = this.tryRun(text, start, line, atEnd);
        if (taken === 'wait') break;
        if (taken === 'stream') {
          toStream = true;
          break;
        }
        ({ start, line } = taken);
        continue;
      }
      let newline = text.indexOf('\n', start);
      if (newline < 0) {
        if (!atEnd || start >= text.length) break;
        newline = text.length;
      }
      let end = newline;
      if (end > start && text.charCodeAt(end - 1) === CR) end -= 1;
      if (end === start) {
        // An empty line: csv-parse skips it too.
        start = newline + 1;
        line += 1;
        continue;
      }
      const content = text.slice(start, end);
      let record: string[];
      let next = newline + 1;
      let lines = 1;
      if (!content.includes('"') && !content.includes('\r')) {
        record = content.split(delimiter);
      } else {
        const read = readQuotedRecord(text, start, delimiter, atEnd);
        if (read === 'more') break;
        if (read === null) {
          this.runs += 1;
          // A csv-parse run costs several times what csv-parse streaming the same record does
          // (a file of 200,000 stray quotes: 1.84 s against 0.25 s); where they are common, the
          // stream takes the rest of the file.
          if (
            this.runs > RUNS_BEFORE_STREAM &&
            this.runs * RUN_SHARE_FOR_STREAM > this.simpleRecords
          ) {
            toStream = true;
            break;
          }
          this.runLines = 1;
          continue;
        }
        ({ fields: record, next } = read);
        lines += read.breaks;
      }
      // The text holds the fields and the delimiters, and the quotes around them: measured
      // exactly only when it comes near the limit.
      const { encoding, maxRecordBytes } = this.options;
      if (
        (next - start) * this.bytesPerUnit > maxRecordBytes &&
        recordExceeds(record, encoding, maxRecordBytes)
      ) {
        throw recordTooLarge(line);
      }
      this.simpleRecords += 1;
      this.push({ record, line });
      start = next;
      line += lines;
    }
    this.pending = text.slice(start);
    this.line = line;
    if (toStream || this.pending.length > this.maxPendingUnits) this.startStream();
  }

  /**
   * Parses the lines from `start` with csv-parse, `runLines` of them and twice as many each time
   * the record goes on past them: 'wait' when they are not all in yet, 'stream' when the run
   * must go to the csv-parse stream instead.
   */
  private tryRun(
    text: string,
    start: number,
    line: number,
    atEnd: boolean,
  ): { start: number; line: number } | 'wait' | 'stream' {
    for (; ; this.runLines *= 2) {
      let end = start;
      for (let n = 0; n < this.runLines; n++) {
        const newline = text.indexOf('\n', end);
        if (newline < 0) {
          if (!atEnd) return 'wait';
          end = text.length;
          break;
        }
        end = newline + 1;
      }
      const run = text.slice(start, end);
      if (LONE_CR.test(run)) return 'stream';
      const records: LocatedRecord[] = [];
      const csv = csvRun(this.options, line, (record) => records.push(record));
      try {
        parseAll(run, csv.options);
      } catch (error) {
        if (!(error instanceof CsvError)) throw error;
        if (error.code === 'CSV_QUOTE_NOT_CLOSED' && (!atEnd || end < text.length)) continue;
        throw csv.failure(error);
      }
      for (const record of records) this.push(record);
      this.runLines = 0;
      return { start: end, line: line + lineFeedsIn(run) };
    }
  }

  /** From `pending` to the end of the file, csv-parse reads everything. */
  private startStream(): void {
    const csv = csvRun(this.options, this.line, this.push);
    const parser = parse(csv.options);
    // Its error is read back after each write (`errored`); the 'error' event only repeats it.
    parser.on('error', () => undefined);
    this.stream = { parser, failure: (error) => csv.failure(error) };
    const rest = this.pending;
    this.pending = '';
    this.runLines = 0;
    this.feedStream(this.stream, rest);
  }

  private feedStream(stream: Stream, text: string): void {
    if (text.length > 0) stream.parser.write(text);
    const error = stream.parser.errored;
    if (error) throw error instanceof CsvError ? stream.failure(error) : error;
  }
}
