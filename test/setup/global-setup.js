// Real infrastructure for the end-to-end tests: embedded PostgreSQL with a fresh, migrated
// database and the S3 + SQS emulator, on loopback. Plain JS over the built packages, because
// jest loads global setup outside its transform and module mapping (`test:jest` builds first).
import { createDataSource, runMigrations } from '@intake/db';
import { provisionResources, startEmbeddedEmulator, startEmbeddedPostgres } from '@intake/launcher';
import { createS3Client, createSqsClient } from '@intake/platform';
import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';

// INTAKE_TEST_DATA_DIR lets two test runs on one machine keep apart.
const TEST_ROOT = path.resolve(
  process.env.INTAKE_TEST_DATA_DIR ?? path.join(import.meta.dirname, '../../.test-data'),
);
const TEST_DATABASE = 'intake_test';

/** A port nobody listens on right now (the OS picks it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  if (!TEST_DATABASE.includes('test')) {
    throw new Error(
      `Refusing to run tests against database "${TEST_DATABASE}": its name must contain "test".`,
    );
  }
  // The emulator's state lives for one run; the PostgreSQL cluster is kept (fast start), its database is not.
  await rm(path.join(TEST_ROOT, 'emulator'), { recursive: true, force: true });
  await rm(path.join(TEST_ROOT, 's3'), { recursive: true, force: true });
  await mkdir(TEST_ROOT, { recursive: true });

  const postgres = await startEmbeddedPostgres({ dataDir: TEST_ROOT, port: await freePort() });
  const admin = new pg.Client({ connectionString: postgres.url('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEST_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEST_DATABASE}`);
  await admin.end();
  const databaseUrl = postgres.url(TEST_DATABASE);
  const dataSource = await createDataSource({ url: databaseUrl, poolSize: 1 }).initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();

  const emulator = await startEmbeddedEmulator({ dataDir: TEST_ROOT, port: await freePort() });
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  const bucket = 'intake-test';
  const clients = { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: emulator.endpoint };
  await provisionResources({
    s3: createS3Client(clients),
    sqs: createSqsClient(clients),
    bucket,
    queueName: 'intake-test-bootstrap',
    visibilityTimeoutSeconds: 30,
  });

  // Test workers are started after global setup and inherit this environment.
  process.env.INTAKE_TEST_DATABASE_URL = databaseUrl;
  process.env.INTAKE_TEST_AWS_ENDPOINT = emulator.endpoint;
  process.env.INTAKE_TEST_BUCKET = bucket;
  globalThis.__intakeTestInfra = { postgres, emulator };
}
