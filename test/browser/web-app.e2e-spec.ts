import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import { ApiClient } from '../support/api-client.js';
import {
  BROWSER_PASSWORD,
  capture,
  csvFile,
  inBrowser as inBrowserOf,
  startWebAppHarness,
  uniqueEmail,
  type WebAppHarness,
} from '../support/web-app-harness.js';

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

/** From the sign-in page: switch to "Create account", register, land on the jobs page. */
async function signUp(page: Page, email: string): Promise<void> {
  await page.getByTestId('auth-switch-mode').click();
  const form = page.locator('[data-testid="auth-form"][data-mode="register"]');
  await form.waitFor();
  expect(await form.getByRole('heading').innerText()).toBe('Create account');
  await page.getByTestId('auth-email').fill(email);
  await page.getByTestId('auth-password').fill(BROWSER_PASSWORD);
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

/** A new user, signed up from the sign-in page, on the jobs page. */
async function signUpAsNewUser(page: Page): Promise<void> {
  await page.goto('/');
  await waitForSignInPage(page);
  await signUp(page, uniqueEmail('browser'));
}

/**
 * Ends the session behind the page's back (the refresh cookie gone, the API refusing the access
 * token), then has the jobs list ask the API for something: jobs of `status`.
 */
async function loseSessionOnNextRequest(page: Page, status: string): Promise<void> {
  await page.context().clearCookies();
  await page.route('**/api/jobs?**', (route) =>
    route.fulfill({
      status: 401,
      contentType: 'application/json',
      body: JSON.stringify({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'Expired.' }),
    }),
  );
  await page.getByTestId('jobs-status-filter').selectOption(status);
}

/** Uploads one file and waits until its job settles; returns where it settled. */
async function uploadAndSettle(page: Page, name: string, content: string): Promise<string | null> {
  await page.getByTestId('upload-input').setInputFiles([csvFile(name, content)]);
  return settledStatus(jobRow(page, name));
}

/** Opens a job's page from the jobs list. */
async function openJob(page: Page, fileName: string): Promise<void> {
  await jobRow(page, fileName).getByRole('link', { name: fileName, exact: true }).click();
  await page.getByTestId('job-detail').waitFor();
}

async function cellText(row: Locator, testId: string): Promise<string> {
  return (await row.getByTestId(testId).innerText()).trim();
}

describe('the web app in headless Chromium, served by the API', () => {
  let harness: WebAppHarness;

  beforeAll(async () => {
    harness = await startWebAppHarness();
  }, TIMEOUT_MS);

  afterAll(async () => {
    await harness.stop();
  }, TIMEOUT_MS);

  const inBrowser = (scenario: (page: Page) => Promise<void>) => inBrowserOf(harness, scenario);

  it(
    'signs up, uploads, reviews the issues of a job, survives a reload and signs out',
    () =>
      inBrowser(async (page) => {
        const email = uniqueEmail('browser');

        // A signed-out visitor is sent to sign in.
        await page.goto('/');
        await waitForSignInPage(page);
        expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Sign in');
        // Each page names itself in the tab (and to screen readers, and in the history).
        expect(await page.title()).toBe('Sign in · Intake');
        await capture(page, 'sign-in');

        await signUp(page, email);
        expect(await page.getByTestId('jobs-empty').innerText()).toContain('No jobs yet');
        expect(await page.title()).toBe('Jobs · Intake');

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

        // The filters are kept in the address: a reload shows the same list.
        await page.getByTestId('jobs-status-filter').selectOption('COMPLETED');
        await page.getByTestId('jobs-search').fill('clean');
        await page.waitForURL((url) => url.searchParams.get('q') === 'clean');
        expect(new URL(page.url()).searchParams.get('status')).toBe('COMPLETED');
        await page.reload();
        await page.locator('[data-testid="jobs-table"][aria-busy="false"]').waitFor();
        expect(await page.getByTestId('jobs-status-filter').inputValue()).toBe('COMPLETED');
        expect(await page.getByTestId('jobs-search').inputValue()).toBe('clean');
        expect(await page.getByTestId('job-link').allInnerTexts()).toEqual(['clean.csv']);
        // The Jobs link starts afresh: every job, and an empty search box.
        await page.getByRole('navigation').getByRole('link', { name: 'Jobs' }).click();
        await page.getByTestId('job-link').nth(1).waitFor();
        expect(await page.getByTestId('jobs-search').inputValue()).toBe('');
        expect(new URL(page.url()).search).toBe('');

        // The job detail lists what needs a decision.
        await contacts.getByRole('link', { name: 'contacts.csv', exact: true }).click();
        await page.waitForURL((url) => url.pathname.startsWith('/jobs/'));
        const detailPath = new URL(page.url()).pathname;
        const detail = page.getByTestId('job-detail');
        await detail.waitFor();
        expect(await detail.getByRole('heading', { level: 1 }).innerText()).toBe('contacts.csv');
        expect(await page.title()).toBe('contacts.csv · Intake');
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

        // Stepping through issues from the keyboard keeps the keyboard in the panel: Next
        // replaces the panel (and the button pressed), and the focus lands in the new one.
        await issues.first().click();
        const panel = page.getByTestId('issue-panel');
        await panel.getByRole('button', { name: 'Next →' }).focus();
        await page.keyboard.press('Enter');
        await panel.getByRole('heading', { name: /Invalid email/ }).waitFor();
        const focusInPanel = async () => (await panel.locator(':focus').count()) === 1;
        expect(await focusInPanel()).toBe(true);
        await panel.getByRole('button', { name: '← Previous' }).focus();
        await page.keyboard.press('Enter');
        await panel.getByRole('heading', { name: /Duplicate email/ }).waitFor();
        expect(await focusInPanel()).toBe(true);

        // Signing out ends the session on the server too: visiting the app again asks to sign in.
        await page.getByRole('link', { name: '← All jobs' }).click();
        await page.getByTestId('upload-input').setInputFiles([csvFile('late.csv', CLEAN_CSV)]);
        await page.locator('[data-testid="upload-item"][data-state="done"]').waitFor();
        await page.getByTestId('sign-out').click();
        await waitForSignInPage(page);
        expect(new URL(page.url()).search).toBe('');
        // The next person to sign in on this tab sees none of the first one's uploads.
        await signUp(page, uniqueEmail('browser'));
        await page.getByTestId('jobs-empty').waitFor();
        expect(await page.getByTestId('upload-item').count()).toBe(0);
        await page.getByTestId('sign-out').click();
        await waitForSignInPage(page);
        await page.goto('/jobs');
        await waitForSignInPage(page);
        expect(new URL(page.url()).searchParams.get('redirectTo')).toBe('/jobs');
      }),
    TIMEOUT_MS,
  );

  it(
    'retries a failed job and cancels one in review from the job page',
    () =>
      inBrowser(async (page) => {
        // Sign-in honours only same-app redirects: "/\\host" would be another site.
        await page.goto('/login?redirectTo=%2F%5Cevil.example%2Fx');
        await waitForSignInPage(page);
        await signUp(page, uniqueEmail('browser'));
        expect(new URL(page.url()).pathname).toBe('/jobs');

        await page
          .getByTestId('upload-input')
          .setInputFiles([
            csvFile('no-email.csv', 'name,phone\nAda,1\n'),
            csvFile('twins.csv', 'email,first_name\nx@example.com,Ann\nx@example.com,Bob\n'),
          ]);
        expect(await settledStatus(jobRow(page, 'no-email.csv'))).toBe('FAILED');
        expect(await settledStatus(jobRow(page, 'twins.csv'))).toBe('NEEDS_REVIEW');

        // A failed job: no progress bar (nothing was kept), and Retry runs it again.
        await openJob(page, 'no-email.csv');
        await page.getByTestId('job-retry').waitFor();
        expect(await page.getByTestId('job-progress').locator('progress').count()).toBe(0);
        expect(await page.getByTestId('job-cancel').count()).toBe(0);
        const jobId = await page.getByTestId('job-detail').getAttribute('data-job-id');
        // The retry's answer (the job PENDING, as the retry left it) is held back until the
        // new attempt has failed and its event reached the page: a late answer must not put the
        // page back to PENDING.
        await page.route(`**/api/jobs/${jobId}/retry`, async (route) => {
          const response = await route.fetch();
          await page
            .locator('[data-testid="job-detail"][data-status="FAILED"]')
            .waitFor({ state: 'detached', timeout: 5_000 })
            .catch(() => undefined);
          await page.waitForTimeout(1_500);
          await route.fulfill({ response });
        });
        const [retried] = await Promise.all([
          page.waitForResponse((response) => response.url().endsWith(`/jobs/${jobId}/retry`)),
          page.getByTestId('job-retry').click(),
        ]);
        expect(retried.status()).toBe(202);
        // A second attempt, FAILED again (the file has no email column still), and the page
        // follows it there.
        const deadline = Date.now() + 30_000;
        let job = { status: '', attempt: 0 };
        while (!(job.status === 'FAILED' && job.attempt === 2) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          [job] = await harness.stack.dataSource.query<{ status: string; attempt: number }[]>(
            'SELECT status, attempt FROM jobs WHERE id = $1',
            [jobId],
          );
        }
        expect(job).toEqual({ status: 'FAILED', attempt: 2 });
        await page
          .locator('[data-testid="job-detail"][data-status="FAILED"] [data-testid="job-retry"]')
          .waitFor();

        // A job in review: Cancel asks first. Keeping the job changes nothing; confirming
        // cancels it.
        await page.getByRole('link', { name: '← All jobs' }).click();
        await openJob(page, 'twins.csv');
        const dialog = page.getByTestId('job-cancel-confirm');
        await page.getByTestId('job-cancel').click();
        expect(await dialog.innerText()).toContain('can no longer be finalized or exported');
        await dialog.getByRole('button', { name: 'Keep the job' }).click();
        await dialog.waitFor({ state: 'hidden' });
        expect(await page.getByTestId('job-detail').getAttribute('data-status')).toBe(
          'NEEDS_REVIEW',
        );
        await page.getByTestId('job-cancel').click();
        await dialog.getByRole('button', { name: 'Cancel job' }).click();
        await page.locator('[data-testid="job-detail"][data-status="CANCELLED"]').waitFor();
        expect(await page.getByTestId('job-cancel').count()).toBe(0);
        expect(await page.getByTestId('job-retry').count()).toBe(0);
        // Its button gone, the keyboard is on the job's title rather than back at the top.
        await page.waitForFunction("document.activeElement?.id === 'job-title'");
      }),
    TIMEOUT_MS,
  );

  it(
    'fits a phone-wide screen: no sideways scrolling, Sign out within reach',
    () =>
      inBrowser(async (page) => {
        await signUpAsNewUser(page);
        await page.setViewportSize({ width: 390, height: 844 });
        await uploadAndSettle(page, 'phone.csv', CLEAN_CSV);
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          390,
        );
        const signOut = await page.getByRole('button', { name: 'Sign out' }).boundingBox();
        expect(signOut!.x + signOut!.width).toBeLessThanOrEqual(390);
        // The email gives way, in full on hover.
        const user = page.getByTestId('current-user');
        expect(await user.getAttribute('title')).toContain('@example.com');

        // A job in review: the bulk actions' long labels wrap inside their box.
        expect(await uploadAndSettle(page, 'phone-review.csv', CONTACTS_CSV)).toBe('NEEDS_REVIEW');
        await openJob(page, 'phone-review.csv');
        const bulk = page.getByTestId('bulk-actions');
        await bulk.getByRole('button').first().waitFor();
        const box = (await bulk.boundingBox())!;
        for (const button of await bulk.getByRole('button').all()) {
          const edge = (await button.boundingBox())!;
          expect(edge.x + edge.width).toBeLessThanOrEqual(box.x + box.width);
        }
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          390,
        );
      }),
    TIMEOUT_MS,
  );

  it(
    'says why it asks to sign in when the session has expired, then goes back',
    () =>
      inBrowser(async (page) => {
        await signUpAsNewUser(page);
        const email = await page.getByTestId('current-user').innerText();
        await loseSessionOnNextRequest(page, 'FAILED');
        await waitForSignInPage(page);
        expect(await page.getByTestId('session-expired').innerText()).toBe(
          'Your session has expired. Sign in again to go back to where you were.',
        );
        await page.unroute('**/api/jobs?**');

        await page.getByTestId('auth-email').fill(email);
        await page.getByTestId('auth-password').fill(BROWSER_PASSWORD);
        await page.getByTestId('auth-submit').click();
        await page.waitForURL((url) => url.pathname === '/jobs');
        expect(await page.getByTestId('session-expired').count()).toBe(0);

        // Signing out is not an expiry: no such message then, even when a request of the
        // page finds the session gone while the sign-out is still on its way.
        let releaseLogout = () => undefined as void;
        const logoutHeld = new Promise<void>((resolve) => (releaseLogout = resolve));
        await page.route('**/api/auth/logout', async (route) => {
          await logoutHeld;
          await route.continue();
        });
        await page.getByTestId('sign-out').click();
        await loseSessionOnNextRequest(page, 'COMPLETED');
        await waitForSignInPage(page);
        releaseLogout();
        await page.getByTestId('auth-form').waitFor();
        expect(await page.getByTestId('session-expired').count()).toBe(0);
        await page.unroute('**/api/jobs?**');
        await page.unroute('**/api/auth/logout');
      }),
    TIMEOUT_MS,
  );

  it(
    'leaves the keyboard where it is when the job is cancelled from elsewhere',
    () =>
      inBrowser(async (page) => {
        await signUpAsNewUser(page);
        const email = await page.getByTestId('current-user').innerText();
        expect(await uploadAndSettle(page, 'elsewhere.csv', CONTACTS_CSV)).toBe('NEEDS_REVIEW');
        await openJob(page, 'elsewhere.csv');
        const detail = page.locator('[data-testid="job-detail"][data-status="NEEDS_REVIEW"]');
        await detail.waitFor();
        const jobId = (await detail.getAttribute('data-job-id'))!;

        // The same person, through the API: the page learns of it from the job's events.
        const other = new ApiClient(harness.stack.baseUrl);
        const login = await other.post<{ accessToken: string }>('/api/auth/login', {
          email,
          password: BROWSER_PASSWORD,
        });
        other.token = login.body.accessToken;
        expect((await other.post(`/api/jobs/${jobId}/cancel`)).status).toBe(200);
        await page.locator('[data-testid="job-detail"][data-status="CANCELLED"]').waitFor();
        // Nothing was pressed here: a reader's place does not jump to the title.
        await page.evaluate('new Promise((resolve) => requestAnimationFrame(resolve))');
        expect(await page.evaluate("document.activeElement?.id ?? ''")).not.toBe('job-title');
      }),
    TIMEOUT_MS,
  );

  it(
    'signs out every tab when one signs out, and ends the uploads there',
    () =>
      inBrowser(async (page) => {
        await signUpAsNewUser(page);
        const other = await page.context().newPage();
        try {
          await other.goto('/jobs');
          await other.getByTestId('jobs-empty').waitFor();
          // An upload under way in the other tab, its answer held.
          await other.route('**/api/jobs', async (route) => {
            if (route.request().method() === 'POST') await new Promise(() => undefined);
            await route.continue();
          });
          await other.getByTestId('upload-input').setInputFiles([csvFile('held.csv', CLEAN_CSV)]);
          await other.locator('[data-testid="upload-item"][data-state="uploading"]').waitFor();

          await page.getByTestId('sign-out').click();
          await waitForSignInPage(page);
          // The other tab follows, as a sign-out (no "expired"), its upload gone with it.
          await waitForSignInPage(other);
          expect(await other.getByTestId('session-expired').count()).toBe(0);
          expect(await other.getByTestId('upload-item').count()).toBe(0);
        } finally {
          await other.close();
        }
      }),
    TIMEOUT_MS,
  );

  it(
    'keeps uploading while the user looks at another page',
    () =>
      inBrowser(async (page) => {
        await signUpAsNewUser(page);
        expect(await uploadAndSettle(page, 'first.csv', CLEAN_CSV)).toBe('COMPLETED');

        // The server's answers to the next uploads are held until released.
        let release = () => undefined as void;
        const released = new Promise<void>((resolve) => (release = resolve));
        await page.route('**/api/jobs', async (route) => {
          if (route.request().method() === 'POST') await released;
          await route.continue();
        });
        await page
          .getByTestId('upload-input')
          .setInputFiles([csvFile('second.csv', CLEAN_CSV), csvFile('third.csv', CLEAN_CSV)]);
        await page.locator('[data-testid="upload-item"][data-state="uploading"]').waitFor();

        // To another page while the first is under way and the second waits, and back: the
        // uploads are still listed as they stand, the waiting one with its Cancel button.
        await openJob(page, 'first.csv');
        await page.getByRole('link', { name: '← All jobs' }).click();
        const item = (name: string) =>
          page.getByTestId('upload-item').filter({ hasText: name }).first();
        expect(await item('second.csv').getAttribute('data-state')).toMatch(
          /^(uploading|processing)$/,
        );
        expect(await item('third.csv').getAttribute('data-state')).toBe('queued');
        await item('third.csv')
          .getByRole('button', { name: 'Cancel upload of third.csv' })
          .waitFor();

        // Both files still become jobs.
        release();
        await page.locator('[data-testid="upload-item"][data-state="done"]').nth(2).waitFor();
        expect(await settledStatus(jobRow(page, 'third.csv'))).toBe('COMPLETED');
        expect(await settledStatus(jobRow(page, 'second.csv'))).toBe('COMPLETED');
        await page.unroute('**/api/jobs');
      }),
    TIMEOUT_MS,
  );

  it(
    "shows a decision taken in another tab in this tab's issue list",
    () =>
      inBrowser(async (page) => {
        await signUpAsNewUser(page);
        expect(await uploadAndSettle(page, 'shared.csv', CONTACTS_CSV)).toBe('NEEDS_REVIEW');
        await openJob(page, 'shared.csv');
        const issues = page.getByTestId('review-section').getByTestId('issue-row');
        await issues.nth(1).waitFor();

        // The same job in a second tab, where the invalid row is excluded.
        const other = await page.context().newPage();
        await other.goto(new URL(page.url()).pathname);
        const otherIssues = other.getByTestId('review-section').getByTestId('issue-row');
        await otherIssues.nth(1).waitFor();
        await otherIssues.nth(1).click();
        await other
          .getByTestId('issue-panel')
          .getByRole('button', { name: /^Exclude row/ })
          .click();
        await other.getByTestId('issue-decision').waitFor();

        // This tab, showing the open issues, follows: the count and the list agree.
        await page
          .getByTestId('issue-counts')
          .getByText('Open: 1 · Resolved: 1')
          .waitFor({ timeout: 20_000 });
        for (let tries = 0; tries < 100 && (await issues.count()) !== 1; tries++) {
          await page.waitForTimeout(100);
        }
        expect(await issues.count()).toBe(1);
        await other.close();
      }),
    TIMEOUT_MS,
  );

  it(
    'keeps the session when two tabs restore it at the same moment',
    () =>
      inBrowser(async (page) => {
        await signUpAsNewUser(page);

        // Two more tabs, as a browser restores them: each trades the shared refresh cookie for
        // an access token on load. A refresh is held until a second one is sent too, and then
        // both go at once; one sent alone goes after 2 s (the app queues them, so no second one
        // comes while the first is out).
        const context = page.context();
        const held: (() => void)[] = [];
        await context.route('**/api/auth/refresh', async (route) => {
          await new Promise<void>((go) => {
            held.push(go);
            if (held.length === 2) for (const release of held.splice(0)) release();
            else
              setTimeout(() => {
                const waiting = held.indexOf(go);
                if (waiting >= 0) held.splice(waiting, 1);
                go();
              }, 2_000);
          });
          await route.continue();
        });
        const tabs = [await context.newPage(), await context.newPage()];
        await Promise.all(tabs.map((tab) => tab.goto('/jobs')));
        for (const tab of tabs) {
          await tab.getByTestId('jobs-empty').waitFor();
          expect(new URL(tab.url()).pathname).toBe('/jobs');
        }
        await context.unroute('**/api/auth/refresh');

        // The session is still alive afterwards: a reload restores it once more.
        await page.reload();
        await page.getByTestId('jobs-empty').waitFor();
        expect(new URL(page.url()).pathname).toBe('/jobs');
        await Promise.all(tabs.map((tab) => tab.close()));
      }),
    TIMEOUT_MS,
  );

  it(
    'refuses an image with a message the user can act on, creating no job',
    () =>
      inBrowser(async (page) => {
        await signUpAsNewUser(page);

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
