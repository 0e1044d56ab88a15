import { describe, expect, it } from '@jest/globals';
import { Readable, Transform } from 'node:stream';
import { readBatches } from './read-batches.js';

async function collect<T>(stream: Readable, size: number): Promise<T[][]> {
  const batches: T[][] = [];
  for await (const batch of readBatches<T>(stream, size)) batches.push(batch);
  return batches;
}

describe('readBatches', () => {
  it.each([
    { items: 10, size: 3 },
    { items: 10, size: 10 },
    { items: 1, size: 5 },
    { items: 0, size: 5 },
  ])(
    'yields every one of $items items, in order, in arrays of at most $size',
    async ({ items, size }) => {
      const values = Array.from({ length: items }, (_, i) => i);
      const batches = await collect<number>(Readable.from(values), size);
      expect(batches.flat()).toEqual(values);
      expect(batches.every((b) => b.length > 0 && b.length <= size)).toBe(true);
    },
  );

  it('waits for items that arrive later', async () => {
    const stream = new Transform({ objectMode: true, transform: (v, _e, done) => done(null, v) });
    const result = collect<string>(stream, 100);
    stream.write('a');
    await new Promise((r) => setTimeout(r, 10));
    stream.write('b');
    stream.end('c');
    expect((await result).flat()).toEqual(['a', 'b', 'c']);
  });

  it('rejects with the stream error after the items before it', async () => {
    const stream = new Transform({ objectMode: true, transform: (v, _e, done) => done(null, v) });
    const seen: string[] = [];
    const run = (async () => {
      for await (const batch of readBatches<string>(stream, 100)) seen.push(...batch);
    })();
    stream.write('a');
    await new Promise((r) => setTimeout(r, 10));
    stream.destroy(new Error('broken'));
    await expect(run).rejects.toThrow('broken');
    expect(seen).toEqual(['a']);
  });
});
