import { describe, expect, it } from '@jest/globals';
import {
  checkEmailFix,
  duplicateIssueChange,
  isFixableIssue,
  type DuplicateIssueChange,
  type DuplicateIssueStatus,
  type EmailFixCheck,
} from './email-fix.js';
import { ISSUE_TYPES, type IssueType } from './issue-type.js';

describe('isFixableIssue', () => {
  it.each<[IssueType, boolean]>([
    ['MISSING_EMAIL', true],
    ['INVALID_EMAIL_FORMAT', true],
    ['MISSING_FIRST_NAME', false],
    ['MISSING_LAST_NAME', false],
    ['DUPLICATE_EMAIL', false],
  ])('%s -> %s', (type, fixable) => {
    expect(isFixableIssue(type)).toBe(fixable);
  });

  it('covers every issue type', () => {
    expect(ISSUE_TYPES.filter(isFixableIssue)).toHaveLength(2);
  });
});

describe('checkEmailFix', () => {
  it.each<[string, EmailFixCheck]>([
    ['ada@example.com', { ok: true, email: 'ada@example.com' }],
    ['  Ada@Example.COM ', { ok: true, email: 'ada@example.com' }],
    ["o'brien+news@mail.example.org", { ok: true, email: "o'brien+news@mail.example.org" }],
    ['', { ok: false, reason: 'Type the new email address.' }],
    ['   ', { ok: false, reason: 'Type the new email address.' }],
    ['not-an-email', { ok: false, reason: '"not-an-email" is not a valid email address.' }],
    [
      ' ada@@example.com ',
      { ok: false, reason: '"ada@@example.com" is not a valid email address.' },
    ],
    ['ada@localhost', { ok: false, reason: '"ada@localhost" is not a valid email address.' }],
    [
      `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`,
      { ok: false, reason: 'An email address has at most 254 characters.' },
    ],
  ])('%j -> %j', (input, expected) => {
    expect(checkEmailFix(input)).toEqual(expected);
  });
});

describe('duplicateIssueChange', () => {
  const ADA = 'ada\u001flovelace';
  const BYRON = 'ada\u001fbyron';
  it.each<[string, string[], DuplicateIssueStatus | null, DuplicateIssueChange]>([
    ['a row alone', [ADA], null, 'none'],
    ['the same person twice', [ADA, ADA], null, 'none'],
    ['a different person joins', [ADA, BYRON], null, 'open'],
    ['a different person joins an open conflict', [ADA, BYRON, ADA], 'OPEN', 'candidates'],
    ['the conflict stays after one leaves', [ADA, BYRON], 'OPEN', 'candidates'],
    ['the conflicting row leaves', [ADA, ADA], 'OPEN', 'withdraw'],
    ['one row is left', [ADA], 'OPEN', 'withdraw'],
    ['no row is left', [], 'OPEN', 'withdraw'],
    ['a row joins a decided group', [ADA, BYRON, BYRON], 'RESOLVED', 'candidates'],
  ])('%s: %j with %s -> %s', (_label, keys, existing, expected) => {
    expect(duplicateIssueChange(keys, existing)).toBe(expected);
  });
});
