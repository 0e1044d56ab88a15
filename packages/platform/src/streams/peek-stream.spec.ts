import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { peekStream } from './peek-stream.js';

const source = (chunks: string[]) =>
  Readable.from(
    chunks.map((c) => Buffer.from(c)),
    { objectMode: false },
  );

describe('peekStream', () => {
  it.each([
    { chunks: ['abc', 'def', 'ghi'], bytes: 4, prefixAtLeast: 'abcdef' },
    { chunks: ['abcdefghi'], bytes: 4, prefixAtLeast: 'abcdefghi' },
    { chunks: ['ab'], bytes: 4, prefixAtLeast: 'ab' },
    { chunks: [], bytes: 4, prefixAtLeast: '' },
  ])(
    'peeks $bytes bytes of $chunks and replays everything',
    async ({ chunks, bytes, prefixAtLeast }) => {
      const { prefix, rest } = await peekStream(source(chunks), bytes);
      expect(prefix.toString()).toBe(prefixAtLeast);
      expect((await buffer(rest)).toString()).toBe(chunks.join(''));
    },
  );
});
