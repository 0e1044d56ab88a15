import { z } from 'zod';

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL');

const byteSize = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Variables every process that touches PostgreSQL needs. */
export const databaseConfigSchema = z.object({
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
});

/** Variables for S3 and SQS. An unset endpoint means real AWS. */
export const awsConfigSchema = z.object({
  AWS_REGION: z.string().min(1).default('us-east-1'),
  AWS_ENDPOINT_URL: z.url().optional(),
  S3_BUCKET: z.string().min(3).default('intake-uploads'),
  SQS_QUEUE_URL: z.url(),
});

export const loggingConfigSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export const ingestionLimitsSchema = z.object({
  MAX_UPLOAD_BYTES: byteSize(1024 * 1024 * 1024),
  MAX_RECORD_BYTES: byteSize(1024 * 1024),
});

/** What the API and the worker both read: the database, S3 and SQS, logging and file limits. */
export const serviceConfigSchema = databaseConfigSchema
  .extend(awsConfigSchema.shape)
  .extend(loggingConfigSchema.shape)
  .extend(ingestionLimitsSchema.shape);

export type DatabaseConfig = z.infer<typeof databaseConfigSchema>;
export type AwsConfig = z.infer<typeof awsConfigSchema>;
export type LoggingConfig = z.infer<typeof loggingConfigSchema>;
