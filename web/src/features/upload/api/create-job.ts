import { uploadForm, type UploadProgress } from '../../../lib/api-client';
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
