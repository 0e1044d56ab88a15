export type IssueType =
  | 'MISSING_EMAIL'
  | 'INVALID_EMAIL_FORMAT'
  | 'MISSING_FIRST_NAME'
  | 'MISSING_LAST_NAME'
  | 'DUPLICATE_EMAIL';

// DUPLICATE_EMAIL belongs to a group of rows, never to a single row on its own.
export type RowIssueType = Exclude<IssueType, 'DUPLICATE_EMAIL'>;

export const ISSUE_TYPES: readonly IssueType[] = [
  'MISSING_EMAIL',
  'INVALID_EMAIL_FORMAT',
  'MISSING_FIRST_NAME',
  'MISSING_LAST_NAME',
  'DUPLICATE_EMAIL',
];

const BLOCKING: Readonly<Record<IssueType, boolean>> = {
  MISSING_EMAIL: true,
  INVALID_EMAIL_FORMAT: true,
  // Names are warnings: a contact without a name can still be imported.
  MISSING_FIRST_NAME: false,
  MISSING_LAST_NAME: false,
  DUPLICATE_EMAIL: true,
};

export function isBlockingIssue(type: IssueType): boolean {
  return BLOCKING[type];
}
