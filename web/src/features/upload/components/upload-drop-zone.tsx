import { useEffect, useId, useRef, useState, type ChangeEvent, type DragEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Alert } from '../../../components/alert';
import { paths } from '../../../config/paths';
import { ApiError } from '../../../lib/api-client';
import { jobKeys } from '../../../lib/query-keys';
import { errorMessage } from '../../../lib/error-message';
import { formatBytes } from '../../../lib/format';
import type { Job } from '../../../types/api';
import { ACCEPTED_FILE_TYPES, useCreateJob } from '../api/create-job';

type UploadState = 'queued' | 'uploading' | 'processing' | 'done' | 'failed' | 'cancelled';

type UploadItem = {
  key: number;
  fileName: string;
  sizeBytes: number;
  state: UploadState;
  percent: number;
  job: Job | null;
  error: string | null;
};

type QueuedFile = {
  key: number;
  file: File;
};

const STATE_LABELS: Record<UploadState, string> = {
  queued: 'Waiting',
  uploading: 'Uploading',
  processing: 'Sent, waiting for the server',
  done: 'Uploaded',
  failed: 'Failed',
  cancelled: 'Cancelled',
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

function isActive(state: UploadState): boolean {
  return state === 'queued' || state === 'uploading' || state === 'processing';
}

export function UploadDropZone() {
  const createJob = useCreateJob();
  const queryClient = useQueryClient();
  const [items, setItems] = useState<UploadItem[]>([]);
  const [dragging, setDragging] = useState(false);
  const queue = useRef<QueuedFile[]>([]);
  const running = useRef(false);
  const inFlight = useRef<{ key: number; controller: AbortController } | null>(null);
  const nextKey = useRef(1);
  const inputId = useId();
  const hintId = useId();

  // Going to another page of the app leaves the uploads running, the queued files included:
  // they become jobs in the list as they finish. Closing or reloading the tab would stop them,
  // so the browser asks first while any is under way.
  const anyActive = items.some((item) => isActive(item.state));
  useEffect(() => {
    if (!anyActive) return;
    const ask = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [anyActive]);

  const update = (key: number, patch: Partial<UploadItem>) =>
    setItems((previous) =>
      previous.map((item) => (item.key === key ? { ...item, ...patch } : item)),
    );

  // Files go up one at a time, in the order they were chosen.
  const drain = async () => {
    if (running.current) return;
    running.current = true;
    try {
      for (let next = queue.current.shift(); next; next = queue.current.shift()) {
        const { key, file } = next;
        const controller = new AbortController();
        inFlight.current = { key, controller };
        update(key, { state: 'uploading' });
        try {
          const job = await createJob.mutateAsync({
            file,
            signal: controller.signal,
            onProgress: ({ percent }) =>
              update(key, { percent, state: percent >= 100 ? 'processing' : 'uploading' }),
          });
          update(key, { state: 'done', percent: 100, job });
        } catch (error) {
          if (controller.signal.aborted) {
            update(key, { state: 'cancelled' });
            // Stopped just as the last bytes went, the file may have become a job after all.
            void queryClient.invalidateQueries({ queryKey: jobKeys.lists() });
          } else update(key, { state: 'failed', error: uploadErrorMessage(error) });
        }
      }
    } finally {
      running.current = false;
      inFlight.current = null;
    }
  };

  const addFiles = (files: File[]) => {
    if (files.length === 0) return;
    const added = files.map((file) => ({ key: nextKey.current++, file }));
    queue.current.push(...added);
    setItems((previous) => [
      ...added.map(({ key, file }) => ({
        key,
        fileName: file.name,
        sizeBytes: file.size,
        state: 'queued' as const,
        percent: 0,
        job: null,
        error: null,
      })),
      ...previous,
    ]);
    void drain();
  };

  const cancel = (key: number) => {
    if (inFlight.current?.key === key) {
      inFlight.current.controller.abort();
      return;
    }
    queue.current = queue.current.filter((queued) => queued.key !== key);
    update(key, { state: 'cancelled' });
  };

  const onInputChange = (event: ChangeEvent<HTMLInputElement>) => {
    addFiles(Array.from(event.target.files ?? []));
    // Lets the same file be chosen again, e.g. after fixing it.
    event.target.value = '';
  };

  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };

  const onDragLeave = (event: DragEvent<HTMLDivElement>) => {
    const to = event.relatedTarget;
    if (to instanceof Node && event.currentTarget.contains(to)) return;
    setDragging(false);
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    addFiles(Array.from(event.dataTransfer.files));
  };

  const hasFinished = items.some((item) => !isActive(item.state));

  return (
    <section className="card upload" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>Upload contacts</h2>
      <div
        className={dragging ? 'dropzone dropzone--active' : 'dropzone'}
        onDragEnter={onDragOver}
        onDragOver={onDragOver}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
        data-testid="upload-dropzone"
      >
        <p className="dropzone__lead">Drag and drop CSV files here, or</p>
        <input
          id={inputId}
          className="visually-hidden"
          type="file"
          accept={ACCEPTED_FILE_TYPES}
          multiple
          aria-describedby={hintId}
          onChange={onInputChange}
          data-testid="upload-input"
        />
        <label htmlFor={inputId} className="button button--primary dropzone__pick">
          Choose files
        </label>
        <p id={hintId} className="field__hint">
          .csv, .tsv or .txt; each file becomes one job.
        </p>
      </div>

      {items.length > 0 && (
        <>
          <ul className="upload-list" aria-label="Uploads">
            {items.map((item) => (
              <li
                key={item.key}
                className={`upload-item upload-item--${item.state}`}
                data-testid="upload-item"
                data-state={item.state}
              >
                <div className="upload-item__head">
                  <span className="upload-item__name">{item.fileName}</span>
                  <span className="muted">{formatBytes(item.sizeBytes)}</span>
                  <span className="upload-item__state">{STATE_LABELS[item.state]}</span>
                  {/* Once every byte is sent the server makes the job whatever the browser
                      does: a Cancel then would only lose its answer. */}
                  {(item.state === 'queued' || item.state === 'uploading') && (
                    <button
                      type="button"
                      className="button button--ghost button--small"
                      onClick={() => cancel(item.key)}
                      aria-label={`Cancel upload of ${item.fileName}`}
                      data-testid="upload-cancel"
                    >
                      Cancel
                    </button>
                  )}
                </div>
                {(item.state === 'uploading' || item.state === 'processing') && (
                  <div className="upload-item__progress">
                    <progress
                      max={100}
                      value={item.percent}
                      aria-label={`Upload of ${item.fileName}`}
                      data-testid="upload-progress"
                    />
                    <span data-testid="upload-percent">{item.percent}%</span>
                  </div>
                )}
                {item.state === 'done' && item.job && (
                  <p className="upload-item__result" data-testid="upload-success">
                    Uploaded.{' '}
                    <Link to={paths.job(item.job.id)} data-testid="upload-job-link">
                      View job
                    </Link>
                  </p>
                )}
                {item.state === 'failed' && item.error && (
                  <Alert data-testid="upload-error">{item.error}</Alert>
                )}
              </li>
            ))}
          </ul>
          {hasFinished && (
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() =>
                setItems((previous) => previous.filter((item) => isActive(item.state)))
              }
            >
              Clear finished uploads
            </button>
          )}
        </>
      )}
    </section>
  );
}
