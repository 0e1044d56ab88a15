import { describe, it, expect } from '@jest/globals';
import type { ContactField } from './contact-field.js';
import {
  extraKey,
  mapHeader,
  mapHeaderName,
  normalizeHeaderName,
  type HeaderMapping,
} from './map-header.js';

describe('normalizeHeaderName', () => {
  it.each<[string, string]>([
    ['Email', 'email'],
    ['E-Mail', 'email'],
    ['e_mail', 'email'],
    ['  EMAIL ADDRESS  ', 'emailaddress'],
    ['First Name', 'firstname'],
    ['first.name', 'firstname'],
    ['Phone #', 'phone'],
    ['Email 1', 'email1'],
    ['(Company)', 'company'],
    ['Prénom', 'prénom'],
    ['Pre\u0301nom', 'prénom'],
    ['Straße', 'straße'],
    ['名前', '名前'],
    ['--', ''],
    ['', ''],
    ['\uFEFFemail', 'email'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeHeaderName(input)).toBe(expected);
  });
});

describe('mapHeaderName', () => {
  // Every synonym of the spec §4 table, written the way spreadsheets tend to write it.
  it.each<[string, ContactField]>([
    ['email', 'email'],
    ['Email Address', 'email'],
    ['E-mail', 'email'],
    ['Mail', 'email'],
    ['Email1', 'email'],
    ['Email 1', 'email'],
    ['Primary Email', 'email'],
    ['firstname', 'first_name'],
    ['First Name', 'first_name'],
    ['first_name', 'first_name'],
    ['First', 'first_name'],
    ['Given Name', 'first_name'],
    ['Forename', 'first_name'],
    ['lastname', 'last_name'],
    ['Last Name', 'last_name'],
    ['last_name', 'last_name'],
    ['Last', 'last_name'],
    ['Surname', 'last_name'],
    ['Family Name', 'last_name'],
    ['Company', 'company'],
    ['Company Name', 'company'],
    ['Organization', 'company'],
    ['Organisation', 'company'],
    ['Org', 'company'],
    ['Employer', 'company'],
    ['Phone', 'phone'],
    ['Phone Number', 'phone'],
    ['Mobile', 'phone'],
    ['Mobile Phone', 'phone'],
    ['Tel', 'phone'],
    ['Tel.', 'phone'],
    ['Telephone', 'phone'],
  ])('%j -> %s', (header, field) => {
    expect(mapHeaderName(header)).toBe(field);
  });

  it.each([
    'Email 2',
    'Secondary Email',
    'Name',
    'Full Name',
    'Middle Name',
    'Fax',
    'Notes',
    'emails',
    '',
  ])('%j is not a contact field', (header) => {
    expect(mapHeaderName(header)).toBeUndefined();
  });
});

describe('extraKey', () => {
  it.each<[string[], number, string]>([
    [['email'], 1, '_extra_1'],
    [['email'], 2, '_extra_2'],
    [['email'], 10, '_extra_10'],
    [['email', '_extra_1'], 1, '_extra_1 (2)'],
    [['email', '_extra_1'], 2, '_extra_2'],
    [['email', '_extra_1', '_extra_1 (2)'], 1, '_extra_1 (3)'],
    [['email', '_extra_10'], 1, '_extra_1'],
  ])('header %j, extra %i -> %s', (keys, n, key) => {
    expect(extraKey(new Set(keys), n)).toBe(key);
  });
});

/** A mapping's data, once its key set is checked to hold exactly its keys. */
function asData({ keySet, ...mapping }: HeaderMapping): Omit<HeaderMapping, 'keySet'> {
  expect([...keySet]).toEqual(mapping.keys);
  return mapping;
}

describe('mapHeader', () => {
  it('maps the standard export header', () => {
    expect(asData(mapHeader(['email', 'first_name', 'last_name', 'company', 'phone']))).toEqual({
      keys: ['email', 'first_name', 'last_name', 'company', 'phone'],
      fieldIndex: { email: 0, first_name: 1, last_name: 2, company: 3, phone: 4 },
      otherKeys: [],
    });
  });

  it('keeps other columns under their trimmed original name, in column order', () => {
    expect(
      asData(mapHeader(['  Notes ', 'E-Mail Address', 'Favourite Colour', 'Surname'])),
    ).toEqual({
      keys: ['Notes', 'E-Mail Address', 'Favourite Colour', 'Surname'],
      fieldIndex: { email: 1, last_name: 3 },
      otherKeys: ['Notes', 'Favourite Colour'],
    });
  });

  it('lets the first matching column win and keeps the others as other columns', () => {
    expect(asData(mapHeader(['Mail', 'Email', 'Phone', 'Mobile', 'First', 'Given Name']))).toEqual({
      keys: ['Mail', 'Email', 'Phone', 'Mobile', 'First', 'Given Name'],
      fieldIndex: { email: 0, phone: 2, first_name: 4 },
      otherKeys: ['Email', 'Mobile', 'Given Name'],
    });
  });

  it('names empty headers column_<n>, 1-based', () => {
    expect(asData(mapHeader(['email', '', '  ', 'x']))).toEqual({
      keys: ['email', 'column_2', 'column_3', 'x'],
      fieldIndex: { email: 0 },
      otherKeys: ['column_2', 'column_3', 'x'],
    });
  });

  it.each<[string[], string[]]>([
    [
      ['email', 'Tag', 'Tag', 'Tag'],
      ['email', 'Tag', 'Tag (2)', 'Tag (3)'],
    ],
    [
      ['email', 'Tag', ' Tag '],
      ['email', 'Tag', 'Tag (2)'],
    ],
    [
      ['email', 'Email'],
      ['email', 'Email'],
    ],
    [
      ['email', 'email'],
      ['email', 'email (2)'],
    ],
    // A name the file gives is kept; the made-up ones go around it (spec §4).
    [
      ['email', 'Tag', 'Tag', 'Tag (2)'],
      ['email', 'Tag', 'Tag (3)', 'Tag (2)'],
    ],
    [
      ['email', 'Tag (2)', 'Tag', 'Tag'],
      ['email', 'Tag (2)', 'Tag', 'Tag (3)'],
    ],
    [
      ['email', '', 'column_2'],
      ['email', 'column_2 (2)', 'column_2'],
    ],
    [
      ['email', '', 'column_2', 'column_2 (2)', ''],
      ['email', 'column_2 (3)', 'column_2', 'column_2 (2)', 'column_5'],
    ],
    [
      ['', 'email', ''],
      ['column_1', 'email', 'column_3'],
    ],
    // After `Tag (2)`, the next made-up key goes on from there, around the file's `Tag (3)`.
    [
      ['email', 'Tag', 'Tag', 'Tag (3)', 'Tag'],
      ['email', 'Tag', 'Tag (2)', 'Tag (3)', 'Tag (4)'],
    ],
  ])('makes repeated names unique: %j -> %j', (headers, keys) => {
    expect(mapHeader(headers).keys).toEqual(keys);
  });

  it('numbers thousands of columns of one name in order', () => {
    const keys = mapHeader(['email', ...Array<string>(5000).fill('x')]).keys;
    expect(keys.slice(0, 4)).toEqual(['email', 'x', 'x (2)', 'x (3)']);
    expect(keys.at(-1)).toBe('x (5000)');
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('maps a repeated email header once and keeps the repeat as another column', () => {
    const mapping = mapHeader(['email', 'email']);
    expect(mapping.fieldIndex).toEqual({ email: 0 });
    expect(mapping.otherKeys).toEqual(['email (2)']);
  });

  it('normalizes a decomposed é in a header name to NFC', () => {
    const mapping = mapHeader(['email', 'Pre\u0301nom']);
    expect(mapping.keys).toEqual(['email', 'Pr\u00e9nom']);
  });

  it('maps a header that still carries a BOM', () => {
    expect(mapHeader(['\uFEFFemail', 'name']).fieldIndex).toEqual({ email: 0 });
  });

  it('reports no email column when none matches', () => {
    const mapping = mapHeader(['Name', 'Email 2', 'Phone']);
    expect(mapping.fieldIndex.email).toBeUndefined();
    expect(mapping.fieldIndex).toEqual({ phone: 2 });
  });

  it('maps an empty header list to nothing', () => {
    expect(asData(mapHeader([]))).toEqual({ keys: [], fieldIndex: {}, otherKeys: [] });
  });
});
