// Below U+0300 no character changes under NFC or composes with a neighbour, so a string with no
// code unit from U+0300 up is already NFC; this test is far cheaper than normalize() on the
// millions of plain-ASCII values of a large file.
const MAY_CHANGE_UNDER_NFC = /[\u0300-\uffff]/;

// Only a run of two or more, or a single white space other than ' ', needs rewriting: testing
// first spares a new string for the usual "Mary Ann".
const NON_CANONICAL_WHITE_SPACE = / \s|[^\S ]/;
const WHITE_SPACE_RUN = /\s+/g;

const IDENTITY_SEPARATOR = '\u001f';

export function normalizeValue(v: string): string {
  const trimmed = v.trim();
  return MAY_CHANGE_UNDER_NFC.test(trimmed) ? trimmed.normalize('NFC') : trimmed;
}

export function normalizeEmail(v: string): string {
  return normalizeValue(v).toLowerCase();
}

export function normalizeName(v: string): string {
  const value = normalizeValue(v);
  return NON_CANONICAL_WHITE_SPACE.test(value) ? value.replace(WHITE_SPACE_RUN, ' ') : value;
}

/**
 * Spec §5: two rows are the same person when their normalized names match case-insensitively.
 * The separator cannot occur in a trimmed name, so ("A B", "C") and ("A", "B C") stay apart.
 */
export function identityKey(firstName: string, lastName: string): string {
  return (
    normalizeName(firstName).toLowerCase() +
    IDENTITY_SEPARATOR +
    normalizeName(lastName).toLowerCase()
  );
}
