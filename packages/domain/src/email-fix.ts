import type { IssueType } from './issue-type.js';
import { normalizeEmail } from './normalize.js';
import { EMAIL_LIMITS, isValidEmail } from './validate-email.js';

/** Spec §9: only a row refused for its email can be fixed with a new one. */
export function isFixableIssue(type: IssueType): boolean {
  return type === 'MISSING_EMAIL' || type === 'INVALID_EMAIL_FORMAT';
}

export type EmailFixCheck = { ok: true; email: string } | { ok: false; reason: string };

/**
 * A reviewer's new email goes through the same normalization and rule as the file's (spec §9),
 * so a fixed row groups with the rows that already carry that address.
 */
export function checkEmailFix(input: string): EmailFixCheck {
  const email = normalizeEmail(input);
  if (email === '') return { ok: false, reason: 'Type the new email address.' };
  if (email.length > EMAIL_LIMITS.maxLength) {
    return {
      ok: false,
      reason: `An email address has at most ${EMAIL_LIMITS.maxLength} characters.`,
    };
  }
  if (!isValidEmail(email)) {
    return { ok: false, reason: `"${input.trim()}" is not a valid email address.` };
  }
  return { ok: true, email };
}

export type DuplicateIssueStatus = 'OPEN' | 'RESOLVED';

/**
 * What a row joining or leaving an email group (a fix, or a fix taken back) does to the group's
 * DUPLICATE_EMAIL issue, given the identity keys of the group's valid rows afterwards:
 * - `open`: the identities now differ and there is no issue (spec §9): one opens;
 * - `candidates`: the issue stays and its candidates become the group's rows; a resolved
 *   issue keeps its decision (the caller refuses to take a row out of a decided group);
 * - `withdraw`: the identities agree again, or one row is left: the open issue goes away;
 * - `none`: no issue, and none needed (an agreeing group is merged silently, spec §7).
 */
export type DuplicateIssueChange = 'open' | 'candidates' | 'withdraw' | 'none';

export function duplicateIssueChange(
  identityKeys: readonly string[],
  existing: DuplicateIssueStatus | null,
): DuplicateIssueChange {
  const conflicting = new Set(identityKeys).size > 1;
  if (existing === null) return conflicting ? 'open' : 'none';
  if (existing === 'RESOLVED') return 'candidates';
  return conflicting ? 'candidates' : 'withdraw';
}
