import { describe, it, expect } from '@jest/globals';
import {
  identityKey,
  isBlank,
  normalizeEmail,
  normalizeName,
  normalizeValue,
} from './normalize.js';

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
    ['NEXT LINE (U+0085) at the edges', '\u0085Acme\u0085', 'Acme'],
    ['NEXT LINE among other white space', ' \u0085\tAcme \u0085 \u3000', 'Acme'],
    ['only NEXT LINEs', '\u0085 \u0085', ''],
    ['inner NEXT LINE is kept', 'Acme\u0085Inc', 'Acme\u0085Inc'],
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
    ['ann@example.com\u0085', 'ann@example.com'],
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
    ['Mary\u0085\u0085Ann', 'Mary Ann'],
    ['Mary \u0085Ann', 'Mary Ann'],
    ['Mary\u0085Ann', 'Mary Ann'],
    ['Bob\u0085', 'Bob'],
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

describe('isBlank', () => {
  it.each<[string, boolean]>([
    ['', true],
    [' \t\r\n', true],
    ['\u00a0\u2003\u3000', true],
    ['\u0085', true],
    ['\ufeff', true],
    ['a', false],
    ['  a  ', false],
    ['\u0085-', false],
    ['\u200b', false],
  ])('%j -> %s', (value, blank) => {
    expect(isBlank(value)).toBe(blank);
  });
});

describe('identityKey', () => {
  it.each<[string, [string, string], [string, string], boolean]>([
    ['same names', ['Ann', 'Lee'], ['Ann', 'Lee'], true],
    ['different case', ['ANN', 'lee'], ['ann', 'LEE'], true],
    ['white space differences', ['  Mary   Ann ', 'Lee'], ['Mary Ann', ' Lee'], true],
    ['NEXT LINE as white space', ['Bob\u0085', 'Lee'], ['Bob', 'Lee'], true],
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
    ['sharp s and its uppercase SS', ['Hans', 'Weiß'], ['HANS', 'WEISS'], true],
    ['capital sharp s (U+1E9E)', ['Hans', 'WEI\u1e9e'], ['hans', 'weiß'], true],
    ['final sigma and sigma', ['ΟΔΥΣΣΕΥΣ', 'X'], ['οδυσσευσ', 'x'], true],
    ['micro sign and Greek mu', ['\u00b5ller', 'X'], ['\u039cLLER', 'x'], true],
    ['ligature fi and f i', ['\ufb01ona', 'X'], ['FIONA', 'x'], true],
    ['Latin-1 capitals', ['ÉLODIE', 'ØRSTED'], ['élodie', 'ørsted'], true],
    ['different letters stay apart', ['Weiß', 'X'], ['Weis', 'X'], false],
    // ı is its own case fold: Aydın and Aydin are two spellings, not two cases.
    ['dotless i and i', ['Ayşe', 'Aydın'], ['Ayşe', 'Aydin'], false],
    ['dotless i in another case', ['AYŞE', 'aydın'], ['ayşe', 'AYDıN'], true],
    // The small letter composes with both accents (U+1FB7); its capital keeps one apart.
    [
      'Greek alpha with perispomeni and ypogegrammeni',
      ['\u1fb7', 'X'],
      ['\u0391\u0342\u0345', 'x'],
      true,
    ],
    // Lowercased, the capital's decomposed letter composes under NFC (U+03CA U+0301 → U+0390).
    [
      'Greek capitals with a decomposed accent',
      ['Νίκος', 'Καΐρης'],
      ['ΝΊΚΟΣ', 'ΚΑΪ\u0301ΡΗΣ'],
      true,
    ],
    ['U+001F inside a name moved between the parts', ['A\u001fB', 'C'], ['A', 'B\u001fC'], false],
    ['U+001F inside a name, same names', ['A\u001fB', 'C'], ['a\u001fb', 'C'], true],
    ['U+001F inside a name vs its joined form', ['A\u001fB', ''], ['A', 'B'], false],
  ])('%s -> same identity: %s', (_label, [firstA, lastA], [firstB, lastB], same) => {
    expect(identityKey(firstA, lastA) === identityKey(firstB, lastB)).toBe(same);
  });

  it('is the lowercased normalized names joined by U+001F', () => {
    expect(identityKey('  Mary   ANN ', 'Lee')).toBe('mary ann\u001flee');
  });

  it('is a JSON array, without a raw U+001F, when a name holds one', () => {
    expect(identityKey('A\u001fB', 'C')).toBe('["a\\u001fb","c"]');
  });
});
