import { createDataSource, runMigrations } from '@intake/db';
import { ConfigError, createS3Client, createSqsClient } from '@intake/platform';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  forkAndWaitReady,
  stopChild,
  WORKER_ENV,
  WORKER_EXEC_ARGV,
  type Child,
} from './child-process.js';
import {
  childEnvironment,
  loadLauncherConfig,
  type LauncherConfig,
} from './config/launcher-config.js';
import { startEmbeddedEmulator } from './embedded-emulator.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres.js';
import { provisionResources } from './provision-resources.js';

const EMBEDDED_DATABASE = 'intake';
const QUEUE_NAME = 'intake-ingestion';
const VISIBILITY_TIMEOUT_SECONDS = 60;

const say = (message: string) => console.log(`[intake] ${message}`);

/** A random signing key, kept in the data folder so that sessions survive restarts. */
async function persistentSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = randomBytes(48).toString('base64url');
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

function workspaceMain(pkg: '@intake/api' | '@intake/worker'): string {
  return path.join(path.dirname(fileURLToPath(import.meta.resolve(pkg))), 'main.js');
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadLauncherConfig();
  const dataDir = path.resolve(config.DATA_DIR);
  await mkdir(dataDir, { recursive: true });

  const cleanups: (() => Promise<unknown>)[] = [];
  const children: Child[] = [];
  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    say('stopping…');
    await Promise.all(children.map((child) => stopChild(child, 35_000)));
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    await startAll(config, dataDir, cleanups, children);
  } catch (error) {
    // Whatever started before the failure (PostgreSQL, the emulator, the API) stops with it.
    console.error(error instanceof ConfigError ? error.message : error);
    await shutdown(1);
    return;
  }
  for (const child of children) {
    void child.exited.then((code) => {
      if (shuttingDown) return;
      say(`${child.name} exited unexpectedly (code ${code}); stopping.`);
      void shutdown(1);
    });
  }
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  say(
    `ready in ${seconds} s: open http://localhost:${config.PORT} (first time: choose "Create an account")`,
  );
  say('press Ctrl-C to stop; data stays in ' + dataDir);
}

/** Starts each part in turn, registering what must stop it as soon as it runs. */
async function startAll(
  config: LauncherConfig,
  dataDir: string,
  cleanups: (() => Promise<unknown>)[],
  children: Child[],
): Promise<void> {
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const pg: EmbeddedPostgresHandle = await startEmbeddedPostgres({
      dataDir,
      port: config.PG_PORT,
    });
    cleanups.push(() => pg.stop());
    await pg.createDatabaseIfMissing(EMBEDDED_DATABASE);
    databaseUrl = pg.url(EMBEDDED_DATABASE);
    say(
      `PostgreSQL (embedded) on port ${config.PG_PORT}, data in ${path.join(dataDir, 'postgres')}`,
    );
  }

  const aws: Record<string, string | undefined> = {
    AWS_REGION: config.AWS_REGION,
    AWS_ENDPOINT_URL: config.AWS_ENDPOINT_URL,
    S3_BUCKET: config.S3_BUCKET,
    SQS_QUEUE_URL: config.SQS_QUEUE_URL,
  };
  if (!config.SQS_QUEUE_URL && !config.AWS_ENDPOINT_URL) {
    const emulator = await startEmbeddedEmulator({ dataDir, port: config.EMULATOR_PORT });
    cleanups.push(() => emulator.server.stop());
    // The emulator accepts any credentials; the SDK still insists on having some.
    const credentials = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };
    Object.assign(process.env, credentials);
    const clients = { AWS_REGION: config.AWS_REGION, AWS_ENDPOINT_URL: emulator.endpoint };
    const { queueUrl, dlqUrl } = await provisionResources({
      s3: createS3Client(clients),
      sqs: createSqsClient(clients),
      bucket: config.S3_BUCKET,
      queueName: QUEUE_NAME,
      visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
    });
    Object.assign(aws, credentials, {
      AWS_ENDPOINT_URL: emulator.endpoint,
      SQS_QUEUE_URL: queueUrl,
      SQS_DLQ_URL: dlqUrl,
      VISIBILITY_TIMEOUT_SECONDS: String(VISIBILITY_TIMEOUT_SECONDS),
    });
    say(`S3 + SQS emulator on ${emulator.endpoint}, data in ${dataDir}`);
  }

  const dataSource = await createDataSource({ url: databaseUrl, poolSize: 1 }).initialize();
  const applied = await runMigrations(dataSource);
  await dataSource.destroy();
  if (applied.length) say(`applied migrations: ${applied.join(', ')}`);

  const webDist = path.resolve(fileURLToPath(new URL('../../../web/dist', import.meta.url)));
  const env = childEnvironment({
    ...aws,
    DATABASE_URL: databaseUrl,
    JWT_SECRET: config.JWT_SECRET ?? (await persistentSecret(dataDir)),
    PORT: String(config.PORT),
    WEB_DIST_DIR: existsSync(path.join(webDist, 'index.html')) ? webDist : undefined,
  });
  const started = await Promise.allSettled([
    forkAndWaitReady('api', workspaceMain('@intake/api'), env),
    forkAndWaitReady(
      'worker',
      workspaceMain('@intake/worker'),
      { ...env, ...WORKER_ENV },
      undefined,
      WORKER_EXEC_ARGV,
    ),
  ]);
  // Both are kept before either failure is thrown: one that started must be stopped too.
  for (const result of started) if (result.status === 'fulfilled') children.push(result.value);
  for (const result of started) if (result.status === 'rejected') throw result.reason;
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
