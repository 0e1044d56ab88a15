import { loadConfig } from '@intake/platform';
import { z } from 'zod';

/**
 * `npm start` with no configuration runs everything embedded. Setting DATABASE_URL uses that
 * PostgreSQL instead; setting SQS_QUEUE_URL (with AWS_ENDPOINT_URL for LocalStack, or without
 * it for AWS) uses that S3 and SQS instead of the emulator.
 */
export const launcherConfigSchema = z
  .object({
    DATA_DIR: z.string().min(1).default('.data'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
    EMULATOR_PORT: z.coerce.number().int().min(1).max(65535).default(4577),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    AWS_ENDPOINT_URL: z.url().optional(),
    SQS_QUEUE_URL: z.url().optional(),
    S3_BUCKET: z.string().min(3).default('intake-uploads'),
    AWS_REGION: z.string().min(1).default('us-east-1'),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    LOG_LEVEL: z.string().default('info'),
  })
  .refine((config) => !config.AWS_ENDPOINT_URL || config.SQS_QUEUE_URL, {
    // An endpoint alone would turn the emulator off and leave the API and worker with no queue.
    path: ['SQS_QUEUE_URL'],
    message:
      'is needed with AWS_ENDPOINT_URL: the queue to use there (see localstack/README.md). ' +
      'Unset AWS_ENDPOINT_URL to use the embedded emulator.',
  });

export type LauncherConfig = z.infer<typeof launcherConfigSchema>;

export function loadLauncherConfig(): LauncherConfig {
  return loadConfig(launcherConfigSchema);
}

/** What the API and worker inherit: the operator's environment plus what the launcher decided. */
export function childEnvironment(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) env[key] = value;
  }
  return env;
}
