import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * The S3 + SQS emulator, in this process, persisted under `dataDir` so that objects and
 * messages survive a restart. API and worker talk to it through the AWS SDK like to AWS.
 */
export async function startEmbeddedEmulator(options: {
  dataDir: string;
  port: number;
}): Promise<{ endpoint: string; server: FauxqsServer }> {
  const dataDir = path.resolve(options.dataDir, 'emulator');
  const s3StorageDir = path.resolve(options.dataDir, 's3');
  await mkdir(dataDir, { recursive: true });
  await mkdir(s3StorageDir, { recursive: true });
  const server = await startFauxqs({
    port: options.port,
    host: 'localhost',
    logger: false,
    dataDir,
    s3StorageDir,
  });
  return { endpoint: `http://localhost:${server.port}`, server };
}
