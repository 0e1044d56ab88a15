import { useMutation } from '@tanstack/react-query';
import { downloadFile } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { saveBlob } from '../../../lib/save-blob';

export type DownloadJobExportInput = {
  jobId: string;
  /** Used when the answer names no file. */
  originalFilename: string;
};

export const jobExportPath = (jobId: string): string =>
  `/jobs/${encodeURIComponent(jobId)}/export.csv`;

function fallbackFilename(originalFilename: string): string {
  const base = originalFilename.replace(/\.[^./\\]*$/, '') || 'contacts';
  return `${base}-contacts.csv`;
}

/** Fetches the final contacts CSV with the bearer token and hands it to the browser as a download. */
export const downloadJobExport = async ({
  jobId,
  originalFilename,
}: DownloadJobExportInput): Promise<void> => {
  const { blob, filename } = await downloadFile(jobExportPath(jobId));
  saveBlob(blob, filename ?? fallbackFilename(originalFilename));
};

type UseDownloadJobExportOptions = {
  mutationConfig?: MutationConfig<void, DownloadJobExportInput>;
};

export const useDownloadJobExport = ({ mutationConfig }: UseDownloadJobExportOptions = {}) =>
  useMutation({
    ...mutationConfig,
    mutationFn: downloadJobExport,
  });
