import { describe, it, expect } from '@jest/globals';
import { identityKey, normalizeEmail, normalizeName, normalizeValue } from './normalize.js';

const DECOMPOSED_E_ACUTE = 'e\u0301';
const COMPOSED_E_ACUTE = '\u00e9';

describe('normalizeValue', () => {
  it.each<[string, string, string]>([
    ['plain', 'Acme', 'Acme'],
    ['empty', '', ''],
    ['only white space', ' \t\r\n ', ''],
    ['leading and trailing spaces', '  Acme Inc  ', 'Acme Inc'],
    ['tabs and line breaks at the edges', '\t\r\nAcme\n', 'Acme'],
    ['no-break space and BOM at the edges', '\u00a0\ufeffAcme\u00a0', 'Acme'],
    ['inner white space is kept', 'Acme   Inc', 'Acme   Inc'],
    ['case is kept', 'ACME inc', 'ACME inc'],
    ['decomposed é becomes NFC', `Caf${DECOMPOSED_E_ACUTE}`, `Caf${COMPOSED_E_ACUTE}`],
    ['decomposed é after trimming', `  Ren${DECOMPOSED_E_ACUTE}e  `, `Ren${COMPOSED_E_ACUTE}e`],
    ['decomposed Hangul syllable', '\u1100\u1161', '\uac00'],
    ['already NFC non-ASCII is unchanged', 'Zoë 日本 😀', 'Zoë 日本 😀'],
    ['Latin-1 characters are unchanged', 'Ærø ñ ß', 'Ærø ñ ß'],
  ])('%s: %j -> %j', (_label, input, expected) => {
    expect(normalizeValue(input)).toBe(expected);
  });
});

describe('normalizeEmail', () => {
  it.each<[string, string]>([
    ['a@b.co', 'a@b.co'],
    ['  Ann.Lee@Example.COM ', 'ann.lee@example.com'],
    ['\tBOB@X.IO\r\n', 'bob@x.io'],
    ['', ''],
    ['   ', ''],
    [`RENE${DECOMPOSED_E_ACUTE}@X.CO`, `rene${COMPOSED_E_ACUTE}@x.co`],
    ['not an email', 'not an email'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });
});

describe('normalizeName', () => {
  it.each<[string, string]>([
    ['Ann', 'Ann'],
    ['  Ann  ', 'Ann'],
    ['Mary Ann', 'Mary Ann'],
    ['Mary   Ann', 'Mary Ann'],
    ['Mary\tAnn', 'Mary Ann'],
    ['Mary \t\r\n Ann', 'Mary Ann'],
    ['Mary\u00a0Ann', 'Mary Ann'],
    ['  Jean  Luc   Pierre ', 'Jean Luc Pierre'],
    ['van der BERG', 'van der BERG'],
    ['mcDONALD', 'mcDONALD'],
    ['', ''],
    [' \t ', ''],
    [`Ren${DECOMPOSED_E_ACUTE}e`, `Ren${COMPOSED_E_ACUTE}e`],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });
});

describe('identityKey', () => {
  it.each<[string, [string, string], [string, string], boolean]>([
    ['same names', ['Ann', 'Lee'], ['Ann', 'Lee'], true],
    ['different case', ['ANN', 'lee'], ['ann', 'LEE'], true],
    ['white space differences', ['  Mary   Ann ', 'Lee'], ['Mary Ann', ' Lee'], true],
    [
      'NFC vs decomposed',
      [`Ren${DECOMPOSED_E_ACUTE}e`, 'X'],
      [`REN${COMPOSED_E_ACUTE}E`, 'x'],
      true,
    ],
    ['both empty', ['', ''], [' ', '\t'], true],
    ['different first name', ['Ann', 'Lee'], ['Anne', 'Lee'], false],
    ['different last name', ['Ann', 'Lee'], ['Ann', 'Li'], false],
    ['first and last swapped', ['Ann', 'Lee'], ['Lee', 'Ann'], false],
    ['space moved between the parts', ['Mary Ann', 'Lee'], ['Mary', 'Ann Lee'], false],
    ['empty first name vs none', ['', 'Lee'], ['Lee', ''], false],
  ])('%s -> same identity: %s', (_label, [firstA, lastA], [firstB, lastB], same) => {
    expect(identityKey(firstA, lastA) === identityKey(firstB, lastB)).toBe(same);
  });

  it('is the lowercased normalized names joined by U+001F', () => {
    expect(identityKey('  Mary   ANN ', 'Lee')).toBe('mary ann\u001flee');
  });
});
