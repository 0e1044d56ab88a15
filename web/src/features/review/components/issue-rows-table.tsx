import type { ReactNode } from 'react';
import type { IssueRow } from '../../../types/api';
import { CONTACT_FIELDS, FIELD_LABELS, type ContactField } from '../utils/issue-labels';

/** How a decision treats a cell: its value is kept, or left out. */
export type CellOutcome = 'kept' | 'dropped' | undefined;

type IssueRowsTableProps = {
  rows: IssueRow[];
  /** Extra content under a row's column heading, e.g. "Keep row 3". */
  renderColumnAction?: (row: IssueRow) => ReactNode;
  /** Replaces a normalized cell, e.g. with a "take this value" choice; null keeps the value. */
  renderFieldCell?: (row: IssueRow, field: ContactField) => ReactNode | null;
  /** The outcome of the decision for a normalized cell (none while open). */
  outcome?: (row: IssueRow, field: ContactField) => CellOutcome;
};

// Original columns in first-seen order over all rows: candidates may differ in which are set.
function originalColumns(rows: IssueRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row.data)) seen.add(key);
  return [...seen];
}

function differs(values: string[]): boolean {
  return values.length > 1 && values.some((value) => value !== values[0]);
}

function Value({ value }: { value: string | undefined }) {
  return value ? <>{value}</> : <span className="muted">empty</span>;
}

/**
 * The rows of an issue side by side, one column each: the values as normalized (what the
 * contact would get) and as written in the file. Cells where candidates disagree stand out.
 */
export function IssueRowsTable({
  rows,
  renderColumnAction,
  renderFieldCell,
  outcome,
}: IssueRowsTableProps) {
  const columns = originalColumns(rows);
  const span = rows.length + 1;
  return (
    <div className="table-wrap">
      <table className="table compare" data-testid="issue-rows">
        <caption className="visually-hidden">The rows of this issue, side by side</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            {rows.map((row) => (
              <th
                key={row.rowId}
                scope="col"
                data-testid="issue-candidate"
                data-row-id={row.rowId}
                data-row-number={row.rowNumber}
              >
                <span className="compare__row">Row {row.rowNumber}</span>{' '}
                <span className="muted small">line {row.lineNumber}</span>
                {renderColumnAction && (
                  <div className="compare__action">{renderColumnAction(row)}</div>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr className="compare__group">
            <th scope="colgroup" colSpan={span}>
              Normalized
            </th>
          </tr>
          {CONTACT_FIELDS.map((field) => {
            const values = rows.map((row) => row.normalized[field] ?? '');
            const differing = differs(values);
            return (
              <tr key={field} data-field={field}>
                <th scope="row">{FIELD_LABELS[field]}</th>
                {rows.map((row) => {
                  const custom = renderFieldCell?.(row, field) ?? null;
                  const cellOutcome = outcome?.(row, field);
                  const classes = [
                    differing ? 'compare__cell--differs' : '',
                    cellOutcome ? `compare__cell--${cellOutcome}` : '',
                  ].join(' ');
                  return (
                    <td
                      key={row.rowId}
                      className={classes.trim() || undefined}
                      data-outcome={cellOutcome}
                    >
                      {custom ?? <Value value={row.normalized[field]} />}
                    </td>
                  );
                })}
              </tr>
            );
          })}
          <tr className="compare__group">
            <th scope="colgroup" colSpan={span}>
              As in the file
            </th>
          </tr>
          {columns.map((column) => {
            const differing = differs(rows.map((row) => row.data[column] ?? ''));
            return (
              <tr key={column} data-column={column}>
                <th scope="row">
                  <code>{column}</code>
                </th>
                {rows.map((row) => (
                  <td key={row.rowId} className={differing ? 'compare__cell--differs' : undefined}>
                    <Value value={row.data[column]} />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
