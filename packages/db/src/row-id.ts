/**
 * The public id of a raw row, derived from its key instead of stored: the job's UUID with its
 * last 48 bits replaced by the row number. It is a well-formed UUID, unique (row numbers are
 * unique within a job, and job ids are random in the bits kept), costs nothing to load, and is
 * the same every time a job is processed, so reprocessing keeps row ids stable.
 */
export function rowIdOf(jobId: string, rowNumber: number): string {
  return `${jobId.slice(0, 24)}${rowNumber.toString(16).padStart(12, '0')}`;
}

/** The row number a row id names within `jobId`, or null when it is not one of that job's. */
export function rowNumberOf(jobId: string, rowId: string): number | null {
  if (
    rowId.length !== 36 ||
    rowId.slice(0, 24).toLowerCase() !== jobId.slice(0, 24).toLowerCase()
  ) {
    return null;
  }
  const tail = rowId.slice(24);
  if (!/^[0-9a-fA-F]{12}$/.test(tail)) return null;
  const rowNumber = Number.parseInt(tail, 16);
  return rowNumber >= 1 ? rowNumber : null;
}
