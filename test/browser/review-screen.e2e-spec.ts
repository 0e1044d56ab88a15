import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { ApiClient, readCsv, type IssueBody } from '../support/api-client.js';
import {
  BROWSER_PASSWORD,
  capture,
  csvFile,
  inBrowser as inBrowserOf,
  startWebAppHarness,
  uniqueEmail,
  type WebAppHarness,
} from '../support/web-app-harness.js';

// Passed to each hook and test: jest reads `testTimeout` from the root config only, not per project.
const TIMEOUT_MS = 180_000;

/**
 * Rows 1 and 3: one email, two people (a conflicting duplicate); row 4: a malformed email;
 * row 5: no email; row 6: no last name (a warning). Row 3's phone starts with `+`, which the
 * export must make spreadsheet-safe.
 */
const REVIEW_CSV = [
  'email,first_name,last_name,company,phone',
  'ada@example.com,Ada,Lovelace,Analytical Engines,',
  'grace@example.com,Grace,Hopper,US Navy,555-0100',
  'ADA@example.com,Ada,Byron,,+44 20 7946 0000',
  'not-an-email,Bob,Broken,Nowhere Inc,',
  ',Nora,Nomail,Ghost Co,',
  'lin@example.com,Lin,,Solo Ltd,',
  '',
].join('\n');

/** Two malformed emails, one of them Ada's with a typo: fixing it makes her a duplicate. */
const FIX_CSV = [
  'email,first_name,last_name,company',
  'ada@example.com,Ada,Lovelace,Analytical Engines',
  'ada@example,Ada,Byron,Poetry Ltd',
  'grace@example,Grace,Hopper,US Navy',
  '',
].join('\n');

/** 250 rows whose emails all lack an `@`: more issues than one page of the list holds. */
const MANY_ISSUES_CSV = [
  'email,first_name,last_name',
  ...Array.from({ length: 250 }, (_, i) => `person-${i + 1}.example.com,Person,Number ${i + 1}`),
  '',
].join('\n');

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Waits until the element's whole text is `text` (the screen updates after the answer comes). */
async function waitForText(locator: Locator, text: string): Promise<void> {
  await locator.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) }).waitFor();
}

/** From the sign-in page: switch to "Create account", register, land on the jobs page. */
async function signUp(page: Page, email: string): Promise<void> {
  await page.goto('/');
  await page.locator('[data-testid="auth-form"][data-mode="login"]').waitFor();
  await page.getByTestId('auth-switch-mode').click();
  await page.locator('[data-testid="auth-form"][data-mode="register"]').waitFor();
  await page.getByTestId('auth-email').fill(email);
  await page.getByTestId('auth-password').fill(BROWSER_PASSWORD);
  await page.getByTestId('auth-submit').click();
  await page.waitForURL((url) => url.pathname === '/jobs');
}

/**
 * Uploads one file from the jobs page and follows the upload's own link to its job, which
 * follows the worker (by its event stream, or by polling without one) until it is in review.
 */
async function uploadAndOpen(page: Page, name: string, content: string): Promise<void> {
  await page.getByTestId('upload-input').setInputFiles([csvFile(name, content)]);
  await page.getByTestId('upload-success').getByRole('link', { name: 'View job' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/jobs/'));
  await page
    .locator('[data-testid="job-detail"][data-status="NEEDS_REVIEW"]')
    .waitFor({ timeout: 60_000 });
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(name);
  await page.getByTestId('review-section').waitFor();
}

/** The text of the element that has the keyboard. */
function focusedText(page: Page): Promise<string | null> {
  return page.evaluate<string | null>('document.activeElement?.textContent ?? null');
}

/** The test id of the element that has the keyboard. */
function focusedTestId(page: Page): Promise<string | null> {
  return page.evaluate<string | null>(
    "document.activeElement?.getAttribute('data-testid') ?? null",
  );
}

/** The issue list's way in for a person: the key of an issue, named with its type. */
function issueButton(page: Page, name: string): Locator {
  return page.getByTestId('review-section').getByRole('button', { name, exact: true });
}

function issuePanel(page: Page, status?: 'OPEN' | 'RESOLVED'): Locator {
  return page.locator(
    status
      ? `[data-testid="issue-panel"][data-issue-status="${status}"]`
      : '[data-testid="issue-panel"]',
  );
}

/** Clicks a download button and returns the file the browser saved, as text. */
async function download(page: Page, testId: string): Promise<{ filename: string; text: string }> {
  const [saved] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(testId).click(),
  ]);
  return { filename: saved.suggestedFilename(), text: await readFile(await saved.path(), 'utf8') };
}

function sortedRows(rows: string[][]): string[][] {
  return [...rows].sort((a, b) => a.join(',').localeCompare(b.join(',')));
}

describe('the review screen in headless Chromium', () => {
  let harness: WebAppHarness;

  beforeAll(async () => {
    harness = await startWebAppHarness();
  }, TIMEOUT_MS);

  afterAll(async () => {
    await harness.stop();
  }, TIMEOUT_MS);

  /**
   * Another reviewer of the same account decides the issue `panel` shows, through the API,
   * while the page is open and does not know.
   */
  async function resolveBehindOurBack(
    email: string,
    panel: Locator,
    decision: { action: string; rowId?: string | null },
  ): Promise<void> {
    const other = new ApiClient(harness.stack.baseUrl);
    const login = await other.post<{ accessToken: string }>('/api/auth/login', {
      email,
      password: BROWSER_PASSWORD,
    });
    expect(login.status).toBe(200);
    other.token = login.body.accessToken;
    const resolved = await other.post<IssueBody>(
      `/api/issues/${await panel.getAttribute('data-issue-id')}/resolve`,
      { ...decision, version: Number(await panel.getAttribute('data-version')) },
    );
    expect(resolved.status).toBe(200);
  }

  const inBrowser = (
    scenario: (page: Page) => Promise<void>,
    prepare?: (context: BrowserContext) => Promise<void>,
  ) => inBrowserOf(harness, scenario, prepare);

  it(
    "resolves duplicates and row issues in bulk and one by one, sees another reviewer's decision live, reopens, finalizes and downloads the result",
    () =>
      inBrowser(async (page) => {
        const email = uniqueEmail('reviewer');
        await signUp(page, email);
        await uploadAndOpen(page, 'review.csv', REVIEW_CSV);
        const review = page.getByTestId('review-section');
        const detail = page.getByTestId('job-detail');

        // The counts a reviewer starts from: three blocking issues and one warning.
        expect(await detail.getByTestId('job-open-blocking-issues').innerText()).toBe('3');
        expect(await review.innerText()).toContain('3 blocking issues are still open.');
        await waitForText(review.getByTestId('issue-counts'), 'Open: 4 · Resolved: 0');
        expect(await review.getByTestId('issue-type-count').allInnerTexts()).toEqual([
          'Duplicate email: 1',
          'Missing email: 1',
          'Invalid email: 1',
          'Missing last name: 1',
        ]);
        await review.getByTestId('issue-row').nth(3).waitFor();
        expect(await review.getByTestId('issue-row').count()).toBe(4);
        expect(await review.getByTestId('issue-list-summary').innerText()).toBe('4 of 4 loaded');

        // Live updates: the page follows the job's event stream.
        await detail.getByTestId('job-live').waitFor();

        // Filtering by type: the warning needs no decision and offers none.
        await review.getByTestId('issues-type-filter').selectOption('MISSING_LAST_NAME');
        await page
          .locator('[data-testid="issue-row"]:not([data-issue-type="MISSING_LAST_NAME"])')
          .first()
          .waitFor({ state: 'detached' });
        expect(await review.getByTestId('issue-row').count()).toBe(1);
        await issueButton(page, 'Missing last name: row-6').click();
        const warning = issuePanel(page, 'OPEN');
        await warning.getByTestId('issue-warning-note').waitFor();
        expect(await warning.getByRole('heading', { level: 3 }).innerText()).toBe(
          'Missing last name: row 6',
        );
        expect(await warning.getByRole('button', { name: /Exclude|Keep|Merge/ }).count()).toBe(0);
        await review.getByTestId('issues-type-filter').selectOption('');
        await review.getByTestId('issue-row').nth(3).waitFor();

        // The duplicate's two rows side by side, the values in conflict marked.
        await issueButton(page, 'Duplicate email: ada@example.com').click();
        const duplicate = issuePanel(page, 'OPEN').filter({
          has: page.getByRole('heading', { name: 'Duplicate email: ada@example.com' }),
        });
        await duplicate.waitFor();
        expect(await duplicate.getByTestId('issue-candidate').allInnerTexts()).toEqual([
          expect.stringMatching(/^Row 1 line 2\s*Keep row 1$/),
          expect.stringMatching(/^Row 3 line 4\s*Keep row 3$/),
        ]);
        expect(await duplicate.locator('tr[data-column="email"] td').allInnerTexts()).toEqual([
          'ada@example.com',
          'ADA@example.com',
        ]);
        expect(
          await duplicate.locator('tr[data-field="last_name"] td.compare__cell--differs').count(),
        ).toBe(2);

        // Bulk: the confirmation says how many issues it resolves; cancelling changes nothing.
        await review
          .getByRole('button', { name: 'Choose the first row for all duplicates' })
          .click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        expect(await dialog.getByRole('heading').innerText()).toBe(
          'Resolve 1 open duplicate-email issue?',
        );
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await dialog.waitFor({ state: 'hidden' });
        expect(await review.getByTestId('issue-counts').innerText()).toBe('Open: 4 · Resolved: 0');
        await review
          .getByRole('button', { name: 'Choose the first row for all duplicates' })
          .click();
        await dialog.getByRole('button', { name: 'Choose first rows' }).click();
        await waitForText(review.getByTestId('bulk-result'), 'Resolved 1 duplicate-email issue.');
        // Its button is disabled now (nothing of its type is open): the keyboard is on the
        // group's heading, not lost to the page.
        expect(await focusedText(page)).toBe('Bulk actions');
        await waitForText(review.getByTestId('issue-counts'), 'Open: 3 · Resolved: 1');
        await waitForText(detail.getByTestId('job-open-blocking-issues'), '2');
        // The list shows open issues: the duplicate has left it.
        await review
          .locator('[data-testid="issue-row"][data-issue-type="DUPLICATE_EMAIL"]')
          .waitFor({ state: 'detached' });
        // The counts by type say what is left; the filters count what choosing them would list.
        expect(await review.getByTestId('issue-type-count').first().innerText()).toBe(
          'Duplicate email: 0 open of 1',
        );
        const optionTexts = (filter: string) =>
          review.getByTestId(filter).locator('option').allInnerTexts();
        expect(await optionTexts('issues-type-filter')).toContain('Duplicate email (0)');
        await review.getByTestId('issues-type-filter').selectOption('DUPLICATE_EMAIL');
        // None of them is open: the panel shows nothing, not an issue of the list before.
        await review.getByTestId('issues-empty').waitFor();
        expect(await issuePanel(page).count()).toBe(0);
        expect(await optionTexts('issues-status-filter')).toEqual([
          'All statuses',
          'Open (0)',
          'Resolved (1)',
        ]);
        await review.getByTestId('issues-type-filter').selectOption('');

        // Among the resolved ones it shows the bulk decision; reopened, it can be merged instead.
        await review.getByTestId('issues-status-filter').selectOption('RESOLVED');
        await issueButton(page, 'Duplicate email: ada@example.com').click();
        const chosen = issuePanel(page, 'RESOLVED');
        await waitForText(
          chosen.getByTestId('issue-decision-text'),
          'Kept row 1; the other rows are left out.',
        );
        await chosen.getByRole('button', { name: 'Reopen' }).click();
        const reopened = issuePanel(page, 'OPEN');
        await reopened.waitFor();
        await waitForText(review.getByTestId('issue-counts'), 'Open: 4 · Resolved: 0');
        // Last name and phone from row 3; first name and company stay with row 1.
        await reopened.getByRole('radio', { name: 'Use last name from row 3: Byron' }).check();
        expect(
          await reopened.getByRole('radio', { name: /^Use phone from row 3:/ }).isChecked(),
        ).toBe(true);
        expect(
          await reopened
            .getByRole('radio', { name: 'Use company from row 1: Analytical Engines' })
            .isChecked(),
        ).toBe(true);
        await reopened.getByRole('button', { name: 'Merge chosen values' }).click();
        await waitForText(
          issuePanel(page, 'RESOLVED').getByTestId('issue-decision-text'),
          'Merged into one contact: first name from row 1, last name from row 3, company from row 1, phone from row 3.',
        );
        await waitForText(review.getByTestId('issue-counts'), 'Open: 3 · Resolved: 1');
        await review.scrollIntoViewIfNeeded();
        await capture(page, 'review');

        // Someone else excludes the row with no email while this page shows it open: the event
        // stream brings their decision to the job's counts and to the issue on screen.
        await review.getByTestId('issues-status-filter').selectOption('OPEN');
        await issueButton(page, 'Missing email: row-5').click();
        const missing = issuePanel(page, 'OPEN');
        await missing.getByRole('button', { name: 'Exclude row 5' }).waitFor();
        await resolveBehindOurBack(email, missing, { action: 'exclude' });
        await waitForText(detail.getByTestId('job-open-blocking-issues'), '1');
        const excluded = issuePanel(page, 'RESOLVED');
        await waitForText(excluded.getByTestId('issue-decision-text'), 'Excluded row 5.');
        await waitForText(review.getByTestId('issue-counts'), 'Open: 2 · Resolved: 2');
        // Taken back and decided again here.
        await excluded.getByRole('button', { name: 'Reopen' }).click();
        await issuePanel(page, 'OPEN').getByRole('button', { name: 'Exclude row 5' }).click();
        await waitForText(
          issuePanel(page, 'RESOLVED').getByTestId('issue-decision-text'),
          'Excluded row 5.',
        );

        // Not yet: finalizing waits for the last blocking issue, and says so.
        const finalizeButton = review.getByTestId('finalize-job');
        expect(await finalizeButton.isDisabled()).toBe(true);
        const why = await finalizeButton.getAttribute('aria-describedby');
        expect(await page.locator(`[id="${why}"]`).innerText()).toBe(
          '1 blocking issue is still open. Finalizing is possible once none are.',
        );

        // The remaining invalid email, in bulk: the count is of open issues, resolved ones aside.
        await review
          .getByRole('button', { name: 'Exclude all rows with an invalid email' })
          .click();
        expect(await dialog.getByRole('heading').innerText()).toBe(
          'Resolve 1 open invalid-email issue?',
        );
        await dialog.getByRole('button', { name: 'Exclude rows' }).click();
        await waitForText(review.getByTestId('bulk-result'), 'Resolved 1 invalid-email issue.');
        await waitForText(detail.getByTestId('job-open-blocking-issues'), '0');
        expect(await review.innerText()).toContain(
          'No blocking issues are open: the job can be finalized.',
        );
        // Only the warning is left open.
        await waitForText(review.getByTestId('issue-counts'), 'Open: 1 · Resolved: 3');

        // The audit trail: every decision, who made it, bulk ones marked, newest first.
        const audit = page.getByTestId('audit-trail');
        await audit.getByTestId('audit-entry').nth(6).waitFor();
        const trail = await Promise.all(
          (await audit.getByTestId('audit-entry').all()).map(async (entry) => [
            await entry.getAttribute('data-action'),
            ...(await entry.locator('td').allInnerTexts()).slice(1, 3),
          ]),
        );
        expect(trail).toEqual([
          ['resolve', email, 'Excludedbulk'],
          ['resolve', email, 'Excluded'],
          ['reopen', email, 'Reopened (was: Excluded)'],
          ['resolve', email, 'Excluded'],
          ['resolve', email, 'Merged (first name, last name, company, phone)'],
          ['reopen', email, 'Reopened (was: Kept one row)'],
          ['resolve', email, 'Kept one rowbulk'],
        ]);

        // An entry's issue, resolved and so not in the list of open ones: shown, and Next goes
        // on to the list's first issue (the warning) rather than nowhere.
        await audit
          .getByTestId('audit-entry')
          .first()
          .getByRole('button', { name: 'Show issue' })
          .click();
        const shown = issuePanel(page, 'RESOLVED');
        await waitForText(shown.getByTestId('issue-decision-text'), 'Excluded row 4.');
        expect(await shown.getByRole('button', { name: '← Previous' }).isDisabled()).toBe(true);
        await shown.getByRole('button', { name: 'Next →' }).click();
        await waitForText(
          issuePanel(page, 'OPEN').getByRole('heading', { level: 3 }),
          'Missing last name: row 6',
        );

        // Rejects are known during review already: the invalid and the excluded rows. The
        // download is a button: a link opened in a new tab would lack the access token.
        expect(await page.getByRole('button', { name: 'Download rejects CSV' }).count()).toBe(1);
        expect(await page.getByRole('link', { name: /Download/ }).count()).toBe(0);
        const rejects = await download(page, 'download-rejects');
        expect(rejects.filename).toBe('review-rejects.csv');
        const rejectRows = readCsv(rejects.text);
        expect(rejectRows[0]?.slice(0, 3)).toEqual(['row_number', 'line_number', 'reasons']);
        expect(rejectRows.slice(1).map((row) => row.slice(0, 2))).toEqual([
          ['4', '5'],
          ['5', '6'],
        ]);

        // Finalize, then the contacts as a spreadsheet will read them.
        await review.getByTestId('finalize-job').click();
        await page
          .getByTestId('finalize-confirm')
          .getByRole('button', { name: 'Finalize' })
          .click();
        await detail.locator('[data-testid="job-status-badge"][data-status="COMPLETED"]').waitFor();
        await waitForText(detail.getByTestId('job-final-contacts'), '3');
        // The review's buttons are gone: the keyboard is on the job's title.
        await page.waitForFunction("document.activeElement?.id === 'job-title'");
        const contacts = await download(page, 'download-export');
        expect(contacts.filename).toBe('review-contacts.csv');
        const [header, ...rows] = readCsv(contacts.text);
        expect(header).toEqual(['email', 'first_name', 'last_name', 'company', 'phone']);
        expect(sortedRows(rows)).toEqual([
          ['ada@example.com', 'Ada', 'Byron', 'Analytical Engines', "'+44 20 7946 0000"],
          ['grace@example.com', 'Grace', 'Hopper', 'US Navy', '555-0100'],
          ['lin@example.com', 'Lin', '', 'Solo Ltd', ''],
        ]);

        // Finalizing is on the trail too, on top, without loading anything more.
        await waitForText(
          audit.getByTestId('audit-entry').nth(0).locator('td').nth(2),
          'Finalized: 3 contacts',
        );

        // Finalized: the decisions can be read, no longer changed.
        const readOnly = page.getByTestId('review-section');
        expect(await readOnly.getByRole('heading', { level: 2 }).innerText()).toBe('Issues');
        await readOnly.getByTestId('issue-row').nth(3).waitFor();
        expect(await readOnly.getByTestId('finalize-job').count()).toBe(0);
        await issueButton(page, 'Duplicate email: ada@example.com').click();
        await issuePanel(page, 'RESOLVED').getByTestId('issue-decision').waitFor();
        expect(await readOnly.getByRole('button', { name: 'Reopen' }).count()).toBe(0);
      }),
    TIMEOUT_MS,
  );

  it(
    "fixes invalid emails, shows the API's reason for a refused fix and another reviewer's change, without the event stream",
    () =>
      inBrowser(
        async (page) => {
          const email = uniqueEmail('reviewer');
          await signUp(page, email);
          await uploadAndOpen(page, 'typos.csv', FIX_CSV);
          const review = page.getByTestId('review-section');
          const detail = page.getByTestId('job-detail');
          // With the stream refused the page keeps working from plain requests.
          await page.locator('[data-testid="job-detail"][data-updates="closed"]').waitFor();
          expect(await detail.getByTestId('job-live').count()).toBe(0);
          await waitForText(review.getByTestId('issue-counts'), 'Open: 2 · Resolved: 0');

          await issueButton(page, 'Invalid email: row-2').click();
          const invalid = issuePanel(page, 'OPEN');
          const input = invalid.getByLabel('New email');
          expect(await input.inputValue()).toBe('ada@example');

          // A fix that is still not an email: the API's reason, next to the input.
          await input.fill('ada@@example.com');
          const [refusal] = await Promise.all([
            page.waitForResponse(
              (response) =>
                response.request().method() === 'POST' && response.url().endsWith('/resolve'),
            ),
            invalid.getByRole('button', { name: 'Fix email' }).click(),
          ]);
          expect(refusal.status()).toBe(422);
          const reason = (await refusal.json()) as { code: string; message: string };
          expect(reason.code).toBe('INVALID_RESOLUTION');
          await waitForText(invalid.getByTestId('fix-email-error'), reason.message);
          expect(await input.getAttribute('aria-invalid')).toBe('true');
          // Back in the input, to correct it.
          expect(await focusedTestId(page)).toBe('fix-email-input');
          expect(await invalid.getAttribute('data-issue-status')).toBe('OPEN');

          // The right email: resolved; Ada is now in two rows with different names, a new
          // duplicate issue, which the list shows without a reload.
          await input.fill('ada@example.com');
          await invalid.getByRole('button', { name: 'Fix email' }).click();
          await waitForText(
            issuePanel(page, 'RESOLVED').getByTestId('issue-decision-text'),
            'Fixed the email to ada@example.com (was ada@example).',
          );
          await issueButton(page, 'Duplicate email: ada@example.com').waitFor();
          await waitForText(review.getByTestId('issue-counts'), 'Open: 2 · Resolved: 1');

          // The fixed issue has left the list of open ones, the panel still shows it, and Next
          // goes on from where it stood: to row 3, first in the list now. Nothing came before.
          const fixed = issuePanel(page, 'RESOLVED');
          expect(await fixed.getByRole('button', { name: '← Previous' }).isDisabled()).toBe(true);
          await fixed.getByRole('button', { name: 'Next →' }).click();
          const next = page.locator(
            '[data-testid="issue-panel"][data-issue-type="INVALID_EMAIL_FORMAT"]',
          );
          await waitForText(next.getByRole('heading', { level: 3 }), 'Invalid email: row 3');
          expect(await next.getAttribute('data-issue-status')).toBe('OPEN');

          await issueButton(page, 'Invalid email: row-3').click();
          await issuePanel(page, 'OPEN').getByLabel('New email').fill('grace@example.com');
          await issuePanel(page, 'OPEN').getByRole('button', { name: 'Fix email' }).click();
          await waitForText(
            issuePanel(page, 'RESOLVED').getByTestId('issue-decision-text'),
            'Fixed the email to grace@example.com (was grace@example).',
          );

          // Another reviewer decides the new duplicate; without the stream this page does not
          // know, and deciding on its stale copy says so and shows the issue as it now is.
          await issueButton(page, 'Duplicate email: ada@example.com').click();
          const duplicate = issuePanel(page, 'OPEN');
          await duplicate.getByRole('button', { name: 'Keep row 2' }).waitFor();
          await resolveBehindOurBack(email, duplicate, {
            action: 'choose',
            rowId: await duplicate
              .locator('[data-testid="issue-candidate"][data-row-number="1"]')
              .getAttribute('data-row-id'),
          });
          await duplicate.getByRole('button', { name: 'Keep row 2' }).click();
          const reloaded = issuePanel(page, 'RESOLVED');
          await waitForText(
            reloaded.getByTestId('issue-error'),
            'Someone else changed this issue while you were looking at it. It has been ' +
              'reloaded with their change: check it before deciding again.',
          );
          // The panel reloaded the issue; the keyboard stays in it.
          expect(await reloaded.locator(':focus').count()).toBe(1);
          await waitForText(
            reloaded.getByTestId('issue-decision-text'),
            'Kept row 1; the other rows are left out.',
          );

          // Taken back: the fixed row wins after all.
          await reloaded.getByRole('button', { name: 'Reopen' }).click();
          await issuePanel(page, 'OPEN').getByRole('button', { name: 'Keep row 2' }).click();
          await waitForText(
            issuePanel(page, 'RESOLVED').getByTestId('issue-decision-text'),
            'Kept row 2; the other rows are left out.',
          );
          await waitForText(detail.getByTestId('job-open-blocking-issues'), '0');

          await review.getByTestId('finalize-job').click();
          await page
            .getByTestId('finalize-confirm')
            .getByRole('button', { name: 'Finalize' })
            .click();
          await detail
            .locator('[data-testid="job-status-badge"][data-status="COMPLETED"]')
            .waitFor();
          const contacts = await download(page, 'download-export');
          const [header, ...rows] = readCsv(contacts.text);
          expect(header).toEqual(['email', 'first_name', 'last_name', 'company', 'phone']);
          expect(sortedRows(rows)).toEqual([
            ['ada@example.com', 'Ada', 'Byron', 'Poetry Ltd', ''],
            ['grace@example.com', 'Grace', 'Hopper', 'US Navy', ''],
          ]);
        },
        // As against an API without the stream: the events endpoint answers 404.
        async (context) => {
          await context.route('**/api/jobs/*/events', (route) =>
            route.fulfill({
              status: 404,
              contentType: 'application/json',
              body: JSON.stringify({ statusCode: 404, code: 'NOT_FOUND', message: 'Not found' }),
            }),
          );
        },
      ),
    TIMEOUT_MS,
  );

  it(
    'keeps a long issue list light: rows exist only around the visible part, pages load on scroll',
    () =>
      inBrowser(async (page) => {
        await signUp(page, uniqueEmail('reviewer'));
        await uploadAndOpen(page, 'many.csv', MANY_ISSUES_CSV);
        const review = page.getByTestId('review-section');
        const summary = review.getByTestId('issue-list-summary');
        await waitForText(summary, '100 of 250 loaded; scroll for more');
        // Of the 100 issues loaded, only those around the visible part are in the page.
        const rendered = review.getByTestId('issue-row');
        expect(await rendered.count()).toBeLessThan(40);

        // Scrolling down fetches the next pages (keyset cursor) until the last issue shows.
        await review.getByTestId('issue-list-scroll').hover();
        const last = issueButton(page, 'Invalid email: row-250');
        for (let i = 0; i < 40 && !(await last.isVisible()); i += 1) {
          await page.mouse.wheel(0, 2000);
          await page.waitForTimeout(100);
        }
        await waitForText(summary, '250 of 250 loaded');
        await last.click();
        await waitForText(
          issuePanel(page, 'OPEN').getByRole('heading', { level: 3 }),
          'Invalid email: row 250',
        );
        expect(await rendered.count()).toBeLessThan(40);

        // Nothing is resolved yet, so the counts say exactly how many a bulk action touches.
        await review
          .getByRole('button', { name: 'Exclude all rows with an invalid email' })
          .click();
        const dialog = page.getByRole('dialog');
        expect(await dialog.getByRole('heading').innerText()).toBe(
          'Resolve 250 open invalid-email issues?',
        );
        await dialog.getByRole('button', { name: 'Exclude rows' }).click();
        await waitForText(review.getByTestId('bulk-result'), 'Resolved 250 invalid-email issues.');
        await waitForText(
          review.getByTestId('issues-empty'),
          'No open issues: every decision is made.',
        );
        await waitForText(review.getByTestId('issue-counts'), 'Open: 0 · Resolved: 250');
      }),
    TIMEOUT_MS,
  );

  it(
    'keeps the place of an issue fixed far down a long list: Next opens the one after it',
    () =>
      inBrowser(async (page) => {
        await signUp(page, uniqueEmail('reviewer'));
        await uploadAndOpen(page, 'far.csv', MANY_ISSUES_CSV);
        const review = page.getByTestId('review-section');
        await waitForText(
          review.getByTestId('issue-list-summary'),
          '100 of 250 loaded; scroll for more',
        );
        // Past the first page of the list.
        await review.getByTestId('issue-list-scroll').hover();
        const far = issueButton(page, 'Invalid email: row-150');
        for (let i = 0; i < 40 && !(await far.isVisible()); i += 1) {
          await page.mouse.wheel(0, 600);
          await page.waitForTimeout(100);
        }
        // The virtual list re-lays its rows as pages arrive: a plain click waits for a stillness
        // that scrolling does not give it.
        await far.dispatchEvent('click');
        const open = issuePanel(page, 'OPEN');
        await waitForText(open.getByRole('heading', { level: 3 }), 'Invalid email: row 150');
        await open.getByLabel('New email').fill('person-150@example.com');
        await open.getByRole('button', { name: 'Fix email' }).click();
        const fixed = issuePanel(page, 'RESOLVED');
        await waitForText(
          fixed.getByTestId('issue-decision-text'),
          'Fixed the email to person-150@example.com (was person-150.example.com).',
        );
        await waitForText(review.getByTestId('issue-counts'), 'Open: 249 · Resolved: 1');

        await fixed.getByRole('button', { name: 'Next →' }).click();
        await waitForText(
          issuePanel(page, 'OPEN').getByRole('heading', { level: 3 }),
          'Invalid email: row 151',
        );
      }),
    TIMEOUT_MS,
  );

  it(
    'keeps the issue shown first in the panel once decided, without a click on it first',
    () =>
      inBrowser(async (page) => {
        await signUp(page, uniqueEmail('reviewer'));
        await uploadAndOpen(page, 'first.csv', MANY_ISSUES_CSV);
        const open = issuePanel(page, 'OPEN');
        await waitForText(open.getByRole('heading', { level: 3 }), 'Invalid email: row 1');
        await open.getByLabel('New email').fill('person-1@example.com');
        await open.getByRole('button', { name: 'Fix email' }).click();
        const fixed = issuePanel(page, 'RESOLVED');
        await waitForText(
          fixed.getByTestId('issue-decision-text'),
          'Fixed the email to person-1@example.com (was person-1.example.com).',
        );
        await waitForText(
          page.getByTestId('review-section').getByTestId('issue-counts'),
          'Open: 249 · Resolved: 1',
        );
        // Still the decided issue, with its outcome, once the list no longer holds it.
        await issueButton(page, 'Invalid email: row-1').waitFor({ state: 'detached' });
        expect(await fixed.getByRole('heading', { level: 3 }).innerText()).toBe(
          'Invalid email: row 1',
        );
        await fixed.getByRole('button', { name: 'Next →' }).click();
        await waitForText(
          issuePanel(page, 'OPEN').getByRole('heading', { level: 3 }),
          'Invalid email: row 2',
        );
      }),
    TIMEOUT_MS,
  );
});
