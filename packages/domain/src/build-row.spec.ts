import { describe, it, expect } from '@jest/globals';
import { buildRow, isBlankRecord, type NormalizedContact } from './build-row.js';
import type { RowIssueType } from './issue-type.js';
import { mapHeader } from './map-header.js';

const STANDARD = mapHeader(['Email', 'First Name', 'Last Name', 'Company', 'Phone']);

describe('isBlankRecord', () => {
  it.each<[string[], boolean]>([
    [[], true],
    [[''], true],
    [['', '', ''], true],
    [[' ', '\t', '\r\n'], true],
    [['\u00a0', '\ufeff'], true],
    [['\u0085', '\u0085', '\u0085'], true],
    [['', 'x', ''], false],
    [['  a  '], false],
    [['', '', '0'], false],
    [['', '', '-'], false],
  ])('%j -> %s', (record, blank) => {
    expect(isBlankRecord(record)).toBe(blank);
  });
});

describe('buildRow', () => {
  describe('issues and validity', () => {
    it.each<[string, string[], RowIssueType[], boolean]>([
      ['complete row', ['a@b.co', 'Ann', 'Lee', 'Acme', '1'], [], true],
      ['empty email', ['', 'Ann', 'Lee', '', ''], ['MISSING_EMAIL'], false],
      ['blank email', ['   ', 'Ann', 'Lee', '', ''], ['MISSING_EMAIL'], false],
      ['invalid email', ['ann@', 'Ann', 'Lee', '', ''], ['INVALID_EMAIL_FORMAT'], false],
      ['email valid only after normalization', ['  Ann@Example.COM ', 'Ann', 'Lee'], [], true],
      ['missing first name', ['a@b.co', '', 'Lee'], ['MISSING_FIRST_NAME'], true],
      ['missing last name', ['a@b.co', 'Ann', ' '], ['MISSING_LAST_NAME'], true],
      ['missing both names', ['a@b.co', '', ''], ['MISSING_FIRST_NAME', 'MISSING_LAST_NAME'], true],
      [
        'everything missing, in spec table order',
        ['', '', '', '', ''],
        ['MISSING_EMAIL', 'MISSING_FIRST_NAME', 'MISSING_LAST_NAME'],
        false,
      ],
      [
        'invalid email and missing names, in spec table order',
        ['not-an-email', ' ', ''],
        ['INVALID_EMAIL_FORMAT', 'MISSING_FIRST_NAME', 'MISSING_LAST_NAME'],
        false,
      ],
      [
        'short record: missing fields are empty',
        ['a@b.co'],
        ['MISSING_FIRST_NAME', 'MISSING_LAST_NAME'],
        true,
      ],
      ['empty record', [], ['MISSING_EMAIL', 'MISSING_FIRST_NAME', 'MISSING_LAST_NAME'], false],
    ])('%s', (_label, record, issues, valid) => {
      const row = buildRow(record, STANDARD);
      expect(row.issues).toEqual(issues);
      expect(row.valid).toBe(valid);
    });

    it('gives missing-name warnings when the file has no name columns at all', () => {
      const row = buildRow(['a@b.co'], mapHeader(['email']));
      expect(row.issues).toEqual(['MISSING_FIRST_NAME', 'MISSING_LAST_NAME']);
      expect(row.valid).toBe(true);
    });
  });

  describe('normalized contact', () => {
    it.each<[string, string[], NormalizedContact]>([
      [
        'trims, lowercases the email, collapses name spaces, keeps name case',
        [
          '  Ann.Lee@Example.COM ',
          '  Mary   Ann ',
          ' van  der BERG ',
          '  Acme   Inc ',
          ' +1 555 0100 ',
        ],
        {
          email: 'ann.lee@example.com',
          first_name: 'Mary Ann',
          last_name: 'van der BERG',
          company: 'Acme   Inc',
          phone: '+1 555 0100',
        },
      ],
      [
        'NFC-normalizes a decomposed é',
        ['rene\u0301@x.co', 'Rene\u0301e', 'Le\u0301vy', 'Soci\u00e9te\u0301', ''],
        {
          email: 'ren\u00e9@x.co',
          first_name: 'Ren\u00e9e',
          last_name: 'L\u00e9vy',
          company: 'Soci\u00e9t\u00e9',
          phone: '',
        },
      ],
      [
        'short record',
        ['a@b.co', 'Ann'],
        { email: 'a@b.co', first_name: 'Ann', last_name: '', company: '', phone: '' },
      ],
    ])('%s', (_label, record, normalized) => {
      expect(buildRow(record, STANDARD).normalized).toEqual(normalized);
    });

    it('leaves unmapped fields empty', () => {
      const mapping = mapHeader(['Notes', 'E-mail', 'Surname']);
      expect(buildRow(['hello', 'A@B.CO', 'Lee'], mapping).normalized).toEqual({
        email: 'a@b.co',
        first_name: '',
        last_name: 'Lee',
        company: '',
        phone: '',
      });
    });

    it('takes each field from the first matching column', () => {
      const mapping = mapHeader([
        'Mail',
        'Email',
        'First',
        'First Name',
        'Last',
        'Phone',
        'Mobile',
      ]);
      const row = buildRow(['a@b.co', 'b@c.co', 'Ann', 'Anne', 'Lee', '111', '222'], mapping);
      expect(row.normalized).toEqual({
        email: 'a@b.co',
        first_name: 'Ann',
        last_name: 'Lee',
        company: '',
        phone: '111',
      });
      // The other columns keep their values, in column order.
      expect(row.values).toEqual(['a@b.co', 'b@c.co', 'Ann', 'Anne', 'Lee', '111', '222']);
    });
  });

  describe('values', () => {
    it('keeps every column in column order, trimmed and NFC but case kept', () => {
      const mapping = mapHeader(['Email', 'Notes', '', 'Tag', 'Tag']);
      const row = buildRow([' Ann@X.CO ', '  Caf\u0065\u0301 ', 'x', 'a', 'b'], mapping);
      expect(row.values).toEqual(['Ann@X.CO', 'Caf\u00e9', 'x', 'a', 'b']);
    });

    it('fills missing trailing fields with empty strings', () => {
      const mapping = mapHeader(['email', 'first_name', 'notes']);
      expect(buildRow(['a@b.co'], mapping).values).toEqual(['a@b.co', '', '']);
    });

    it('keeps fields beyond the header after the columns, trimmed', () => {
      const mapping = mapHeader(['email', 'first_name']);
      const row = buildRow(['a@b.co', 'Ann', ' x ', '', 'z'], mapping);
      expect(row.values).toEqual(['a@b.co', 'Ann', 'x', '', 'z']);
      expect(row.normalized.email).toBe('a@b.co');
    });
  });

  describe('identity key', () => {
    it.each<[string[], string[], boolean]>([
      [['a@b.co', 'Ann', 'Lee'], ['a@b.co', 'ANN', 'lee'], true],
      [['a@b.co', ' Mary  Ann ', 'Lee'], ['a@b.co', 'mary ann', 'LEE'], true],
      [['a@b.co', 'Rene\u0301e', 'X'], ['a@b.co', 'REN\u00c9E', 'x'], true],
      [['a@b.co', 'Ann', 'Lee'], ['a@b.co', 'Anne', 'Lee'], false],
      [['a@b.co', 'Ann', 'Lee'], ['a@b.co', 'Lee', 'Ann'], false],
    ])('%j vs %j -> same identity: %s', (a, b, same) => {
      expect(buildRow(a, STANDARD).identityKey === buildRow(b, STANDARD).identityKey).toBe(same);
    });

    it('is built from the normalized names', () => {
      expect(buildRow(['a@b.co', ' Mary  ANN ', 'Lee'], STANDARD).identityKey).toBe(
        'mary ann\u001flee',
      );
    });
  });
});
