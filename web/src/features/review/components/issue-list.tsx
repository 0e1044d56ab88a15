import { useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, useEffect, useRef, type ReactNode } from 'react';
import { formatNumber } from '../../../lib/format';
import type { Issue } from '../../../types/api';
import { ISSUE_STATUS_LABELS, ISSUE_TYPE_LABELS } from '../utils/issue-labels';

// Rows are one line high; the virtualizer measures them anyway, so a long key that wraps is fine.
const ESTIMATED_ROW_HEIGHT = 45;
// Ask for the next page this many rows before the end, so scrolling rarely meets a gap.
const PREFETCH_ROWS = 20;

type IssueListProps = {
  issues: Issue[];
  /** How many issues match the filters, when the counts tell (for "x of y" and aria-rowcount). */
  total: number | null;
  selectedId: string | null;
  onSelect: (issueId: string) => void;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  /** The filters changed and the new rows have not arrived: the old ones are dimmed. */
  stale: boolean;
};

/**
 * An email key with places to wrap after its "@" and before its dots, so that a narrow list
 * wraps "user0@example.com" as "user0@" / "example.com" rather than in the middle of a word.
 */
function withBreaks(key: string): ReactNode {
  const parts = key.split(/(?<=@)|(?=\.)/);
  return parts.map((part, index) => (
    <Fragment key={index}>
      {index > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}

/**
 * The issues as a table whose rows exist in the page only around the visible part: a job with
 * 75,000 issues scrolls like one with 50. Pages load as the end comes into view.
 */
export function IssueList({
  issues,
  total,
  selectedId,
  onSelect,
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
  stale,
}: IssueListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: issues.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => issues[index]?.id ?? index,
  });
  const rows = virtualizer.getVirtualItems();
  const lastIndex = rows.at(-1)?.index ?? -1;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= issues.length - PREFETCH_ROWS) {
      fetchNextPage();
    }
  }, [hasNextPage, isFetchingNextPage, lastIndex, issues.length, fetchNextPage]);

  // Keep the chosen issue in view when it changes from elsewhere (next, the audit trail).
  const selectedIndex = issues.findIndex((issue) => issue.id === selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const paddingTop = rows[0]?.start ?? 0;
  const paddingBottom = rows.length > 0 ? virtualizer.getTotalSize() - (rows.at(-1)?.end ?? 0) : 0;

  return (
    <div className="issue-list">
      <div
        ref={scrollRef}
        className={`issue-list__scroll${stale ? ' issue-list__scroll--stale' : ''}`}
        data-testid="issue-list-scroll"
      >
        <table
          className="table issue-list__table"
          data-testid="issues-table"
          aria-rowcount={total === null ? -1 : total + 1}
          aria-busy={stale || isFetchingNextPage}
        >
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col">Type</th>
              <th scope="col">Key</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {paddingTop > 0 && (
              <tr aria-hidden="true" className="issue-list__spacer">
                <td colSpan={3} style={{ height: paddingTop }} />
              </tr>
            )}
            {rows.map((row) => {
              const issue = issues[row.index];
              if (!issue) return null;
              const selected = issue.id === selectedId;
              const typeLabel = ISSUE_TYPE_LABELS[issue.type] ?? issue.type;
              return (
                <tr
                  key={row.key}
                  ref={virtualizer.measureElement}
                  data-index={row.index}
                  aria-rowindex={row.index + 2}
                  data-selected={selected}
                  className={selected ? 'issue-list__row--selected' : undefined}
                  // The key's button is the way in for keyboards; the whole row is a larger target.
                  onClick={() => onSelect(issue.id)}
                  data-testid="issue-row"
                  data-issue-id={issue.id}
                  data-issue-type={issue.type}
                  data-issue-status={issue.status}
                >
                  <td>
                    {typeLabel}
                    {issue.blocking ? (
                      <span className="tag">blocking</span>
                    ) : (
                      <span className="tag tag--warning">warning</span>
                    )}
                  </td>
                  <td className="issue-list__key">
                    <button
                      type="button"
                      className="link-button"
                      aria-label={`${typeLabel}: ${issue.key}`}
                      aria-current={selected ? 'true' : undefined}
                      onClick={(event) => {
                        event.stopPropagation();
                        onSelect(issue.id);
                      }}
                    >
                      <code>{withBreaks(issue.key)}</code>
                    </button>
                  </td>
                  <td>
                    <span
                      className={`badge badge--issue-${issue.status.toLowerCase()}`}
                      data-testid="issue-status-badge"
                      data-status={issue.status}
                    >
                      {ISSUE_STATUS_LABELS[issue.status] ?? issue.status}
                    </span>
                  </td>
                </tr>
              );
            })}
            {paddingBottom > 0 && (
              <tr aria-hidden="true" className="issue-list__spacer">
                <td colSpan={3} style={{ height: paddingBottom }} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <p className="muted small issue-list__footer" data-testid="issue-list-summary">
        {isFetchingNextPage
          ? 'Loading more issues…'
          : // Decisions update loaded rows in place, so a count can briefly trail what is shown.
            total !== null && total >= issues.length
            ? `${formatNumber(issues.length)} of ${formatNumber(total)} loaded${hasNextPage ? '; scroll for more' : ''}`
            : `${formatNumber(issues.length)} loaded${hasNextPage ? '; scroll for more' : ''}`}
      </p>
    </div>
  );
}
