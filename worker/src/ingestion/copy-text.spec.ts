import { buildRow, mapHeader } from '@intake/domain';
import { describe, expect, it } from '@jest/globals';
import { copyEscape, CopyLineBuffer, rowToCopyLine } from './copy-text.js';

describe('copyEscape', () => {
  it.each([
    ['plain', 'plain'],
    ['tab\there', 'tab\\there'],
    ['two\nlines', 'two\\nlines'],
    ['cr\rlf', 'cr\\rlf'],
    ['back\\slash', 'back\\\\slash'],
    ['', ''],
  ])('%j -> %j', (input, expected) => {
    expect(copyEscape(input)).toBe(expected);
  });
});

describe('rowToCopyLine', () => {
  it('writes one tab-separated line with escaped JSON data and the issue array', () => {
    const mapping = mapHeader(['Email', 'First Name', 'Notes']);
    const row = buildRow(['Ada@Example.COM', '', 'C:\\dir\tline1\nline2'], mapping);
    const line = rowToCopyLine('job-1', { row, rowNumber: 7, lineNumber: 9, extraFields: 0 }, true);
    const fields = line.slice(0, -1).split('\t');
    expect(line.endsWith('\n')).toBe(true);
    expect(fields).toHaveLength(13);
    expect(fields.slice(0, 3)).toEqual(['job-1', '7', '9']);
    expect(JSON.parse(fields[3].replace(/\\\\/g, '\\'))).toEqual({
      Email: 'Ada@Example.COM',
      'First Name': '',
      Notes: 'C:\\dir\tline1\nline2',
    });
    expect(fields[4]).toBe('ada@example.com');
    expect(fields[10]).toBe('{MISSING_FIRST_NAME,MISSING_LAST_NAME}');
    expect(fields[11]).toBe('t');
    expect(fields[12]).toBe('t');
  });
});

describe('CopyLineBuffer', () => {
  it('gives back the UTF-8 bytes of the lines added since the last take, growing as needed', () => {
    const buffer = new CopyLineBuffer(8);
    const lines = ['a\tb\n', 'Zoë Müller ☕ 𝄞\n', 'x'.repeat(100) + '\n'];
    for (const line of lines) buffer.add(line);
    expect(buffer.take().toString('utf8')).toBe(lines.join(''));
    expect(buffer.take()).toHaveLength(0);
    buffer.add('next\n');
    expect(buffer.take().toString('utf8')).toBe('next\n');
  });

  it('hands out copies that a later add does not overwrite', () => {
    const buffer = new CopyLineBuffer(64);
    buffer.add('first\n');
    const first = buffer.take();
    buffer.add('other\n');
    expect(first.toString('utf8')).toBe('first\n');
  });
});
