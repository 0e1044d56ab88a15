import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

// `npx playwright install` cannot download browsers here: the tests drive the system Chromium.
const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

// Quiet and deterministic: no GPU, no QUIC, and none of the background calls home a fresh
// profile would make (updates, sync, field trials) while a test runs.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium binary the browser tests use: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH;
}

/**
 * Launches headless Chromium. A missing browser fails the test, saying how to get one, rather
 * than skipping it: a browser test that silently does not run cannot fail.
 *
 * `launch()` gives the browser a fresh temporary profile (user-data-dir) and deletes it on
 * `close()`, so no state carries over between runs; each test then opens its own context.
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium was not found at ${executablePath}. Install it with \`apt-get install -y chromium\`, ` +
        'or set CHROMIUM_PATH to a Chromium or Chrome executable.',
    );
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}
