import { ISSUE_TYPES, type IssueType } from '@intake/domain';

/**
 * The public id of a raw row, derived from its key instead of stored: the job's UUID with its
 * last 48 bits replaced by the row number. It is a well-formed UUID, costs nothing to load, and
 * is the same every time a job is processed, so reprocessing keeps row ids stable.
 *
 * Unique because row numbers are unique within a job, and the 64 bits kept of a job id (a
 * UUIDv7: milliseconds, then random bits) differ between jobs unless two are created in the
 * same millisecond and draw the same 26 random bits: one in 67 million for such a pair. Then
 * their row ids would repeat, harmlessly (a row id is only ever read within its job), and an
 * issue of the second job with the first row and type of one of the first's would meet it on
 * the issues key: the second job's processing would fail and roll back, nothing mixed.
 */
export function rowIdOf(jobId: string, rowNumber: number): string {
  return `${jobIdPrefix(jobId)}${rowNumber.toString(16).padStart(12, '0')}`;
}

/** The row number a row id names within `jobId`, or null when it is not one of that job's. */
export function rowNumberOf(jobId: string, rowId: string): number | null {
  if (
    rowId.length !== 36 ||
    jobIdPrefix(rowId).toLowerCase() !== jobIdPrefix(jobId).toLowerCase()
  ) {
    return null;
  }
  const tail = rowId.slice(24);
  if (!/^[0-9a-fA-F]{12}$/.test(tail)) return null;
  const rowNumber = Number.parseInt(tail, 16);
  return rowNumber >= 1 ? rowNumber : null;
}

/**
 * The tail of an issue id has its top bit set, so that it never equals a row id of its job
 * (row numbers stay far below 2^47).
 */
const ISSUE_TAIL_BASE = 2 ** 47;
// Room for every issue type of one row: the type's index in ISSUE_TYPES fills the low bits.
const TYPES_PER_ROW = 8;

/**
 * The id of the issue of `type` whose first row is `firstRow`, as a job's processing records it
 * (issueIdSql): the job's UUID with its last 48 bits holding the row and the type, like a row id.
 * Ids in row order reach the primary key's index at one place instead of at random; a row
 * issue's id names its row and type, so the key refuses a second one; and reprocessing a job
 * gives its issues the same ids.
 */
export function issueIdOf(jobId: string, firstRow: number, type: IssueType): string {
  const tail = ISSUE_TAIL_BASE + firstRow * TYPES_PER_ROW + ISSUE_TYPES.indexOf(type);
  return `${jobIdPrefix(jobId)}${tail.toString(16).padStart(12, '0')}`;
}

/** The part of a job id that its rows' and issues' ids keep: its first 64 bits, as text. */
export function jobIdPrefix(jobId: string): string {
  return jobId.slice(0, 24);
}

/**
 * issueIdOf in SQL, over SQL expressions for the job id's prefix (text: jobIdPrefix, computed
 * once rather than from the uuid on every row), the first row (int) and the issue type (text),
 * for set-based inserts.
 */
export function issueIdSql(jobPrefix: string, firstRow: string, type: string): string {
  const types = ISSUE_TYPES.map((t) => `'${t}'`).join(', ');
  return (
    `((${jobPrefix}) || lpad(to_hex(${ISSUE_TAIL_BASE}::bigint + (${firstRow})::bigint * ${TYPES_PER_ROW}` +
    ` + array_position(ARRAY[${types}], ${type}) - 1), 12, '0'))::uuid`
  );
}
