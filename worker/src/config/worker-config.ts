import { loadConfig, serviceConfigSchema } from '@intake/platform';
import { z } from 'zod';

export const workerConfigSchema = serviceConfigSchema
  .extend({
    /**
     * The dead-letter queue, whose messages mark their jobs FAILED. Unset: the one named by the
     * ingestion queue's redrive policy.
     */
    SQS_DLQ_URL: z.url().optional(),
    /** Jobs processed at once by this process, each on its own consumer. */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
    /** How long a received message stays invisible; the heartbeat renews it while a job runs. */
    VISIBILITY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(43_200).default(60),
    /**
     * After a transient failure, how long before the message is delivered again. At least 1:
     * the embedded emulator (fauxqs 2.4, persistent mode) loses a message made visible at 0.
     */
    RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(43_200).default(15),
    HEARTBEAT_SECONDS: z.coerce.number().int().min(1).default(20),
    /** Long-poll wait of each receive; shorter makes shutdown faster, longer makes fewer calls. */
    QUEUE_WAIT_SECONDS: z.coerce.number().int().min(0).max(20).default(20),
    /** On SIGTERM, how long in-flight jobs may take to finish before the process exits. */
    SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).default(30),
    /**
     * How often progress (and cancellation) is checked while a file is read. Half a second, so
     * a user sees a new count at least once a second: at 1000 the timer's lateness behind a
     * parsing batch and the update's own time made gaps of 1.0-1.15 s in the benchmark.
     */
    PROGRESS_INTERVAL_MS: z.coerce.number().int().min(100).default(500),
  })
  .refine((c) => c.HEARTBEAT_SECONDS < c.VISIBILITY_TIMEOUT_SECONDS, {
    message: 'HEARTBEAT_SECONDS must be shorter than VISIBILITY_TIMEOUT_SECONDS',
    path: ['HEARTBEAT_SECONDS'],
  });

export type WorkerConfig = z.infer<typeof workerConfigSchema>;

export function loadWorkerConfig(env?: NodeJS.ProcessEnv): WorkerConfig {
  return loadConfig(workerConfigSchema, env);
}
