import {
  MERGE_FIELDS,
  type Issue,
  type IssueCounts,
  type IssueRow,
  type IssueStatus,
  type IssueType,
  type MergeField,
} from '../../../types/api';

export const ISSUE_TYPE_LABELS: Record<IssueType, string> = {
  DUPLICATE_EMAIL: 'Duplicate email',
  MISSING_EMAIL: 'Missing email',
  INVALID_EMAIL_FORMAT: 'Invalid email',
  MISSING_FIRST_NAME: 'Missing first name',
  MISSING_LAST_NAME: 'Missing last name',
};

export const ISSUE_STATUS_LABELS: Record<IssueStatus, string> = {
  OPEN: 'Open',
  RESOLVED: 'Resolved',
};

/** The normalized fields, in the order of the export's header. */
export const CONTACT_FIELDS = ['email', 'first_name', 'last_name', 'company', 'phone'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export const FIELD_LABELS: Record<ContactField, string> = {
  email: 'Email',
  first_name: 'First name',
  last_name: 'Last name',
  company: 'Company',
  phone: 'Phone',
};

export function isMergeField(field: string): field is MergeField {
  return (
    field === 'first_name' || field === 'last_name' || field === 'company' || field === 'phone'
  );
}

function fieldRank(field: string): number {
  const index = MERGE_FIELDS.findIndex((known) => known === field);
  return index === -1 ? MERGE_FIELDS.length : index;
}

// Stored decisions come back with their keys in the database's order, not the form's.
function byFieldOrder(a: string, b: string): number {
  return fieldRank(a) - fieldRank(b);
}

function fieldName(field: string): string {
  return isMergeField(field) ? FIELD_LABELS[field].toLowerCase() : field;
}

export function issueTitle(issue: Issue): string {
  const label = ISSUE_TYPE_LABELS[issue.type] ?? issue.type;
  if (issue.type === 'DUPLICATE_EMAIL') return `${label}: ${issue.key}`;
  const [row] = issue.rows;
  return row ? `${label}: row ${row.rowNumber}` : `${label}: ${issue.key}`;
}

function rowName(issue: Issue, rowId: string | undefined): string {
  const row = issue.rows.find((candidate) => candidate.rowId === rowId);
  return row ? `row ${row.rowNumber}` : 'a row no longer listed';
}

/** The decision of a resolved issue, in words: which row won, what was merged, excluded or fixed. */
export function describeDecision(issue: Issue): string {
  const { resolution } = issue;
  if (!resolution) return 'No decision yet.';
  switch (resolution.action) {
    case 'choose':
      return `Kept ${rowName(issue, resolution.rowId)}; the other rows are left out.`;
    case 'merge': {
      const parts = Object.entries(resolution.fields)
        .sort(([a], [b]) => byFieldOrder(a, b))
        .map(([field, rowId]) => `${fieldName(field)} from ${rowName(issue, rowId)}`);
      return `Merged into one contact: ${parts.join(', ')}.`;
    }
    case 'exclude':
      return issue.rows.length > 1
        ? `Excluded all ${issue.rows.length} rows of the group.`
        : `Excluded ${rowName(issue, issue.rows[0]?.rowId)}.`;
    case 'fix':
      // Read defensively: the answer's shape for a fix is the newest part of the API.
      if (typeof resolution.email !== 'string') return 'Fixed the email.';
      return resolution.previousEmail
        ? `Fixed the email to ${resolution.email} (was ${resolution.previousEmail}).`
        : `Fixed the email to ${resolution.email}.`;
  }
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** A decision as the audit trail records it (no rows at hand, so no row numbers). */
export function describeAuditDecision(details: unknown): string {
  const decision = asRecord(details);
  switch (decision?.action) {
    case 'choose':
      return 'Kept one row';
    case 'merge': {
      const fields = Object.keys(asRecord(decision.fields) ?? {})
        .sort(byFieldOrder)
        .map(fieldName);
      return fields.length > 0 ? `Merged (${fields.join(', ')})` : 'Merged';
    }
    case 'exclude':
      return 'Excluded';
    case 'fix':
      return typeof decision.email === 'string'
        ? `Fixed the email to ${decision.email}`
        : 'Fixed the email';
    default:
      return 'Decided';
  }
}

/** For each mergeable field, the first candidate that has a value (else the first candidate). */
export function defaultMergeFields(rows: IssueRow[]): Record<MergeField, string> {
  const pick = (field: MergeField): string =>
    (rows.find((row) => (row.normalized[field] ?? '') !== '') ?? rows[0])?.rowId ?? '';
  return {
    first_name: pick('first_name'),
    last_name: pick('last_name'),
    company: pick('company'),
    phone: pick('phone'),
  };
}

export type IssueFilterValues = {
  status?: IssueStatus;
  type?: IssueType;
};

/** How many issues match the filters, from the counts the issue list answers with. */
export function matchingIssueCount(
  counts: IssueCounts,
  { status, type }: IssueFilterValues,
): number {
  const byStatus = (value: IssueStatus) => counts.byStatus[value] ?? 0;
  if (!type) return status ? byStatus(status) : byStatus('OPEN') + byStatus('RESOLVED');
  const ofType = counts.byType[type] ?? 0;
  const open = counts.openByType[type] ?? 0;
  if (!status) return ofType;
  return status === 'OPEN' ? open : ofType - open;
}
