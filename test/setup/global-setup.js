// Real infrastructure for the end-to-end tests: embedded PostgreSQL with a fresh, migrated
// database and the S3 + SQS emulator, on loopback. Plain JS over the built packages, because
// jest loads global setup outside its transform and module mapping (`test:jest` builds first).
import { startThrowawayStack } from '@intake/launcher';
import path from 'node:path';

// INTAKE_TEST_DATA_DIR lets two test runs on one machine keep apart.
const TEST_ROOT = path.resolve(
  process.env.INTAKE_TEST_DATA_DIR ?? path.join(import.meta.dirname, '../../.test-data'),
);
const TEST_DATABASE = 'intake_test';
const TEST_BUCKET = 'intake-test';

export default async function globalSetup() {
  if (!TEST_DATABASE.includes('test')) {
    throw new Error(
      `Refusing to run tests against database "${TEST_DATABASE}": its name must contain "test".`,
    );
  }
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  const stack = await startThrowawayStack({
    dataDir: TEST_ROOT,
    database: TEST_DATABASE,
    bucket: TEST_BUCKET,
    queueName: 'intake-test-bootstrap',
    visibilityTimeoutSeconds: 30,
  });
  // Test workers are started after global setup and inherit this environment.
  process.env.INTAKE_TEST_DATABASE_URL = stack.databaseUrl;
  process.env.INTAKE_TEST_AWS_ENDPOINT = stack.awsEndpoint;
  process.env.INTAKE_TEST_BUCKET = TEST_BUCKET;
  globalThis.__intakeTestInfra = stack;
}
