import { useId, useState, type ChangeEvent, type DragEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Alert } from '../../../components/alert';
import { paths } from '../../../config/paths';
import { formatBytes } from '../../../lib/format';
import { ACCEPTED_FILE_TYPES } from '../api/create-job';
import {
  addUploads,
  cancelUpload,
  clearFinishedUploads,
  isActive,
  useUploads,
  type UploadState,
} from '../upload-queue';

const STATE_LABELS: Record<UploadState, string> = {
  queued: 'Waiting',
  uploading: 'Uploading',
  processing: 'Sent, waiting for the server',
  done: 'Uploaded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Where files are chosen or dropped, and the tab's uploads (upload-queue.ts) with their state. */
export function UploadDropZone() {
  const queryClient = useQueryClient();
  const items = useUploads();
  const [dragging, setDragging] = useState(false);
  const inputId = useId();
  const hintId = useId();

  const addFiles = (files: File[]) => addUploads(files, queryClient);

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
                      onClick={() => cancelUpload(item.key)}
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
              onClick={clearFinishedUploads}
            >
              Clear finished uploads
            </button>
          )}
        </>
      )}
    </section>
  );
}
