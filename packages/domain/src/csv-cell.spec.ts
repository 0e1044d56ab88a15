import { describe, it, expect } from '@jest/globals';
import { escapeCsvCell, toCsvLine } from './csv-cell.js';

const SAFE = { spreadsheetSafe: true };
const RAW = { spreadsheetSafe: false };

describe('escapeCsvCell', () => {
  it.each<[string, string, string, string]>([
    // label, value, spreadsheet-safe, raw
    ['plain', 'Ann', 'Ann', 'Ann'],
    ['empty', '', '', ''],
    ['email', 'a@b.co', 'a@b.co', 'a@b.co'],
    ['inner space', 'Mary Ann', 'Mary Ann', 'Mary Ann'],
    ['comma', 'Lee, Ann', '"Lee, Ann"', '"Lee, Ann"'],
    ['double quote', 'say "hi"', '"say ""hi"""', '"say ""hi"""'],
    ['only a quote', '"', '""""', '""""'],
    ['LF', 'a\nb', '"a\nb"', '"a\nb"'],
    ['CR inside', 'a\rb', '"a\rb"', '"a\rb"'],
    ['CRLF inside', 'a\r\nb', '"a\r\nb"', '"a\r\nb"'],
    ['leading space', ' Ann', '" Ann"', '" Ann"'],
    ['trailing space', 'Ann ', '"Ann "', '"Ann "'],
    ['semicolon is not special', 'a;b', 'a;b', 'a;b'],
    ['non-ASCII', 'Zoë 日本', 'Zoë 日本', 'Zoë 日本'],
    ['formula =', '=SUM(A1:A2)', "'=SUM(A1:A2)", '=SUM(A1:A2)'],
    ['formula + (phone number)', '+1 555 0100', "'+1 555 0100", '+1 555 0100'],
    ['formula -', '-2+3', "'-2+3", '-2+3'],
    ['formula @', '@SUM(1)', "'@SUM(1)", '@SUM(1)'],
    ['leading TAB', '\t=1', "'\t=1", '\t=1'],
    ['leading CR', '\r=1', '"\'\r=1"', '"\r=1"'],
    [
      'formula with a comma',
      '=HYPERLINK("x","y")',
      '"\'=HYPERLINK(""x"",""y"")"',
      '"=HYPERLINK(""x"",""y"")"',
    ],
    ['formula character not at the start', 'a=b', 'a=b', 'a=b'],
    ['hyphenated name', 'Jean-Luc', 'Jean-Luc', 'Jean-Luc'],
    ['already quoted with an apostrophe', "'=1", "'=1", "'=1"],
    ['leading space before a formula character', ' =1', '" =1"', '" =1"'],
  ])('%s: %j -> safe %j, raw %j', (_label, value, safe, raw) => {
    expect(escapeCsvCell(value, SAFE)).toBe(safe);
    expect(escapeCsvCell(value, RAW)).toBe(raw);
  });
});

describe('toCsvLine', () => {
  it.each<[string[], string, string]>([
    [
      ['email', 'first_name', 'last_name', 'company', 'phone'],
      'email,first_name,last_name,company,phone\r\n',
      'email,first_name,last_name,company,phone\r\n',
    ],
    [
      ['a@b.co', 'Ann', 'Lee, Jr', '', '+1 555'],
      'a@b.co,Ann,"Lee, Jr",,\'+1 555\r\n',
      'a@b.co,Ann,"Lee, Jr",,+1 555\r\n',
    ],
    [['', ''], ',\r\n', ',\r\n'],
    [['x'], 'x\r\n', 'x\r\n'],
    [[], '\r\n', '\r\n'],
    [['line\nbreak', '=1'], '"line\nbreak",\'=1\r\n', '"line\nbreak",=1\r\n'],
  ])('%j -> safe %j, raw %j', (values, safe, raw) => {
    expect(toCsvLine(values, SAFE)).toBe(safe);
    expect(toCsvLine(values, RAW)).toBe(raw);
  });
});
