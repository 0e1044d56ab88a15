export * from './config/config-schemas.js';
export * from './config/load-config.js';
export * from './logging/create-logger.js';
export * from './object-store/object-store.js';
export * from './object-store/s3-object-store.js';
export * from './queue/ingestion-message.js';
export * from './queue/job-queue.js';
export * from './streams/peek-stream.js';
