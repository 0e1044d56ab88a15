import { QueryClient, type UseMutationOptions } from '@tanstack/react-query';
import { ApiError } from './api-client';

/** Poll interval while a job is PENDING or PROCESSING. */
export const ACTIVE_JOB_POLL_MS = 2000;

export type MutationConfig<TData, TVariables> = Omit<
  UseMutationOptions<TData, Error, TVariables>,
  'mutationFn'
>;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        // A 4xx answer will not change by asking again; network and 5xx failures might.
        retry: (failureCount, error) =>
          !(error instanceof ApiError && error.statusCode >= 400 && error.statusCode < 500) &&
          failureCount < 2,
      },
      mutations: { retry: false },
    },
  });
}
