import { createDataSource, NO_JOB_COUNTS_SQL } from '@intake/db';
import {
  createLogger,
  createS3Client,
  createSqsClient,
  ingestionMessageSchema,
  S3ObjectStore,
  type IngestionMessage,
  type Logger,
} from '@intake/platform';
import type { Message } from '@aws-sdk/client-sqs';
import { once } from 'node:events';
import { Consumer } from 'sqs-consumer';
import type { DataSource } from 'typeorm';
import type { WorkerConfig } from '../config/worker-config.js';
import { ingestJob, JOB_PROCESSING_LOCK } from '../ingestion/ingest-job.js';
import { findDeadLetterQueue } from './dead-letter-queue.js';

export interface RunningWorker {
  dataSource: DataSource;
  /**
   * Stops polling and lets in-flight jobs finish (up to SHUTDOWN_GRACE_SECONDS), then closes
   * connections. A job still running then is abandoned uncommitted; its message returns.
   */
  stop(): Promise<void>;
}

function parseMessage(message: Message, logger: Logger): IngestionMessage | null {
  try {
    return ingestionMessageSchema.parse(JSON.parse(message.Body ?? ''));
  } catch (error) {
    // Retrying a malformed message can never succeed: log it and let it be deleted.
    logger.error(
      { err: error, messageId: message.MessageId, body: message.Body },
      'malformed queue message dropped',
    );
    return null;
  }
}

/**
 * The worker process: `WORKER_CONCURRENCY` consumers of the ingestion queue, each running one
 * job at a time, plus one consumer of the dead-letter queue. A message is deleted only after
 * its job's outcome is committed.
 */
export async function startWorker(
  config: WorkerConfig,
  logger = createLogger('intake-worker', config.LOG_LEVEL),
): Promise<RunningWorker> {
  const dataSource = await createDataSource({
    url: config.DATABASE_URL,
    poolSize: config.WORKER_CONCURRENCY * 2 + 2,
    applicationName: 'intake-worker',
  }).initialize();
  const store = new S3ObjectStore(createS3Client(config), config.S3_BUCKET);
  const sqs = createSqsClient(config);
  const deps = {
    dataSource,
    store,
    logger,
    maxRecordBytes: config.MAX_RECORD_BYTES,
    progressIntervalMs: config.PROGRESS_INTERVAL_MS,
  };

  const consumers: Consumer[] = [];
  for (let slot = 0; slot < config.WORKER_CONCURRENCY; slot += 1) {
    consumers.push(
      Consumer.create({
        queueUrl: config.SQS_QUEUE_URL,
        sqs,
        batchSize: 1,
        waitTimeSeconds: config.QUEUE_WAIT_SECONDS,
        pollingCompleteWaitTimeMs: config.SHUTDOWN_GRACE_SECONDS * 1000,
        visibilityTimeout: config.VISIBILITY_TIMEOUT_SECONDS,
        heartbeatInterval: config.HEARTBEAT_SECONDS,
        // A transient failure returns the message after this delay instead of the full
        // visibility timeout; the third failed receive sends it to the dead-letter queue.
        terminateVisibilityTimeout: config.RETRY_DELAY_SECONDS,
        strictReturn: true,
        handleMessage: async (message) => {
          const parsed = parseMessage(message, logger);
          if (!parsed) return message;
          const outcome = await ingestJob(deps, parsed);
          // Superseded: a newer delivery of this message owns the job and will delete it.
          return outcome === 'SUPERSEDED' ? {} : message;
        },
      }),
    );
  }
  const dlqUrl =
    config.SQS_DLQ_URL ?? (await findDeadLetterQueue(sqs, config.SQS_QUEUE_URL, logger));
  if (dlqUrl) {
    consumers.push(
      Consumer.create({
        queueUrl: dlqUrl,
        sqs,
        // One at a time: a message may hold a connection while it waits for a job's lock, and
        // waiters enough to empty the pool would starve the delivery they wait for.
        batchSize: 1,
        waitTimeSeconds: config.QUEUE_WAIT_SECONDS,
        pollingCompleteWaitTimeMs: config.SHUTDOWN_GRACE_SECONDS * 1000,
        // A message may wait below for as long as another delivery runs its job.
        visibilityTimeout: config.VISIBILITY_TIMEOUT_SECONDS,
        heartbeatInterval: config.HEARTBEAT_SECONDS,
        strictReturn: true,
        handleMessage: async (message) => {
          const parsed = parseMessage(message, logger);
          if (!parsed) return message;
          // Three deliveries failed for reasons other than the file: say so on the job, so
          // that none stays PROCESSING forever. A later retry starts it again. But a delivery
          // may still be processing the job (another message of it, or this one whose
          // visibility ran out while it worked): wait for it, and fail the job only if that
          // delivery did not finish it.
          const failed = await dataSource.transaction(async (manager) => {
            await manager.query(JOB_PROCESSING_LOCK, [parsed.jobId]);
            const [, count] = await manager.query<[unknown[], number]>(
              // Like the worker's own failure: nothing of the file is kept, so no counts (the
              // last attempt's progress beat may have published some); progress says how far
              // that attempt read. It finished now, not when this transaction began, before its
              // wait for the lock.
              `UPDATE jobs SET status = 'FAILED', error_code = 'PROCESSING_FAILED',
                      error_message = 'Processing failed repeatedly for a reason unrelated to the file. Retry the job; if it fails again, contact support.',
                      error_line = NULL, ${NO_JOB_COUNTS_SQL},
                      finished_at = clock_timestamp()
                WHERE id = $1 AND status IN ('PENDING', 'PROCESSING')`,
              [parsed.jobId],
            );
            return count > 0;
          });
          if (failed) logger.warn({ jobId: parsed.jobId }, 'dead-lettered job marked FAILED');
          else logger.info({ jobId: parsed.jobId }, 'dead-lettered message of a finished job');
          return message;
        },
      }),
    );
  }
  for (const consumer of consumers) {
    consumer.on('error', (error) => logger.error({ err: error }, 'queue error'));
    consumer.on('processing_error', (error) =>
      logger.error({ err: error }, 'job processing failed; the message will return'),
    );
    consumer.start();
  }
  logger.info({ slots: config.WORKER_CONCURRENCY }, 'worker polling');

  return {
    dataSource,
    async stop() {
      await Promise.all(
        consumers.map(async (consumer) => {
          if (!consumer.status.isRunning) return;
          const stopped = once(consumer, 'stopped');
          // Not `abort`: that would also cancel the delete of a message whose job just finished.
          consumer.stop();
          await stopped;
        }),
      );
      await dataSource.destroy();
      sqs.destroy();
    },
  };
}
