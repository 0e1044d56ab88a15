import type { QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { ApiError } from '../../lib/api-client';
import { errorMessage } from '../../lib/error-message';
import { jobKeys } from '../../lib/query-keys';
import type { Job } from '../../types/api';
import { createJob } from './api/create-job';

export type UploadState = 'queued' | 'uploading' | 'processing' | 'done' | 'failed' | 'cancelled';

export type UploadItem = {
  key: number;
  fileName: string;
  sizeBytes: number;
  state: UploadState;
  percent: number;
  job: Job | null;
  error: string | null;
};

// The API explains these two precisely (which limit, what the file looks like); the generic
// wording below is for answers that did not come from it, such as a proxy's error page.
const SERVER_EXPLAINS = new Set(['FILE_TOO_LARGE', 'UNSUPPORTED_FILE_TYPE']);

function uploadErrorMessage(error: unknown): string {
  if (error instanceof ApiError && SERVER_EXPLAINS.has(error.code) && error.message) {
    return error.message;
  }
  if (error instanceof ApiError && error.statusCode === 413) {
    return 'This file is too large: the server refused it (413 Payload Too Large).';
  }
  if (error instanceof ApiError && error.statusCode === 415) {
    return 'This is not a CSV file the server accepts (415 Unsupported Media Type). Upload a .csv, .tsv or .txt text file.';
  }
  return errorMessage(error);
}

export function isActive(state: UploadState): boolean {
  return state === 'queued' || state === 'uploading' || state === 'processing';
}

/*
 * The tab's uploads, kept here rather than in the page that shows them: going to another page
 * of the app leaves them running, the queued files included, and coming back shows them as they
 * are, with their progress and their Cancel buttons. Closing or reloading the tab would stop
 * them, so the browser asks first while any is under way. Files go up one at a time, in the
 * order they were chosen.
 */
let items: UploadItem[] = [];
let queue: { key: number; file: File }[] = [];
let running = false;
let inFlight: { key: number; controller: AbortController } | null = null;
let nextKey = 1;
const listeners = new Set<() => void>();

const askBeforeLeaving = (event: BeforeUnloadEvent) => event.preventDefault();
let asking = false;

function publish(next: UploadItem[]): void {
  items = next;
  const active = items.some((item) => isActive(item.state));
  if (active !== asking) {
    if (active) window.addEventListener('beforeunload', askBeforeLeaving);
    else window.removeEventListener('beforeunload', askBeforeLeaving);
    asking = active;
  }
  for (const listener of listeners) listener();
}

function update(key: number, patch: Partial<UploadItem>): void {
  publish(items.map((item) => (item.key === key ? { ...item, ...patch } : item)));
}

async function drain(queryClient: QueryClient): Promise<void> {
  if (running) return;
  running = true;
  try {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { key, file } = next;
      const controller = new AbortController();
      inFlight = { key, controller };
      update(key, { state: 'uploading' });
      try {
        const job = await createJob({
          file,
          signal: controller.signal,
          onProgress: ({ percent }) =>
            update(key, { percent, state: percent >= 100 ? 'processing' : 'uploading' }),
        });
        update(key, { state: 'done', percent: 100, job });
        void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
      } catch (error) {
        if (controller.signal.aborted) {
          update(key, { state: 'cancelled' });
          // Stopped just as the last bytes went, the file may have become a job after all.
          void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
        } else update(key, { state: 'failed', error: uploadErrorMessage(error) });
      }
    }
  } finally {
    running = false;
    inFlight = null;
  }
}

/** Queues `files`, newest first in the list, and starts sending them if nothing is under way. */
export function addUploads(files: File[], queryClient: QueryClient): void {
  if (files.length === 0) return;
  const added = files.map((file) => ({ key: nextKey++, file }));
  queue.push(...added);
  publish([
    ...added.map(({ key, file }) => ({
      key,
      fileName: file.name,
      sizeBytes: file.size,
      state: 'queued' as const,
      percent: 0,
      job: null,
      error: null,
    })),
    ...items,
  ]);
  void drain(queryClient);
}

export function cancelUpload(key: number): void {
  if (inFlight?.key === key) {
    inFlight.controller.abort();
    return;
  }
  queue = queue.filter((queued) => queued.key !== key);
  update(key, { state: 'cancelled' });
}

export function clearFinishedUploads(): void {
  publish(items.filter((item) => isActive(item.state)));
}

/** On sign-out: nothing of one user's uploads may go on, or be shown, after their session. */
export function resetUploads(): void {
  queue = [];
  inFlight?.controller.abort();
  publish([]);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useUploads(): UploadItem[] {
  return useSyncExternalStore(subscribe, () => items);
}
