import type { RawRow } from '@intake/db';
import { describe, expect, it } from '@jest/globals';
import { presentRow } from './issue.presenter.js';

const row = (data: string[]): RawRow =>
  ({
    jobId: '6e1b511a-d3a6-4560-a47d-d5a3af879087',
    rowNumber: 3,
    lineNumber: 4,
    data,
    email: 'a@b.co',
    firstName: 'Ann',
    lastName: 'Lee',
    company: '',
    phone: '',
  }) as RawRow;

describe('presentRow', () => {
  it("names the row's values by the job's columns, and a value its row lacks as empty", () => {
    // A row without the extra field another row of the job had.
    const data = presentRow(row(['a@b.co', 'Ann', 'x']), [
      'email',
      'first',
      'notes',
      '_extra_1',
    ]).data;
    expect(data).toEqual({ email: 'a@b.co', first: 'Ann', notes: 'x', _extra_1: '' });
    expect(Object.keys(data)).toEqual(['email', 'first', 'notes', '_extra_1']);
  });

  it('keeps a "__proto__" column as data, not as the prototype', () => {
    const { data } = presentRow(row(['a@b.co', 'value']), ['email', '__proto__']);
    expect(Object.keys(data)).toEqual(['email', '__proto__']);
    expect(Object.getOwnPropertyDescriptor(data, '__proto__')?.value).toBe('value');
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
  });
});
