import { useMutation } from '@tanstack/react-query';
import { downloadFile } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { saveBlob } from '../../../lib/save-blob';

/** The final contacts (after finalize), or the invalid and excluded rows with their reasons. */
export type JobFile = 'contacts' | 'rejects';

const FILE_PATHS: Record<JobFile, string> = {
  contacts: 'export.csv',
  rejects: 'rejects.csv',
};

export type DownloadJobFileInput = {
  jobId: string;
  file: JobFile;
  /** Used when the answer names no file. */
  originalFilename: string;
};

const jobFilePath = (jobId: string, file: JobFile): string =>
  `/jobs/${encodeURIComponent(jobId)}/${FILE_PATHS[file]}`;

function fallbackFilename(originalFilename: string, file: JobFile): string {
  const base = originalFilename.replace(/\.[^./\\]*$/, '') || 'contacts';
  return `${base}-${file}.csv`;
}

/** Fetches the CSV with the bearer token and hands it to the browser as a download. */
export const downloadJobFile = async ({
  jobId,
  file,
  originalFilename,
}: DownloadJobFileInput): Promise<void> => {
  const { blob, filename } = await downloadFile(jobFilePath(jobId, file));
  saveBlob(blob, filename ?? fallbackFilename(originalFilename, file));
};

type UseDownloadJobFileOptions = {
  mutationConfig?: MutationConfig<void, DownloadJobFileInput>;
};

export const useDownloadJobFile = ({ mutationConfig }: UseDownloadJobFileOptions = {}) =>
  useMutation({
    ...mutationConfig,
    mutationFn: downloadJobFile,
  });
