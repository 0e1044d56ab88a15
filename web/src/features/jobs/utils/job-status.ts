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

/** Spec §8: a job waiting, running or in review can be cancelled. */
export function canCancelJob(job: Pick<Job, 'status'>): boolean {
  return isJobActive(job) || job.status === 'NEEDS_REVIEW';
}

/** Spec §8: only a FAILED job is retried, as a new attempt on its stored file. */
export function canRetryJob(job: Pick<Job, 'status'>): boolean {
  return job.status === 'FAILED';
}
