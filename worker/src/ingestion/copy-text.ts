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
  return (
    [
      jobId,
      String(rowNumber),
      String(lineNumber),
      copyEscape(JSON.stringify(row.data)),
      copyEscape(n.email),
      copyEscape(n.first_name),
      copyEscape(n.last_name),
      copyEscape(n.company),
      copyEscape(n.phone),
      copyEscape(row.identityKey),
      `{${row.issues.join(',')}}`,
      row.valid ? 't' : 'f',
      emailSeen ? 't' : 'f',
    ].join('\t') + '\n'
  );
}
