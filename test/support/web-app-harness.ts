import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { startTestStack, type TestStack } from './test-stack.js';

// The API serves the built app, as `npm start` does: build it first with `npm run build -w web`.
const WEB_DIST_DIR = path.resolve(import.meta.dirname, '../../web/dist');

// When set, the browser tests also save the README screenshots there (viewport 1280x800).
const SCREENSHOTS_DIR = process.env.INTAKE_SCREENSHOTS_DIR;

export const BROWSER_PASSWORD = 'correct horse battery staple';

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.com`;
}

/** A file for `setInputFiles`, as a person would pick it. */
export function csvFile(name: string, content: string) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(content) };
}

/** Saves a README screenshot when INTAKE_SCREENSHOTS_DIR is set; otherwise does nothing. */
export async function capture(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS_DIR) return;
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  // Out of the way: no hover highlight left on whatever was clicked last.
  await page.mouse.move(0, 0);
  await page.screenshot({
    path: path.join(SCREENSHOTS_DIR, `${name}.png`),
    animations: 'disabled',
    caret: 'hide',
  });
}

/** The real API and worker serving the built web app, and a headless Chromium to drive it. */
export interface WebAppHarness {
  stack: TestStack;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startWebAppHarness(): Promise<WebAppHarness> {
  if (!existsSync(path.join(WEB_DIST_DIR, 'index.html'))) {
    throw new Error(
      `The web app is not built: ${path.join(WEB_DIST_DIR, 'index.html')} is missing. ` +
        'Run `npm run build -w web` first.',
    );
  }
  // Served from a copy: a build running meanwhile (every `npm run test:jest` starts with one)
  // empties web/dist for a moment, and the app would answer 404 for its own pages.
  const webCopy = await mkdtemp(path.join(tmpdir(), 'intake-web-'));
  await cp(WEB_DIST_DIR, webCopy, { recursive: true });
  const browser = await launchBrowser();
  // Warnings of the API and worker reach the output: they explain a job that never settles.
  const stack = await startTestStack({ env: { WEB_DIST_DIR: webCopy, LOG_LEVEL: 'warn' } });
  return {
    stack,
    browser,
    async stop() {
      await browser.close();
      await stack.stop();
      await rm(webCopy, { recursive: true, force: true });
    },
  };
}

/**
 * Runs a scenario in a fresh context (no cookies) at 1280x800, closed afterwards. A failure
 * says what the browser showed and which calls failed or never answered; an uncaught exception
 * in the app fails the test even if the screen happens to look right.
 */
export async function inBrowser(
  harness: WebAppHarness,
  scenario: (page: Page) => Promise<void>,
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<void> {
  const context = await harness.browser.newContext({
    baseURL: harness.stack.baseUrl,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'UTC',
    acceptDownloads: true,
  });
  try {
    await prepare?.(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const uncaught: string[] = [];
    const events: string[] = [];
    const inFlight = new Set<Request>();
    const callName = (request: Request) => `${request.method()} ${new URL(request.url()).pathname}`;
    page.on('pageerror', (error) => {
      uncaught.push(error.message);
      events.push(`uncaught: ${error.message}`);
    });
    page.on('request', (request) => inFlight.add(request));
    page.on('requestfinished', (request) => inFlight.delete(request));
    page.on('requestfailed', (request) => {
      inFlight.delete(request);
      events.push(`failed: ${callName(request)} (${request.failure()?.errorText ?? '?'})`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400)
        events.push(`${response.status()}: ${callName(response.request())}`);
    });

    try {
      await scenario(page);
    } catch (error) {
      // Playwright's errors come from another realm than jest's `Error`: wrap, do not mutate.
      const shown = await page
        .locator('body')
        .innerText({ timeout: 2000 })
        .catch(() => '(unreadable)');
      const details = [
        `The browser was at ${page.url()}, showing:`,
        shown.slice(0, 2500),
        'HTTP errors and page errors:',
        ...(events.length > 0 ? events.slice(-20) : ['(none)']),
        'Requests still waiting for an answer:',
        ...(inFlight.size > 0 ? [...inFlight].map(callName) : ['(none)']),
      ];
      const message =
        error instanceof Object && 'message' in error ? String(error.message) : String(error);
      throw new Error(`${message}\n\n  ${details.join('\n  ')}`, { cause: error });
    }
    expect(uncaught).toEqual([]);
  } finally {
    await context.close();
  }
}
