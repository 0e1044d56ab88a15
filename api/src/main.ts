import { ConfigError } from '@intake/platform';
import { loadApiConfig } from './config/api-config.js';
import { createApp } from './create-app.js';

async function main(): Promise<void> {
  const config = loadApiConfig();
  const app = await createApp(config);
  await app.listen(config.PORT);
  // The launcher waits for this line (over IPC) before it prints the URL.
  process.send?.({ type: 'ready', port: config.PORT });
  // Started by the launcher: if it dies (even by kill -9), do not linger as an orphan.
  process.on('disconnect', () => void app.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
