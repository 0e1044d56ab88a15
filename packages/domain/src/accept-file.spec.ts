import { describe, it, expect } from '@jest/globals';
import {
  SNIFF_BYTES,
  detectBinary,
  cleanFileName,
  isAcceptedFileName,
  type BinarySignature,
} from './accept-file.js';

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
const utf16le = (s: string): number[] => [0xff, 0xfe, ...Array.from(Buffer.from(s, 'utf16le'))];
const utf16be = (s: string): number[] => [
  0xfe,
  0xff,
  ...Array.from(Buffer.from(s, 'utf16le').swap16()),
];

describe('cleanFileName', () => {
  it.each<[string, string, string]>([
    ['a plain name', 'contacts.csv', 'contacts.csv'],
    ['non-ASCII letters and spaces', 'café résumé (1).csv', 'café résumé (1).csv'],
    ['a NUL', 'a\u0000b.csv', 'ab.csv'],
    ['line breaks and a tab', 'a\r\nb\tc.csv', 'abc.csv'],
    ['DEL and U+001F', 'a\u007fb\u001f.csv', 'ab.csv'],
    ['NEXT LINE (U+0085), a C1 control', 'a\u0085b.csv', 'ab.csv'],
    ['a no-break space is not a control character', 'a\u00a0b.csv', 'a\u00a0b.csv'],
  ])('%s: %j -> %j', (_label, name, cleaned) => {
    expect(cleanFileName(name)).toBe(cleaned);
  });
});

describe('isAcceptedFileName', () => {
  it.each<[string, boolean]>([
    ['contacts.csv', true],
    ['contacts.CSV', true],
    ['Contacts.Csv', true],
    ['export.tsv', true],
    ['export.TSV', true],
    ['list.txt', true],
    ['list.TXT', true],
    ['my.contacts.2024.csv', true],
    ['contacts.xlsx', false],
    ['contacts.csv.exe', false],
    ['contacts.csvx', false],
    ['contacts', false],
    ['csv', false],
    ['.csv', true],
    ['', false],
  ])('%j -> %s', (name, accepted) => {
    expect(isAcceptedFileName(name)).toBe(accepted);
  });
});

describe('detectBinary', () => {
  it.each<[string, number[], BinarySignature | null]>([
    ['plain CSV', ascii('email,first_name\na@b.co,Ann\n'), null],
    ['UTF-8 with BOM', [0xef, 0xbb, 0xbf, ...ascii('email\n')], null],
    ['Windows-1252 bytes', [...ascii('name\nJos'), 0xe9, 0x0a], null],
    ['empty file', [], null],
    ['UTF-16LE with BOM (has NUL bytes)', utf16le('email,first_name\na@b.co,Ann\n'), null],
    ['UTF-16BE with BOM (has NUL bytes)', utf16be('email,first_name\na@b.co,Ann\n'), null],
    ['UTF-16LE without BOM', Array.from(Buffer.from('email\n', 'utf16le')), 'NUL'],
    ['NUL in the middle of text', [...ascii('email\na@b.co'), 0x00, ...ascii('\n')], 'NUL'],
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 'PNG'],
    ['ZIP (xlsx)', [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00], 'ZIP'],
    ['empty ZIP', [0x50, 0x4b, 0x05, 0x06, 0x00], 'ZIP'],
    ['spanned ZIP', [0x50, 0x4b, 0x07, 0x08, 0x00], 'ZIP'],
    ['PDF', ascii('%PDF-1.7\n%âãÏÓ\n'), 'PDF'],
    ['ELF', [0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01], 'ELF'],
    ['GZIP', [0x1f, 0x8b, 0x08, 0x00], 'GZIP'],
    ['text that merely starts with "PK"', ascii('PK,name\n1,Ann\n'), null],
    ['text that merely starts with "%PDF" without dash', ascii('%PDF notes\n'), null],
    ['truncated PNG signature', [0x89, 0x50, 0x4e], null],
  ])('%s -> %s', (_label, bytes, expected) => {
    expect(detectBinary(Uint8Array.from(bytes))).toBe(expected);
  });

  it.each<[string, number, BinarySignature | null]>([
    ['last sniffed byte', SNIFF_BYTES - 1, 'NUL'],
    ['first byte after the sniff window', SNIFF_BYTES, null],
    ['far beyond the sniff window', SNIFF_BYTES * 4, null],
  ])('NUL at the %s (offset %i) -> %s', (_label, offset, expected) => {
    const bytes = new Uint8Array(SNIFF_BYTES * 5).fill(0x61);
    bytes[offset] = 0;
    expect(detectBinary(bytes)).toBe(expected);
  });
});
