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

export type IssueResolution = {
  action: 'choose' | 'merge' | 'exclude' | 'fix';
  resolvedBy: string;
  resolvedAt: string;
  [detail: string]: unknown;
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
  };
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
