import { describe, expect, it } from '@jest/globals';
import { SeenFilter } from './seen-filter.js';

/** Each value's answer, rows numbered from 1 as the load numbers them. */
const answers = (filter: SeenFilter, values: string[]) =>
  values.map((value, i) => filter.checkAndAdd(value, i + 1));

/** What an exact set says: the first row of each value that repeats, in the order of repeats. */
function exactFirstRows(values: string[]): number[] {
  const first = new Map<string, number>();
  const listed: number[] = [];
  values.forEach((value, i) => {
    const row = first.get(value);
    if (row === undefined) first.set(value, i + 1);
    else if (row > 0) {
      listed.push(row);
      first.set(value, -row);
    }
  });
  return listed;
}

// A small deterministic generator: the same values on every run.
function emails(count: number, distinct: number, seed: number): string[] {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
  return Array.from({ length: count }, () => `person.${next() % distinct}@example.com`);
}

describe('SeenFilter', () => {
  it.each([
    ['a repeat right after', ['a@x.io', 'a@x.io'], [false, true], [1]],
    [
      'a repeat far apart',
      ['a@x.io', 'b@x.io', 'c@x.io', 'a@x.io'],
      [false, false, false, true],
      [1],
    ],
    ['three of one email', ['a@x.io', 'a@x.io', 'a@x.io'], [false, true, true], [1]],
    [
      'two repeated emails',
      ['a@x.io', 'b@x.io', 'b@x.io', 'a@x.io'],
      [false, false, true, true],
      [2, 1],
    ],
    ['the empty string', ['', ''], [false, true], [1]],
    [
      'non-ASCII',
      ['zoë@exämple.de', 'zoe@example.de', 'zoë@exämple.de'],
      [false, false, true],
      [1],
    ],
    ['no repeat', ['a@x.io', 'b@x.io'], [false, false], []],
  ])('%s', (_name, values, expected, firstRows) => {
    const filter = new SeenFilter();
    expect(answers(filter, values)).toEqual(expected);
    expect(Array.from(filter.firstRows() ?? [])).toEqual(firstRows);
  });

  it('answers and lists first rows exactly while the table holds every email', () => {
    // 5,000 rows of 1,500 emails in 4,096 slots: many collisions of slots, none of fingerprints.
    const values = emails(5000, 1500, 7);
    const filter = new SeenFilter({ log2Slots: 12 });
    const seen = new Set<string>();
    expect(answers(filter, values)).toEqual(values.map((v) => seen.has(v) || (seen.add(v), false)));
    expect(Array.from(filter.firstRows() ?? [])).toEqual(exactFirstRows(values));
  });

  it('takes a new email that shares a fingerprint and slot for a repeat of the other (the grouping then scans)', () => {
    // Found by search: equal fingerprints, and the same slot of a 4-slot table.
    const [x, y] = ['p62515@x.io', 'p225111@x.io'];
    const filter = new SeenFilter({ log2Slots: 2 });
    expect(answers(filter, [x, 'other@x.io', y, y])).toEqual([false, false, true, true]);
    // Row 1 is x's: y's rows find no first row of their own (record-issues.ts checks for it).
    expect(Array.from(filter.firstRows() ?? [])).toEqual([1]);
  });

  it('never misses a repeat once the table is full, and then knows no first rows', () => {
    // 4 slots take 3 emails; the other 1,997 go to a Bloom filter of 64 bits, which nearly
    // always answers true for them (false positives), and never false for a repeat.
    const filter = new SeenFilter({ log2Slots: 2, log2Bits: 6 });
    const values = Array.from({ length: 2000 }, (_, i) => `user${i}@example.com`);
    answers(filter, values);
    expect(values.every((v) => filter.checkAndAdd(v, 0))).toBe(true);
    expect(filter.firstRows()).toBeNull();
  });

  it('rarely answers true for a new value beyond the table', () => {
    // 1,024 slots hold 768 emails; the next 49,232 meet 1 Mibit: about 0.2% expected.
    const filter = new SeenFilter({ log2Slots: 10, log2Bits: 20 });
    let falsePositives = 0;
    for (let i = 0; i < 50_000; i++) {
      if (filter.checkAndAdd(`person.${i}@example${i % 97}.com`, i + 1)) falsePositives += 1;
    }
    expect(falsePositives).toBeLessThan(500);
  });

  it('refuses a size it cannot hold', () => {
    expect(() => new SeenFilter({ log2Slots: 1 })).toThrow(RangeError);
    expect(() => new SeenFilter({ log2Slots: 27 })).toThrow(RangeError);
    expect(() => new SeenFilter({ log2Bits: 4 })).toThrow(RangeError);
    expect(() => new SeenFilter({ log2Bits: 31 })).toThrow(RangeError);
  });
});
