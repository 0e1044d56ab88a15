import { useMutation, useQueryClient } from '@tanstack/react-query';
import { uploadForm, type UploadProgress } from '../../../lib/api-client';
import { jobKeys } from '../../../lib/query-keys';
import type { MutationConfig } from '../../../lib/react-query';
import type { Job } from '../../../types/api';

export const ACCEPTED_FILE_TYPES = '.csv,.tsv,.txt';

export type CreateJobInput = {
  file: File;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
};

/** Uploads one CSV; the API answers 202 with the new job in PENDING. */
export const createJob = ({ file, onProgress, signal }: CreateJobInput): Promise<Job> => {
  const form = new FormData();
  form.append('file', file, file.name);
  return uploadForm<Job>('/jobs', form, { onProgress, signal });
};

type UseCreateJobOptions = {
  mutationConfig?: MutationConfig<Job, CreateJobInput>;
};

export const useCreateJob = ({ mutationConfig }: UseCreateJobOptions = {}) => {
  const queryClient = useQueryClient();
  const { onSuccess, ...restConfig } = mutationConfig ?? {};
  return useMutation({
    ...restConfig,
    onSuccess: (...args) => {
      // Not seeded into the detail cache: the job leaves PENDING within moments, and a detail page
      // opened from that cache would show "Pending" where the polled list already shows more.
      void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
      return onSuccess?.(...args);
    },
    mutationFn: createJob,
  });
};
