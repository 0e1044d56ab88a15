import { useEffect, useId, useRef, useState } from 'react';
import { Alert } from '../../../components/alert';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { errorMessage } from '../../../lib/error-message';
import { formatNumber } from '../../../lib/format';
import type { BulkResolveAction, IssueCounts, IssueType } from '../../../types/api';
import { useResolveIssuesBulk } from '../api/resolve-issues-bulk';
import { matchingIssueCount } from '../utils/issue-labels';

type BulkOption = {
  type: IssueType;
  action: BulkResolveAction;
  label: string;
  /** "… duplicate-email issues" */
  noun: string;
  effect: string;
  confirmLabel: string;
};

const BULK_OPTIONS: BulkOption[] = [
  {
    type: 'DUPLICATE_EMAIL',
    action: 'choose_first',
    label: 'Choose the first row for all duplicates',
    noun: 'duplicate-email',
    effect: 'Each group keeps its first row (the lowest row number); its other rows are left out.',
    confirmLabel: 'Choose first rows',
  },
  {
    type: 'MISSING_EMAIL',
    action: 'exclude',
    label: 'Exclude all rows with a missing email',
    noun: 'missing-email',
    effect: 'Those rows are left out of the contacts and listed in the rejects file.',
    confirmLabel: 'Exclude rows',
  },
  {
    type: 'INVALID_EMAIL_FORMAT',
    action: 'exclude',
    label: 'Exclude all rows with an invalid email',
    noun: 'invalid-email',
    effect: 'Those rows are left out of the contacts and listed in the rejects file.',
    confirmLabel: 'Exclude rows',
  },
];

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

type BulkActionsProps = {
  jobId: string;
  counts: IssueCounts;
};

/** One decision for every open issue of a type, after a confirmation that says how many. */
export function BulkActions({ jobId, counts }: BulkActionsProps) {
  const bulk = useResolveIssuesBulk();
  const [confirming, setConfirming] = useState<BulkOption | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Closing, the dialog gives the keyboard back to the button that opened it, which a decision
  // on the last open issue of its type has disabled: the group's heading takes it instead, just
  // above the outcome. (This effect runs after the dialog's own, which closes it.)
  const [settled, setSettled] = useState(0);
  useEffect(() => {
    if (settled > 0) headingRef.current?.focus();
  }, [settled]);

  const options = BULK_OPTIONS.filter((option) => (counts.byType[option.type] ?? 0) > 0);
  if (options.length === 0) return null;

  const target = confirming
    ? matchingIssueCount(counts, { type: confirming.type, status: 'OPEN' })
    : 0;
  const title = confirming
    ? `Resolve ${formatNumber(target)} open ${confirming.noun} ${plural(target, 'issue', 'issues')}?`
    : '';

  const confirm = () => {
    if (!confirming) return;
    const option = confirming;
    bulk.mutate(
      { jobId, body: { type: option.type, action: option.action } },
      {
        onSuccess: ({ resolved }) => {
          setResult(
            `Resolved ${formatNumber(resolved)} ${option.noun} ${plural(resolved, 'issue', 'issues')}.`,
          );
        },
        onSettled: () => {
          setConfirming(null);
          setSettled((n) => n + 1);
        },
      },
    );
  };

  return (
    <div className="bulk" role="group" aria-labelledby={`${id}-title`} data-testid="bulk-actions">
      <h3 id={`${id}-title`} ref={headingRef} tabIndex={-1} className="bulk__title">
        Bulk actions
      </h3>
      <div className="bulk__buttons">
        {options.map((option) => {
          const open = matchingIssueCount(counts, { type: option.type, status: 'OPEN' });
          return (
            <button
              key={option.type}
              type="button"
              className="button button--secondary button--small"
              disabled={bulk.isPending || open === 0}
              onClick={() => {
                setResult(null);
                bulk.reset();
                setConfirming(option);
              }}
              data-testid={`bulk-${option.type}`}
            >
              {option.label}
            </button>
          );
        })}
      </div>
      {result && (
        <Alert tone="success" data-testid="bulk-result">
          {result}
        </Alert>
      )}
      {bulk.isError && <Alert data-testid="bulk-error">{errorMessage(bulk.error)}</Alert>}
      <ConfirmDialog
        open={confirming !== null}
        title={title}
        confirmLabel={confirming?.confirmLabel ?? 'Confirm'}
        busyLabel="Resolving…"
        busy={bulk.isPending}
        onConfirm={confirm}
        onCancel={() => setConfirming(null)}
        data-testid="bulk-confirm"
      >
        {confirming && (
          <>
            <p>{confirming.effect}</p>
            <p className="muted small">
              Each one can be reopened and decided again until the job is finalized.
            </p>
          </>
        )}
      </ConfirmDialog>
    </div>
  );
}
