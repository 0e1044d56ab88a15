import { describe, expect, it } from '@jest/globals';
import { ISSUE_TYPES } from '@intake/domain';
import { issueIdOf, rowIdOf, rowNumberOf } from './row-id.js';

const JOB = '3f2c9a1e-7b4d-4c2a-9e11-0123456789ab';

describe('rowIdOf / rowNumberOf', () => {
  it.each([
    [1, '3f2c9a1e-7b4d-4c2a-9e11-000000000001'],
    [255, '3f2c9a1e-7b4d-4c2a-9e11-0000000000ff'],
    [4_000_000, '3f2c9a1e-7b4d-4c2a-9e11-0000003d0900'],
  ])('row %i of the job is %s, and back', (rowNumber, rowId) => {
    expect(rowIdOf(JOB, rowNumber)).toBe(rowId);
    expect(rowNumberOf(JOB, rowId)).toBe(rowNumber);
    expect(rowId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it.each([
    ['another job', '4f2c9a1e-7b4d-4c2a-9e11-000000000001'],
    ['row zero', '3f2c9a1e-7b4d-4c2a-9e11-000000000000'],
    ['not hex', '3f2c9a1e-7b4d-4c2a-9e11-00000000000z'],
    ['too short', '3f2c9a1e-7b4d-4c2a-9e11-00000001'],
    ['empty', ''],
  ])('refuses %s', (_name, rowId) => {
    expect(rowNumberOf(JOB, rowId)).toBeNull();
  });
});

describe('issueIdOf', () => {
  it.each([
    [1, 'MISSING_EMAIL', '3f2c9a1e-7b4d-4c2a-9e11-800000000008'],
    [1, 'DUPLICATE_EMAIL', '3f2c9a1e-7b4d-4c2a-9e11-80000000000c'],
    [4_000_000, 'MISSING_LAST_NAME', '3f2c9a1e-7b4d-4c2a-9e11-800001e84803'],
  ] as const)('the issue of row %i of type %s is %s', (firstRow, type, issueId) => {
    expect(issueIdOf(JOB, firstRow, type)).toBe(issueId);
  });

  it('never names a row of the job, and no two issues of a job share an id', () => {
    const ids = new Set<string>();
    for (const firstRow of [1, 2, 3, 1_000_000]) {
      for (const type of ISSUE_TYPES) {
        const id = issueIdOf(JOB, firstRow, type);
        expect(id).not.toBe(rowIdOf(JOB, firstRow));
        ids.add(id);
      }
    }
    expect(ids.size).toBe(4 * ISSUE_TYPES.length);
  });
});
