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
    `${jobId}\t${rowNumber}\t${lineNumber}\t${copyEscape(JSON.stringify(row.data))}\t` +
    `${copyEscape(n.email)}\t${copyEscape(n.first_name)}\t${copyEscape(n.last_name)}\t` +
    `${copyEscape(n.company)}\t${copyEscape(n.phone)}\t${copyEscape(row.identityKey)}\t` +
    `{${row.issues.join(',')}}\t${row.valid ? 't' : 'f'}\t${emailSeen ? 't' : 'f'}\n`
  );
}
