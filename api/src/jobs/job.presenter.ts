import type { Job } from '@intake/db';

/** The job as api.md describes it. */
export function presentJob(job: Job) {
  return {
    id: job.id,
    status: job.status,
    originalFilename: job.originalFilename,
    sizeBytes: job.sizeBytes,
    encoding: job.encoding,
    delimiter: job.delimiter,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    progress: { rowsProcessed: job.rowsProcessed },
    counts: {
      totalRows: job.totalRows,
      validRows: job.validRows,
      invalidRows: job.invalidRows,
      duplicateGroups: job.duplicateGroups,
      openIssues: job.openIssues,
      openBlockingIssues: job.openBlockingIssues,
      finalContacts: job.finalContacts,
    },
    error: job.errorCode
      ? { code: job.errorCode, message: job.errorMessage, line: job.errorLine }
      : null,
  };
}

export type JobView = ReturnType<typeof presentJob>;
