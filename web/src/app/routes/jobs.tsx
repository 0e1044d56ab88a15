import { JobsList } from '../../features/jobs/components/jobs-list';
import { UploadDropZone } from '../../features/upload/components/upload-drop-zone';

export function JobsRoute() {
  return (
    <div className="stack">
      <title>Jobs · Intake</title>
      <h1 className="visually-hidden">Jobs</h1>
      <UploadDropZone />
      <JobsList />
    </div>
  );
}
