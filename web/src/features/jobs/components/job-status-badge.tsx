import type { JobStatus } from '../../../types/api';
import { JOB_STATUS_LABELS } from '../utils/job-status';

type JobStatusBadgeProps = {
  status: JobStatus;
};

export function JobStatusBadge({ status }: JobStatusBadgeProps) {
  return (
    <span
      className={`badge badge--${status.toLowerCase()}`}
      data-testid="job-status-badge"
      data-status={status}
    >
      {JOB_STATUS_LABELS[status] ?? status}
    </span>
  );
}
