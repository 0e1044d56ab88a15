import { useParams } from 'react-router-dom';
import { JobDetail } from '../../features/jobs/components/job-detail';
import { ReviewIssuesSection } from '../../features/review/components/review-issues-section';
import { NotFoundRoute } from './not-found';

export function JobDetailRoute() {
  const { jobId } = useParams();
  if (!jobId) return <NotFoundRoute />;

  return (
    <JobDetail
      // A new job id means a new page: no state carries over from the previous job.
      key={jobId}
      jobId={jobId}
      renderAfter={(job) =>
        job.status === 'NEEDS_REVIEW' || job.status === 'COMPLETED' ? (
          // Finalizing turns the screen read-only: it starts afresh, showing every issue.
          <ReviewIssuesSection key={job.status} job={job} />
        ) : null
      }
    />
  );
}
