import { describe, it, expect } from '@jest/globals';
import { detectDelimiter, type Delimiter } from './detect-delimiter.js';

describe('detectDelimiter', () => {
  it.each<[string, string, Delimiter]>([
    ['comma', 'email,first_name,last_name\na@b.co,Ann,Lee\nb@c.co,Bob,Ray\n', ','],
    ['semicolon', 'email;first_name;last_name\na@b.co;Ann;Lee\n', ';'],
    ['tab', 'email\tfirst_name\tlast_name\na@b.co\tAnn\tLee\n', '\t'],
    ['pipe', 'email|first_name|last_name\na@b.co|Ann|Lee\n', '|'],
    ['empty sample', '', ','],
    ['single column', 'email\na@b.co\nb@c.co\n', ','],
    ['header only, no line break', 'email;first_name;last_name', ';'],
    [
      'semicolon file with decimal commas in the data',
      'email;name;amount\na@b.co;Ann;1,50\nb@c.co;Bob;2,75\nc@d.co;Cy;3,1,4\n',
      ';',
    ],
    [
      'commas inside quoted fields do not count',
      '"email";"name"\n"a@b.co";"Lee, Ann"\n"b@c.co";"Ray, Bob, Jr"\n',
      ';',
    ],
    ['a quoted header name with a comma', '"last, first"|email\n"Lee, Ann"|a@b.co\n', '|'],
    [
      'escaped quotes keep the field quoted',
      'email;note\na@b.co;"He said ""hi, there, you"", twice"\nb@c.co;x\n',
      ';',
    ],
    [
      'a quoted field spanning lines',
      'email;note\na@b.co;"line one, with, commas\nline two, more, commas"\nb@c.co;plain\n',
      ';',
    ],
    [
      'a quote that does not open a field is literal',
      'email,size,note\na@b.co,5" wide,x\nb@c.co,3" tall,y\n',
      ',',
    ],
    ['CRLF line endings', 'email;name\r\na@b.co;Ann\r\nb@c.co;Bob\r\n', ';'],
    ['CR line endings', 'email;name\ra@b.co;Ann\rb@c.co;Bob\r', ';'],
    ['mixed line endings', 'email|name\r\na@b.co|Ann\rb@c.co|Bob\nc@d.co|Cy\n', '|'],
    ['leading and inner blank lines', '\n\r\n\nemail|name\n\n\na@b.co|Ann\n', '|'],
    [
      'all-blank records are skipped',
      'email;name, title;phone\n,,,\n ; ; \na@b.co;Ann, CEO;1\n',
      ';',
    ],
    [
      'the candidate consistent across records beats the one frequent on the header',
      'Name, Title, Org|email\nAnn, CEO|a@b.co\nBob|b@c.co\nCy, CTO, Acme, Ltd|c@d.co\n',
      '|',
    ],
    ['with a tie, more header columns win', 'a;b;c,d\n1;2;3,4\n', ';'],
    ['with a full tie, comma wins', 'a;b,c\n1;2,3\n', ','],
    ['a candidate absent from the header never wins', 'email\na@b.co;x;y;z\nb@c.co;x;y;z\n', ','],
  ])('%s -> %j', (_label, sample, expected) => {
    expect(detectDelimiter(sample)).toBe(expected);
  });

  it.each<[string, string, Delimiter]>([
    // Counted, the cut record would make ',' the consistent one: 1 comma like the header, 1 ';' not 2.
    ['after a field', 'email;name, title;phone\na@b.co;Ann, CEO;123\nc@d.co;Bob, CTO', ';'],
    [
      'right after a delimiter',
      'email;name, title;phone\na@b.co;Ann, CEO;123\nc@d.co;Bob, CTO;',
      ';',
    ],
    ['inside a quoted field', 'email,note\na@b.co,x\nb@c.co,"Ann;Bob;Cy\nDan;', ','],
    ['inside an escaped quote', 'email|note\na@b.co|x\nb@c.co|"say ""', '|'],
    ['inside a quoted header', '"email,x";"first;last', ';'],
  ])('a sample cut mid-record (%s) -> %j', (_label, sample, expected) => {
    expect(detectDelimiter(sample)).toBe(expected);
  });
});
