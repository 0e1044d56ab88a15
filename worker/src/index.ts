export { loadWorkerConfig, workerConfigSchema, type WorkerConfig } from './config/worker-config.js';
export { startWorker, type RunningWorker } from './consumer/start-worker.js';
export { ingestJob, JOB_PROCESSING_LOCK, type IngestionOutcome } from './ingestion/ingest-job.js';
