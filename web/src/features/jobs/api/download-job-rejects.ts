import { useMutation } from '@tanstack/react-query';
import { downloadFile } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { saveBlob } from '../../../lib/save-blob';

export type DownloadJobRejectsInput = {
  jobId: string;
  /** Used when the answer names no file. */
  originalFilename: string;
};

export const jobRejectsPath = (jobId: string): string =>
  `/jobs/${encodeURIComponent(jobId)}/rejects.csv`;

function fallbackFilename(originalFilename: string): string {
  const base = originalFilename.replace(/\.[^./\\]*$/, '') || 'contacts';
  return `${base}-rejects.csv`;
}

/** The invalid and excluded rows with their reasons, as a download (bearer token, then a blob). */
export const downloadJobRejects = async ({
  jobId,
  originalFilename,
}: DownloadJobRejectsInput): Promise<void> => {
  const { blob, filename } = await downloadFile(jobRejectsPath(jobId));
  saveBlob(blob, filename ?? fallbackFilename(originalFilename));
};

type UseDownloadJobRejectsOptions = {
  mutationConfig?: MutationConfig<void, DownloadJobRejectsInput>;
};

export const useDownloadJobRejects = ({ mutationConfig }: UseDownloadJobRejectsOptions = {}) =>
  useMutation({
    ...mutationConfig,
    mutationFn: downloadJobRejects,
  });
