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
