import type { DataRow } from './parse-file.js';

/** The raw_rows columns the worker writes, in the order of `rowToCopyLine`'s fields. */
export const RAW_ROW_COPY_COLUMNS = [
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

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** PostgreSQL COPY text format: backslash, tab and line breaks escaped; the common case untouched. */
export function copyEscape(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]) : value;
}

/**
 * COPY text escaping for JSON.stringify's output: JSON already writes tab, CR and LF inside
 * strings as escapes, so only its backslashes need doubling. One `includes` instead of a
 * regular expression, on the longest field of every line.
 */
function copyEscapeJson(json: string): string {
  return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
}

/**
 * One raw_rows line for `COPY … FROM STDIN` (text format). Issue types are plain identifiers.
 * `emailSeen`: the load's SeenFilter answer for this row's email (false for an invalid row).
 */
export function rowToCopyLine(
  jobId: string,
  { row, rowNumber, lineNumber }: DataRow,
  emailSeen: boolean,
): string {
  const n = row.normalized;
  // One template rather than an array joined: a fifth less time per row, on the load's
  // critical path (measured at a million rows).
  return (
    `${jobId}\t${rowNumber}\t${lineNumber}\t${copyEscapeJson(JSON.stringify(row.data))}\t` +
    `${copyEscape(n.email)}\t${copyEscape(n.first_name)}\t${copyEscape(n.last_name)}\t` +
    `${copyEscape(n.company)}\t${copyEscape(n.phone)}\t${copyEscape(row.identityKey)}\t` +
    `{${row.issues.join(',')}}\t${row.valid ? 't' : 'f'}\t${emailSeen ? 't' : 'f'}\n`
  );
}

/**
 * Collects COPY lines as UTF-8 in one reused buffer: encoding each line into it as it comes,
 * then copying the batch out once, costs about a third less than concatenating a batch's lines
 * and encoding the result (measured at 200,000 rows), on the load's critical path.
 */
export class CopyLineBuffer {
  private buffer: Buffer;
  private used = 0;

  constructor(initialBytes = 1 << 20) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  add(line: string): void {
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    const worst = line.length * 3;
    if (this.used + worst > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + worst));
      this.buffer.copy(grown, 0, 0, this.used);
      this.buffer = grown;
    }
    this.used += this.buffer.write(line, this.used);
  }

  /** The lines added since the last call, in a buffer of their own; empties this one. */
  take(): Buffer {
    const out = Buffer.from(this.buffer.subarray(0, this.used));
    this.used = 0;
    return out;
  }
}
