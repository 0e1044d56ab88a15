import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page, Request } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

// The API serves the built app, as `npm start` does: build it first with `npm run build -w web`.
const WEB_DIST_DIR = path.resolve(import.meta.dirname, '../../web/dist');

// When set, the test also saves the README screenshots there (viewport 1280x800).
const SCREENSHOTS_DIR = process.env.INTAKE_SCREENSHOTS_DIR;

const PASSWORD = 'correct horse battery staple';

// Ada twice with different identities (a conflicting duplicate) and a malformed address.
const CONTACTS_CSV = [
  'email,first_name,last_name,company',
  'ada@example.com,Ada,Lovelace,Analytical Engines',
  'grace@example.com,Grace,Hopper,US Navy',
  'ADA@example.com,Ada,Byron,Poetry Ltd',
  'not-an-email,Bob,Broken,Nowhere Inc',
  '',
].join('\n');

// Nothing to review: the worker completes it on its own.
const CLEAN_CSV = [
  'email,first_name,last_name,company',
  'alan@example.com,Alan,Turing,Bletchley Park',
  'katherine@example.com,Katherine,Johnson,NASA',
  '',
].join('\n');

// A 1x1 PNG image.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

// Passed to each hook and test: jest reads `testTimeout` from the root config only, not per project.
const TIMEOUT_MS = 120_000;

const SETTLED_STATUSES = ['NEEDS_REVIEW', 'COMPLETED', 'FAILED', 'CANCELLED'];

function uniqueEmail(): string {
  return `browser-${randomUUID().slice(0, 8)}@example.com`;
}

function csvFile(name: string, content: string) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(content) };
}

async function capture(page: Page, name: string): Promise<void> {
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

/** From the sign-in page: switch to "Create account", register, land on the jobs page. */
async function signUp(page: Page, email: string): Promise<void> {
  await page.getByTestId('auth-switch-mode').click();
  const form = page.locator('[data-testid="auth-form"][data-mode="register"]');
  await form.waitFor();
  expect(await form.getByRole('heading').innerText()).toBe('Create account');
  await page.getByTestId('auth-email').fill(email);
  await page.getByTestId('auth-password').fill(PASSWORD);
  await page.getByTestId('auth-submit').click();
  await page.waitForURL((url) => url.pathname === '/jobs');
  expect(await page.getByTestId('current-user').innerText()).toBe(email);
}

async function waitForSignInPage(page: Page): Promise<void> {
  await page.waitForURL((url) => url.pathname === '/login');
  await page.locator('[data-testid="auth-form"][data-mode="login"]').waitFor();
}

/** The jobs table row of one file, found by its visible file name. */
function jobRow(page: Page, fileName: string): Locator {
  return page
    .getByTestId('job-row')
    .filter({ has: page.getByRole('link', { name: fileName, exact: true }) });
}

/** Waits until the row's status badge leaves PENDING/PROCESSING, and returns where it settled. */
async function settledStatus(row: Locator): Promise<string | null> {
  const settled = SETTLED_STATUSES.map(
    (status) => `[data-testid="job-status-badge"][data-status="${status}"]`,
  ).join(', ');
  const badge = row.locator(settled);
  await badge.waitFor({ timeout: 60_000 });
  return badge.getAttribute('data-status');
}

async function cellText(row: Locator, testId: string): Promise<string> {
  return (await row.getByTestId(testId).innerText()).trim();
}

describe('the web app in headless Chromium, served by the API', () => {
  let stack: TestStack | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let webCopy: string | undefined;

  beforeAll(async () => {
    if (!existsSync(path.join(WEB_DIST_DIR, 'index.html'))) {
      throw new Error(
        `The web app is not built: ${path.join(WEB_DIST_DIR, 'index.html')} is missing. ` +
          'Run `npm run build -w web` first.',
      );
    }
    // Served from a copy: a build running meanwhile (every `npm run test:jest` starts with one)
    // empties web/dist for a moment, and the app would answer 404 for its own pages.
    webCopy = await mkdtemp(path.join(tmpdir(), 'intake-web-'));
    await cp(WEB_DIST_DIR, webCopy, { recursive: true });
    browser = await launchBrowser();
    // Warnings of the API and worker reach the output: they explain a job that never settles.
    stack = await startTestStack({ env: { WEB_DIST_DIR: webCopy, LOG_LEVEL: 'warn' } });
  }, TIMEOUT_MS);

  afterEach(async () => {
    await context?.close();
    context = undefined;
  }, TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (webCopy) await rm(webCopy, { recursive: true, force: true });
  }, TIMEOUT_MS);

  /**
   * Runs a scenario in a fresh context (no cookies) at 1280x800. A failure says what the browser
   * showed and which calls failed or never answered; an uncaught exception in the app fails the
   * test even if the screen happens to look right.
   */
  async function inBrowser(scenario: (page: Page) => Promise<void>): Promise<void> {
    if (!browser || !stack) throw new Error('The browser or the test stack did not start.');
    context = await browser.newContext({
      baseURL: stack.baseUrl,
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
      timezoneId: 'UTC',
    });
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
        shown.slice(0, 1500),
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
  }

  it(
    'signs up, uploads, reviews the issues of a job, survives a reload and signs out',
    () =>
      inBrowser(async (page) => {
        const email = uniqueEmail();

        // A signed-out visitor is sent to sign in.
        await page.goto('/');
        await waitForSignInPage(page);
        expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Sign in');
        await capture(page, 'sign-in');

        await signUp(page, email);
        expect(await page.getByTestId('jobs-empty').innerText()).toContain('No jobs yet');

        // Two files at once: each becomes one job.
        await page
          .getByTestId('upload-input')
          .setInputFiles([csvFile('contacts.csv', CONTACTS_CSV), csvFile('clean.csv', CLEAN_CSV)]);
        const uploads = page.getByTestId('upload-item');
        await page.locator('[data-testid="upload-item"][data-state="done"]').nth(1).waitFor();
        expect(await uploads.count()).toBe(2);
        expect(await page.getByTestId('upload-error').count()).toBe(0);

        const contacts = jobRow(page, 'contacts.csv');
        const clean = jobRow(page, 'clean.csv');
        expect(await settledStatus(contacts)).toBe('NEEDS_REVIEW');
        expect(await settledStatus(clean)).toBe('COMPLETED');

        // Newest first; the counts as a reviewer reads them.
        expect(await page.getByTestId('job-link').allInnerTexts()).toEqual([
          'clean.csv',
          'contacts.csv',
        ]);
        expect(await contacts.getByTestId('job-status-badge').innerText()).toBe('Needs review');
        expect(await cellText(contacts, 'job-rows')).toBe('4 / 4');
        expect(await cellText(contacts, 'job-valid-rows')).toBe('3');
        expect(await cellText(contacts, 'job-invalid-rows')).toBe('1');
        expect(await cellText(contacts, 'job-duplicate-groups')).toBe('1');
        expect(await cellText(contacts, 'job-open-blocking-issues')).toBe('2');
        expect(await clean.getByTestId('job-status-badge').innerText()).toBe('Completed');
        expect(await cellText(clean, 'job-rows')).toBe('2 / 2');
        expect(await cellText(clean, 'job-open-blocking-issues')).toBe('0');
        await page.getByRole('button', { name: 'Clear finished uploads' }).click();
        expect(await uploads.count()).toBe(0);
        await page.locator('[data-testid="jobs-table"][aria-busy="false"]').waitFor();
        await capture(page, 'jobs');

        // The job detail lists what needs a decision.
        await contacts.getByRole('link', { name: 'contacts.csv', exact: true }).click();
        await page.waitForURL((url) => url.pathname.startsWith('/jobs/'));
        const detailPath = new URL(page.url()).pathname;
        const detail = page.getByTestId('job-detail');
        await detail.waitFor();
        expect(await detail.getByRole('heading', { level: 1 }).innerText()).toBe('contacts.csv');
        expect(await detail.getByTestId('job-status-badge').innerText()).toBe('Needs review');
        expect(await cellText(detail, 'job-total-rows')).toBe('4');
        expect(await cellText(detail, 'job-open-blocking-issues')).toBe('2');
        expect(await cellText(detail, 'job-delimiter')).toBe('Comma (,)');

        const review = page.getByTestId('review-section');
        const issues = review.getByTestId('issue-row');
        await issues.first().waitFor();
        expect(await review.innerText()).toContain('2 blocking issues are still open.');
        expect(await review.getByTestId('issue-counts').innerText()).toBe('Open: 2 · Resolved: 0');
        const issueCells = await Promise.all(
          (await issues.all()).map((issue) => issue.locator('td').allInnerTexts()),
        );
        expect(issueCells.map((cells) => cells.map((cell) => cell.trim()))).toEqual([
          [expect.stringMatching(/^Duplicate email\s*blocking$/), 'ada@example.com', 'Open'],
          [expect.stringMatching(/^Invalid email\s*blocking$/), 'row-4', 'Open'],
        ]);
        await review.scrollIntoViewIfNeeded();
        await capture(page, 'job-detail');

        // The access token lives in memory only: after a reload the refresh cookie restores the session.
        await page.reload();
        await detail.waitFor();
        expect(new URL(page.url()).pathname).toBe(detailPath);
        expect(await page.getByTestId('current-user').innerText()).toBe(email);
        expect(await detail.getByRole('heading', { level: 1 }).innerText()).toBe('contacts.csv');
        await issues.nth(1).waitFor();
        expect(await issues.count()).toBe(2);

        // Signing out ends the session on the server too: visiting the app again asks to sign in.
        await page.getByTestId('sign-out').click();
        await waitForSignInPage(page);
        expect(new URL(page.url()).search).toBe('');
        await page.goto('/jobs');
        await waitForSignInPage(page);
        expect(new URL(page.url()).searchParams.get('redirectTo')).toBe('/jobs');
      }),
    TIMEOUT_MS,
  );

  it(
    'refuses an image with a message the user can act on, creating no job',
    () =>
      inBrowser(async (page) => {
        await page.goto('/');
        await waitForSignInPage(page);
        await signUp(page, uniqueEmail());

        // The file picker offers only .csv, .tsv and .txt, but a drop or "All files" gets past it.
        await page.getByTestId('upload-input').setInputFiles([
          { name: 'logo.png', mimeType: 'image/png', buffer: PNG },
          { name: 'logo-renamed.csv', mimeType: 'text/csv', buffer: PNG },
        ]);
        await page.locator('[data-testid="upload-item"][data-state="failed"]').nth(1).waitFor();
        const items = page.getByTestId('upload-item');
        expect(await items.count()).toBe(2);
        // The server's own explanation reaches the person: which rule, and what the file looks like.
        const [byName, byContent] = await Promise.all(
          (await items.all()).map((item) => item.innerText()),
        );
        expect(byName).toContain('Failed');
        expect(byName).toContain(
          'Only .csv, .tsv and .txt files can be imported; "logo.png" is not one.',
        );
        expect(byContent).toContain('Failed');
        expect(byContent).toContain(
          'it looks like a PNG file. Upload a .csv, .tsv or .txt text file.',
        );
        expect(await page.getByTestId('upload-success').count()).toBe(0);

        // Nothing was stored: the list, read afresh from the server, is still empty.
        await page.reload();
        expect(await page.getByTestId('jobs-empty').innerText()).toContain('No jobs yet');
      }),
    TIMEOUT_MS,
  );
});
