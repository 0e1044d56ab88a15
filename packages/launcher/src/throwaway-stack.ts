import { createDataSource, runMigrations } from '@intake/db';
import { createS3Client, createSqsClient } from '@intake/platform';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedEmulator } from './embedded-emulator.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { freePort } from './free-port.js';
import { provisionResources } from './provision-resources.js';

export interface ThrowawayStack {
  databaseUrl: string;
  awsEndpoint: string;
  queueUrl: string;
  dlqUrl: string;
  stop(): Promise<void>;
}

/**
 * A fresh local stack for tests and benchmarks, on free loopback ports: embedded PostgreSQL
 * with `database` dropped, recreated and migrated, and the emulator with empty state, a bucket
 * and a queue with its dead-letter queue. The PostgreSQL cluster under `dataDir` is kept
 * between runs because starting an existing one is fast.
 */
export async function startThrowawayStack(options: {
  dataDir: string;
  database: string;
  bucket: string;
  queueName: string;
  visibilityTimeoutSeconds: number;
}): Promise<ThrowawayStack> {
  await rm(path.join(options.dataDir, 'emulator'), { recursive: true, force: true });
  await rm(path.join(options.dataDir, 's3'), { recursive: true, force: true });
  await mkdir(options.dataDir, { recursive: true });

  const postgres = await startEmbeddedPostgres({
    dataDir: options.dataDir,
    port: await freePort(),
  });
  const admin = new pg.Client({ connectionString: postgres.url('postgres') });
  await admin.connect();
  try {
    const name = pg.escapeIdentifier(options.database);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const databaseUrl = postgres.url(options.database);
  const dataSource = await createDataSource({ url: databaseUrl, poolSize: 1 }).initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();

  const emulator = await startEmbeddedEmulator({
    dataDir: options.dataDir,
    port: await freePort(),
  });
  // The emulator accepts any credentials; the SDK still insists on having some.
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  const clients = { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: emulator.endpoint };
  const { queueUrl, dlqUrl } = await provisionResources({
    s3: createS3Client(clients),
    sqs: createSqsClient(clients),
    bucket: options.bucket,
    queueName: options.queueName,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
  });
  return {
    databaseUrl,
    awsEndpoint: emulator.endpoint,
    queueUrl,
    dlqUrl,
    async stop() {
      await emulator.server.stop();
      await postgres.stop();
    },
  };
}
