import type { Job, JobStatus } from '../../../types/api';

export const JOB_STATUS_LABELS: Record<JobStatus, string> = {
  PENDING: 'Pending',
  PROCESSING: 'Processing',
  NEEDS_REVIEW: 'Needs review',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

/** A job the worker has not finished with yet: its status, progress and counts still move. */
export function isJobActive(job: Pick<Job, 'status'>): boolean {
  return job.status === 'PENDING' || job.status === 'PROCESSING';
}

/** A job nothing can change any more (a FAILED one can still be retried). */
export function isJobFinal(job: Pick<Job, 'status'>): boolean {
  return job.status === 'COMPLETED' || job.status === 'CANCELLED';
}
