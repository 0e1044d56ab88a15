import { rowIdOf, type Issue, type IssueResolution, type RawRow } from '@intake/db';

/**
 * A row as api.md spells it: `data` names each value by its column (`columns`: the job's), as
 * the file did; the database keeps the values only (raw_rows.data).
 */
export function presentRow(row: RawRow, columns: readonly string[]) {
  return {
    rowId: rowIdOf(row.jobId, row.rowNumber),
    rowNumber: row.rowNumber,
    lineNumber: row.lineNumber,
    // fromEntries defines each key as data, a "__proto__" column too.
    data: Object.fromEntries(columns.map((key, i) => [key, row.data[i] ?? ''])),
    normalized: {
      email: row.email,
      first_name: row.firstName,
      last_name: row.lastName,
      company: row.company,
      phone: row.phone,
    },
  };
}

/** A resolution as api.md spells it: rows by row id. */
export function presentResolution(jobId: string, resolution: IssueResolution) {
  switch (resolution.action) {
    case 'choose':
      return { action: resolution.action, rowId: rowIdOf(jobId, resolution.rowNumber) };
    case 'merge':
      return {
        action: resolution.action,
        fields: Object.fromEntries(
          Object.entries(resolution.fieldRowNumbers).map(([field, n]) => [
            field,
            rowIdOf(jobId, n),
          ]),
        ),
      };
    default:
      return resolution;
  }
}

/**
 * The issue as api.md describes it; `rows` are the candidates, or the one row of a row issue,
 * and `columns` their job's.
 */
export function presentIssue(issue: Issue, rows: RawRow[], columns: readonly string[]) {
  return {
    id: issue.id,
    jobId: issue.jobId,
    type: issue.type,
    blocking: issue.blocking,
    key: issue.key,
    status: issue.status,
    version: issue.version,
    rows: rows.map((row) => presentRow(row, columns)),
    resolution: issue.resolution
      ? {
          ...presentResolution(issue.jobId, issue.resolution),
          resolvedBy: issue.resolvedBy,
          resolvedAt: issue.resolvedAt,
        }
      : null,
  };
}

export type IssueView = ReturnType<typeof presentIssue>;
