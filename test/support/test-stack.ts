import { createApp, loadApiConfig } from '@intake/api';
import { createDataSource } from '@intake/db';
import { provisionResources } from '@intake/launcher';
import { createS3Client, createSqsClient } from '@intake/platform';
import { loadWorkerConfig, startWorker, type RunningWorker } from '@intake/worker';
import type { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';

export interface TestStack {
  baseUrl: string;
  env: NodeJS.ProcessEnv;
  app: INestApplication;
  dataSource: DataSource;
  queueUrl: string;
  worker: RunningWorker | null;
  startWorker(): Promise<RunningWorker>;
  stop(): Promise<void>;
}

/** What global-setup started, handed down through the environment. */
export function testInfrastructure(): { databaseUrl: string; awsEndpoint: string; bucket: string } {
  const { INTAKE_TEST_DATABASE_URL, INTAKE_TEST_AWS_ENDPOINT, INTAKE_TEST_BUCKET } = process.env;
  if (!INTAKE_TEST_DATABASE_URL || !INTAKE_TEST_AWS_ENDPOINT || !INTAKE_TEST_BUCKET) {
    throw new Error(
      'The test infrastructure is missing: run the e2e tests through jest (global-setup).',
    );
  }
  return {
    databaseUrl: INTAKE_TEST_DATABASE_URL,
    awsEndpoint: INTAKE_TEST_AWS_ENDPOINT,
    bucket: INTAKE_TEST_BUCKET,
  };
}

/** A data source on the test database for `use`, closed after it. */
export async function withDataSource<T>(use: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = await createDataSource({
    url: testInfrastructure().databaseUrl,
    poolSize: 1,
  }).initialize();
  try {
    return await use(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Boots the real API (on a free port) and, unless told not to, the real worker, against the
 * embedded PostgreSQL and the emulator. Each stack gets its own queue, so test files running
 * in parallel never consume each other's messages.
 */
export async function startTestStack(
  options: { worker?: boolean; env?: Record<string, string> } = {},
): Promise<TestStack> {
  const infra = testInfrastructure();
  const clients = { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: infra.awsEndpoint };
  const { queueUrl, dlqUrl } = await provisionResources({
    s3: createS3Client(clients),
    sqs: createSqsClient(clients),
    bucket: infra.bucket,
    queueName: `intake-test-${randomUUID().slice(0, 8)}`,
    visibilityTimeoutSeconds: 30,
  });
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: infra.databaseUrl,
    DATABASE_POOL_SIZE: '5',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: infra.awsEndpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    S3_BUCKET: infra.bucket,
    SQS_QUEUE_URL: queueUrl,
    SQS_DLQ_URL: dlqUrl,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    PORT: '0',
    QUEUE_WAIT_SECONDS: '1',
    SHUTDOWN_GRACE_SECONDS: '10',
    PROGRESS_INTERVAL_MS: '200',
    VISIBILITY_TIMEOUT_SECONDS: '30',
    HEARTBEAT_SECONDS: '10',
    ...options.env,
  };
  // The SDK reads credentials from the process environment.
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';

  const app = await createApp(loadApiConfig(env));
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  const stack: TestStack = {
    baseUrl: `http://127.0.0.1:${port}`,
    env,
    app,
    dataSource: app.get(DataSource),
    queueUrl,
    worker: null,
    async startWorker() {
      stack.worker = await startWorker(loadWorkerConfig(env));
      return stack.worker;
    },
    async stop() {
      await stack.worker?.stop();
      await app.close();
    },
  };
  if (options.worker !== false) await stack.startWorker();
  return stack;
}
