import { describe, it, expect } from '@jest/globals';
import { ISSUE_TYPES, isBlockingIssue, type IssueType } from './issue-type.js';

describe('isBlockingIssue', () => {
  it.each<[IssueType, boolean]>([
    ['MISSING_EMAIL', true],
    ['INVALID_EMAIL_FORMAT', true],
    ['MISSING_FIRST_NAME', false],
    ['MISSING_LAST_NAME', false],
    ['DUPLICATE_EMAIL', true],
  ])('%s -> %s', (type, blocking) => {
    expect(isBlockingIssue(type)).toBe(blocking);
  });

  it('lists every issue type once', () => {
    expect(new Set(ISSUE_TYPES).size).toBe(5);
  });
});
