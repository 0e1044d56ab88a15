// Shapes of the HTTP API (shared/spec/api.md), shared by every feature.

export const JOB_STATUSES = [
  'PENDING',
  'PROCESSING',
  'NEEDS_REVIEW',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export type JobCounts = {
  totalRows: number;
  validRows: number;
  invalidRows: number;
  duplicateGroups: number;
  openIssues: number;
  openBlockingIssues: number;
  finalContacts: number;
};

export type JobError = {
  code: string;
  message: string;
  line: number | null;
};

export type Job = {
  id: string;
  status: JobStatus;
  originalFilename: string;
  sizeBytes: number;
  encoding: string | null;
  delimiter: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: { rowsProcessed: number };
  counts: JobCounts;
  error: JobError | null;
};

export type Page<T> = {
  items: T[];
  nextCursor: string | null;
};

export const ISSUE_TYPES = [
  'DUPLICATE_EMAIL',
  'MISSING_EMAIL',
  'INVALID_EMAIL_FORMAT',
  'MISSING_FIRST_NAME',
  'MISSING_LAST_NAME',
] as const;
export type IssueType = (typeof ISSUE_TYPES)[number];

export type IssueStatus = 'OPEN' | 'RESOLVED';

export type IssueRow = {
  rowId: string;
  rowNumber: number;
  lineNumber: number;
  data: Record<string, string>;
  normalized: Record<string, string>;
};

/** The fields a merge can take from any candidate row (the email is the group's key). */
export const MERGE_FIELDS = ['first_name', 'last_name', 'company', 'phone'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

/** A decision as the API stores and shows it: rows are named by row id. */
export type IssueDecision =
  | { action: 'choose'; rowId: string }
  | { action: 'merge'; fields: Partial<Record<MergeField, string>> }
  | { action: 'exclude' }
  | { action: 'fix'; email: string; previousEmail?: string };

export type IssueResolution = IssueDecision & {
  resolvedBy: string;
  resolvedAt: string;
};

/** Body of `POST /api/issues/:id/resolve`; `version` makes a stale decision answer 409. */
export type ResolveIssueBody = IssueDecision & { version: number };

export type BulkResolveAction = 'choose_first' | 'exclude';

export type BulkResolveBody = {
  type: IssueType;
  action: BulkResolveAction;
};

export type BulkResolveResult = {
  resolved: number;
};

export type Issue = {
  id: string;
  jobId: string;
  type: IssueType;
  blocking: boolean;
  key: string;
  status: IssueStatus;
  version: number;
  rows: IssueRow[];
  resolution: IssueResolution | null;
};

export type IssuePage = Page<Issue> & {
  counts: {
    byType: Partial<Record<IssueType, number>>;
    byStatus: Partial<Record<IssueStatus, number>>;
    /** Open issues by type: what a bulk action of that type resolves. */
    openByType: Partial<Record<IssueType, number>>;
  };
};

export type IssueCounts = IssuePage['counts'];

export type AuditEntry = {
  at: string;
  actor: { id: string; email: string };
  action: 'resolve' | 'reopen' | 'finalize';
  /** null for a job-wide entry (finalize), or once the issue was withdrawn. */
  issueId: string | null;
  /**
   * The decision (resolve), the decision taken back (reopen, under `previous`), or the number
   * of contacts made (finalize, `finalContacts`).
   */
  details: Record<string, unknown>;
};

export type AuthUser = {
  id: string;
  email: string;
};

export type AuthResponse = {
  user: AuthUser;
  accessToken: string;
  expiresIn: number;
};

export type RefreshResponse = {
  accessToken: string;
  expiresIn: number;
};
