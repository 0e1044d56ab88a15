import { describe, it, expect } from '@jest/globals';
import { JOB_STATUSES, canTransition, type JobStatus } from './job-status.js';

const ALLOWED: ReadonlyArray<readonly [JobStatus, JobStatus]> = [
  ['PENDING', 'PROCESSING'],
  ['PENDING', 'CANCELLED'],
  ['PROCESSING', 'PROCESSING'],
  ['PROCESSING', 'NEEDS_REVIEW'],
  ['PROCESSING', 'COMPLETED'],
  ['PROCESSING', 'FAILED'],
  ['PROCESSING', 'CANCELLED'],
  ['NEEDS_REVIEW', 'COMPLETED'],
  ['NEEDS_REVIEW', 'CANCELLED'],
  ['FAILED', 'PENDING'],
];

const isAllowed = (from: JobStatus, to: JobStatus): boolean =>
  ALLOWED.some(([f, t]) => f === from && t === to);

// Every pair of statuses, so a transition added by mistake fails a test.
const ALL_PAIRS: Array<[JobStatus, JobStatus, boolean]> = JOB_STATUSES.flatMap((from) =>
  JOB_STATUSES.map((to): [JobStatus, JobStatus, boolean] => [from, to, isAllowed(from, to)]),
);

describe('canTransition', () => {
  it('covers all 36 pairs', () => {
    expect(ALL_PAIRS).toHaveLength(36);
    expect(ALL_PAIRS.filter(([, , allowed]) => allowed)).toHaveLength(ALLOWED.length);
  });

  it.each(ALL_PAIRS)('%s -> %s is %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it.each<[JobStatus, JobStatus, boolean]>([
    ['COMPLETED', 'PENDING', false],
    ['CANCELLED', 'PENDING', false],
    ['NEEDS_REVIEW', 'PROCESSING', false],
    ['FAILED', 'PROCESSING', false],
    ['PENDING', 'COMPLETED', false],
    ['COMPLETED', 'CANCELLED', false],
  ])('spot check: %s -> %s is %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });
});
