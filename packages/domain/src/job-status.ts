export type JobStatus =
  'PENDING' | 'PROCESSING' | 'NEEDS_REVIEW' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

export const JOB_STATUSES: readonly JobStatus[] = [
  'PENDING',
  'PROCESSING',
  'NEEDS_REVIEW',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
];

// Spec §8 says "no other transition exists", so this table is the whole state machine.
const TRANSITIONS: Readonly<Record<JobStatus, ReadonlySet<JobStatus>>> = {
  PENDING: new Set<JobStatus>(['PROCESSING', 'CANCELLED']),
  // PROCESSING -> PROCESSING: a redelivered queue message re-claims a job whose worker crashed.
  PROCESSING: new Set<JobStatus>([
    'PROCESSING',
    'NEEDS_REVIEW',
    'COMPLETED',
    'FAILED',
    'CANCELLED',
  ]),
  NEEDS_REVIEW: new Set<JobStatus>(['COMPLETED', 'CANCELLED']),
  COMPLETED: new Set<JobStatus>(),
  // A retry is a new attempt on the stored file, so it goes back to the queue.
  FAILED: new Set<JobStatus>(['PENDING']),
  CANCELLED: new Set<JobStatus>(),
};

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return TRANSITIONS[from].has(to);
}
