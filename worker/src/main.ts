import './v8-flags.js';
import { ConfigError, createLogger } from '@intake/platform';
import { loadWorkerConfig } from './config/worker-config.js';
import { startWorker } from './consumer/start-worker.js';

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const logger = createLogger('intake-worker', config.LOG_LEVEL);
  const worker = await startWorker(config, logger);
  process.send?.({ type: 'ready' });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: finishing in-flight jobs');
    worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // Started by the launcher: if it dies (even by kill -9), do not linger as an orphan.
  process.on('disconnect', () => shutdown('parent gone'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
