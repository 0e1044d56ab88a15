import { describe, expect, it } from '@jest/globals';
import { rowIdOf, rowNumberOf } from './row-id.js';

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
