import type { DataRow } from './parse-file.js';

/** The raw_rows columns the worker writes, in the order `RawRowEncoder.add` writes them. */
const RAW_ROW_COPY_COLUMNS = [
  'job_id',
  'row_number',
  'line_number',
  'data',
  'email',
  'first_name',
  'last_name',
  'company',
  'phone',
  'identity_key',
  'issue_types',
  'is_valid',
  'email_seen',
] as const;

/**
 * The load's COPY. Binary rather than text: PostgreSQL then reads each value by its length
 * instead of scanning 280 MB of text for tabs and escapes and parsing uuids, numbers and
 * arrays, and the worker writes values as they are instead of escaping them. On the 1M-row
 * benchmark file, replayed into raw_rows: 2.0-2.8 s of the backend's CPU against 3.3-3.8 s
 * for the same rows as text; building the bytes took the worker 3.8-3.9 s against 4.2-4.5 s,
 * parsing included.
 */
export const RAW_ROW_COPY_SQL = `COPY raw_rows (${RAW_ROW_COPY_COLUMNS.join(', ')}) FROM STDIN (FORMAT binary)`;

/** The binary COPY header: signature, flags (no OIDs), no header extension. */
const FILE_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
/** A field count of -1 ends the data. */
const FILE_TRAILER = Buffer.from([0xff, 0xff]);
const TEXT_OID = 25;
/** What starts every row: the field count, and the job id (a uuid) with its length word. */
const ROW_START_BYTES = 2 + 4 + 16;
/**
 * The row's start, the two integers and the two booleans with their length words, the issue
 * array's length word and header, and the length words of the seven text values.
 */
const FIXED_ROW_BYTES = ROW_START_BYTES + 8 + 8 + 5 + 5 + 4 + 12 + 4 * 7;
/** A non-empty array's dimension (size, lower bound); each element then has a length word. */
const ARRAY_DIMENSION_BYTES = 8;

/**
 * A big-endian int32 written at `at`; returns the offset after it. Buffer#writeInt32BE checks
 * its arguments on each call, about three times the instructions of the four stores under
 * callgrind, and the encoder writes some twenty of these a row. Values here are lengths, row
 * numbers and flags: never negative.
 */
function int32(b: Buffer, at: number, value: number): number {
  b[at] = value >>> 24;
  b[at + 1] = value >>> 16;
  b[at + 2] = value >>> 8;
  b[at + 3] = value;
  return at + 4;
}

function uuidBytes(uuid: string): Buffer {
  const hex = uuid.replaceAll('-', '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new TypeError(`not a UUID: ${uuid}`);
  return Buffer.from(hex, 'hex');
}

/**
 * Encodes one job's raw rows in PostgreSQL's binary COPY format, into one reused buffer that
 * `take` copies out a batch at a time (the stream keeps the batch; the buffer is written again).
 * The first bytes taken carry the format's header; `finish` gives the rest and the trailer.
 * Text goes in as UTF-8, which is what the database's text expects; the file's NULs were
 * dropped when it was read (spec §2), and PostgreSQL text cannot hold one.
 */
export class RawRowEncoder {
  private buffer: Buffer;
  private used = 0;
  /** The same for every row of the job (ROW_START_BYTES). */
  private readonly rowStart: Buffer;

  constructor(jobId: string, initialBytes = 1 << 20) {
    this.rowStart = Buffer.alloc(ROW_START_BYTES);
    this.rowStart.writeInt16BE(RAW_ROW_COPY_COLUMNS.length, 0);
    this.rowStart.writeInt32BE(16, 2);
    uuidBytes(jobId).copy(this.rowStart, 6);
    this.buffer = Buffer.allocUnsafe(Math.max(initialBytes, FILE_HEADER.length));
    this.used = FILE_HEADER.copy(this.buffer, 0);
  }

  /** `emailSeen`: the load's SeenFilter answer for this row's email (false for an invalid row). */
  add({ row, rowNumber, lineNumber }: DataRow, emailSeen: boolean): void {
    const n = row.normalized;
    // An array in column order (raw_rows.data): no key to write, no object to build.
    const json = JSON.stringify(row.values);
    let chars =
      json.length +
      n.email.length +
      n.first_name.length +
      n.last_name.length +
      n.company.length +
      n.phone.length +
      row.identityKey.length;
    for (const type of row.issues) chars += type.length;
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    this.reserve(FIXED_ROW_BYTES + ARRAY_DIMENSION_BYTES + 4 * row.issues.length + chars * 3);

    const b = this.buffer;
    let at = this.used;
    b.set(this.rowStart, at);
    at += ROW_START_BYTES;
    at = int32(b, at, 4);
    at = int32(b, at, rowNumber);
    at = int32(b, at, 4);
    at = int32(b, at, lineNumber);
    // json's binary form is its text.
    at = this.text(json, at);
    at = this.text(n.email, at);
    at = this.text(n.first_name, at);
    at = this.text(n.last_name, at);
    at = this.text(n.company, at);
    at = this.text(n.phone, at);
    at = this.text(row.identityKey, at);
    at = this.textArray(row.issues, at);
    at = this.boolean(row.valid, at);
    this.used = this.boolean(emailSeen, at);
  }

  /** The bytes added since the last call, in a buffer of their own. */
  take(): Buffer {
    const out = Buffer.from(this.buffer.subarray(0, this.used));
    this.used = 0;
    return out;
  }

  /** The last bytes: whatever was not taken yet, and the trailer. */
  finish(): Buffer {
    return Buffer.concat([this.take(), FILE_TRAILER]);
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + bytes));
    this.buffer.copy(grown, 0, 0, this.used);
    this.buffer = grown;
  }

  /** A length word, then the UTF-8 bytes written after it. */
  private text(value: string, at: number): number {
    const length = this.buffer.write(value, at + 4);
    int32(this.buffer, at, length);
    return at + 4 + length;
  }

  private boolean(value: boolean, at: number): number {
    const next = int32(this.buffer, at, 1);
    this.buffer[next] = value ? 1 : 0;
    return next + 1;
  }

  /** A one-dimensional text[] from 1, without NULLs; an empty one has no dimension at all. */
  private textArray(values: readonly string[], at: number): number {
    const b = this.buffer;
    const start = at + 4;
    let next = int32(b, start, values.length > 0 ? 1 : 0);
    next = int32(b, next, 0); // no NULLs
    next = int32(b, next, TEXT_OID);
    if (values.length > 0) {
      next = int32(b, next, values.length);
      next = int32(b, next, 1); // lower bound
      for (const value of values) next = this.text(value, next);
    }
    int32(b, at, next - start);
    return next;
  }
}
