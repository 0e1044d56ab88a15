import { describe, expect, it } from '@jest/globals';
import { SeenFilter } from './seen-filter.js';

describe('SeenFilter', () => {
  it.each([
    ['a repeat right after', ['a@x.io', 'a@x.io'], [false, true]],
    ['a repeat far apart', ['a@x.io', 'b@x.io', 'c@x.io', 'a@x.io'], [false, false, false, true]],
    ['three of one email', ['a@x.io', 'a@x.io', 'a@x.io'], [false, true, true]],
    ['the empty string', ['', ''], [false, true]],
    ['non-ASCII', ['zoë@exämple.de', 'zoe@example.de', 'zoë@exämple.de'], [false, false, true]],
  ])('%s', (_name, values, expected) => {
    const filter = new SeenFilter();
    expect(values.map((v) => filter.checkAndAdd(v))).toEqual(expected);
  });

  it('never misses a repeat, even when overfull', () => {
    // 64 bits for 2,000 values: nearly every answer is a false positive, and none is a miss.
    const filter = new SeenFilter(6);
    const values = Array.from({ length: 2000 }, (_, i) => `user${i}@example.com`);
    for (const value of values) filter.checkAndAdd(value);
    expect(values.every((v) => filter.checkAndAdd(v))).toBe(true);
  });

  it('rarely answers true for a new value at its intended load', () => {
    const filter = new SeenFilter(20); // 1 Mibit for 50,000 values: about 0.2% expected
    let falsePositives = 0;
    for (let i = 0; i < 50_000; i++) {
      if (filter.checkAndAdd(`person.${i}@example${i % 97}.com`)) falsePositives += 1;
    }
    expect(falsePositives).toBeLessThan(500);
  });

  it('refuses a size it cannot hold', () => {
    expect(() => new SeenFilter(4)).toThrow(RangeError);
    expect(() => new SeenFilter(31)).toThrow(RangeError);
  });
});
