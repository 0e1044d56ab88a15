import * as str from './string-methods.js';

// Below U+0300 no character changes under NFC or composes with a neighbour, so a string with no
// code unit from U+0300 up is already NFC; this test is far cheaper than normalize() on the
// millions of plain-ASCII values of a large file.
const MAY_CHANGE_UNDER_NFC = /[\u0300-\uffff]/;

// White space is Unicode's White_Space, which JavaScript's \s and trim() miss in one character:
// U+0085 (NEXT LINE), which UTF-8 and UTF-16 files can hold. (They also count U+FEFF, a BOM
// pasted mid-file, which is trimmed too: it is never part of a value.) Every pattern below is
// built from this one class.
const NEL = '\u0085';
const WHITE_SPACE = `[\\s${NEL}]`;
const EDGE_WHITE_SPACE = new RegExp(`^${WHITE_SPACE}+|${WHITE_SPACE}+$`, 'g');
// Only a run of two or more, or a single white space other than ' ', needs rewriting: testing
// first spares a new string for the usual "Mary Ann".
const NON_CANONICAL_WHITE_SPACE = new RegExp(` ${WHITE_SPACE}|[^\\S ]|${NEL}`);
const WHITE_SPACE_RUN = new RegExp(`${WHITE_SPACE}+`, 'g');
const NOT_WHITE_SPACE = new RegExp(`[^\\s${NEL}]`);

const IDENTITY_SEPARATOR = '\u001f';

/** Spec §3: a field with nothing but white space is blank. */
export function isBlank(v: string): boolean {
  return !NOT_WHITE_SPACE.test(v);
}

function trim(v: string): string {
  const trimmed = str.trim(v);
  // Two character checks keep the common case at trim()'s cost, on every field of every row.
  return str.startsWith(trimmed, NEL) || str.endsWith(trimmed, NEL)
    ? trimmed.replace(EDGE_WHITE_SPACE, '')
    : trimmed;
}

export function normalizeValue(v: string): string {
  const trimmed = trim(v);
  return MAY_CHANGE_UNDER_NFC.test(trimmed) ? trimmed.normalize('NFC') : trimmed;
}

export function normalizeEmail(v: string): string {
  return str.toLowerCase(normalizeValue(v));
}

export function normalizeName(v: string): string {
  const value = normalizeValue(v);
  return NON_CANONICAL_WHITE_SPACE.test(value) ? value.replace(WHITE_SPACE_RUN, ' ') : value;
}

// Characters whose lowercase alone differs from their case fold: ß (SS), µ (Greek mu), final
// sigma, ligatures and the like, all from U+00B5 up. Below it, toLowerCase() is the fold.
const MAY_FOLD_BEYOND_LOWERCASE = /[\u00b5-\uffff]/;

const DOTLESS_I = '\u0131';
// Combining marks, Greek and Greek Extended: where accents can compose in one case and not in
// the other.
const MAY_RECOMPOSE_ACROSS_CASE = /[\u0300-\u03ff\u1f00-\u1fff]/;

const roundTrip = (v: string) => str.toLowerCase(str.toUpperCase(v));

/**
 * Case-insensitive as Unicode's caseless match means it: "Weiß", "WEIẞ" and "WEISS",
 * "ΟΔΥΣΣΕΥΣ" and "οδυσσευσ" are the same name. The round through uppercase applies the full
 * mappings (ß → SS, ς → Σ) that lowercasing alone does not; lowercasing first brings ẞ to ß.
 * Checked against the /iu regular expressions' case folding for every code point to U+1FFFF,
 * the round differs in one: ı (dotless i) is its own fold, where the round makes it i, another
 * letter (Aydın, Aydin), so it is kept out of the round. The round goes over the decomposed
 * text and the result is composed again: on composed text, a letter whose accents compose in
 * one case and not the other (ᾷ, and its capital Α with ͂ and ͅ) comes out with its accents on
 * different letters, and the full mappings can leave decomposed what NFC composes (ΐ).
 */
function foldCase(v: string): string {
  const lower = str.toLowerCase(v);
  if (!MAY_FOLD_BEYOND_LOWERCASE.test(lower)) return lower;
  // Decomposing costs a third of the row rules on a file of accented names: only where it can
  // matter, combining marks and Greek.
  const text = MAY_RECOMPOSE_ACROSS_CASE.test(lower) ? lower.normalize('NFD') : lower;
  const folded = str.includes(text, DOTLESS_I)
    ? text.split(DOTLESS_I).map(roundTrip).join(DOTLESS_I)
    : roundTrip(text);
  return MAY_CHANGE_UNDER_NFC.test(folded) ? folded.normalize('NFC') : folded;
}

/**
 * Spec §5: two rows are the same person when their normalized names match case-insensitively.
 * The key is the folded names joined by U+001F. A name may itself hold that control character
 * (nothing in §2-§5 removes it), and then ("A␟B", "C") and ("A", "B␟C") would share a key: such
 * a pair is written as a JSON array instead, which holds no raw U+001F and so never equals a
 * joined key. Keys are compared only within a job, and its load writes them all.
 */
export function identityKey(firstName: string, lastName: string): string {
  const first = foldCase(normalizeName(firstName));
  const last = foldCase(normalizeName(lastName));
  if (str.includes(first, IDENTITY_SEPARATOR) || str.includes(last, IDENTITY_SEPARATOR)) {
    return JSON.stringify([first, last]);
  }
  return first + IDENTITY_SEPARATOR + last;
}
