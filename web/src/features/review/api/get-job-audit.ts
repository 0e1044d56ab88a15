import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { jobKeys } from '../../../lib/query-keys';
import type { AuditEntry, Page } from '../../../types/api';

export const AUDIT_PAGE_SIZE = 50;

type GetJobAuditParams = {
  jobId: string;
  cursor?: string | null;
  limit?: number;
  signal?: AbortSignal;
};

/** Who resolved or reopened which issue, newest first. */
export const getJobAudit = ({
  jobId,
  cursor,
  limit = AUDIT_PAGE_SIZE,
  signal,
}: GetJobAuditParams): Promise<Page<AuditEntry>> =>
  api.get<Page<AuditEntry>>(`/jobs/${encodeURIComponent(jobId)}/audit`, {
    params: { cursor, limit },
    signal,
  });

export const getJobAuditQueryOptions = (jobId: string) =>
  infiniteQueryOptions({
    queryKey: jobKeys.audit(jobId),
    queryFn: ({ pageParam, signal }) => getJobAudit({ jobId, cursor: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });

export const useJobAudit = ({ jobId }: { jobId: string }) =>
  useInfiniteQuery(getJobAuditQueryOptions(jobId));
