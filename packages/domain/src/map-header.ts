import { CONTACT_FIELDS, type ContactField } from './contact-field.js';
import { normalizeValue } from './normalize.js';

export interface HeaderMapping {
  /** One unique data key per column, in column order. */
  keys: string[];
  /** The same keys as a set, which made-up keys (extraKey) are checked against. */
  keySet: ReadonlySet<string>;
  /** Column index per mapped field; the first matching column wins. */
  fieldIndex: Partial<Record<ContactField, number>>;
  /** Keys of the columns not mapped to a field, in column order. */
  otherKeys: string[];
}

/** Spec §4, as normalized header names. */
export const HEADER_SYNONYMS: Readonly<Record<ContactField, readonly string[]>> = {
  email: ['email', 'emailaddress', 'mail', 'email1', 'primaryemail'],
  first_name: ['firstname', 'first', 'givenname', 'forename'],
  last_name: ['lastname', 'last', 'surname', 'familyname'],
  company: ['company', 'companyname', 'organization', 'organisation', 'org', 'employer'],
  phone: ['phone', 'phonenumber', 'mobile', 'mobilephone', 'tel', 'telephone'],
};

const FIELD_BY_NAME: ReadonlyMap<string, ContactField> = new Map(
  CONTACT_FIELDS.flatMap((field) => HEADER_SYNONYMS[field].map((name) => [name, field] as const)),
);

const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{Nd}]/gu;

export function normalizeHeaderName(name: string): string {
  // NFC first, so that a decomposed "é" stays one letter instead of losing its accent mark.
  return name.normalize('NFC').toLowerCase().replace(NOT_LETTER_OR_DIGIT, '');
}

export function mapHeaderName(name: string): ContactField | undefined {
  return FIELD_BY_NAME.get(normalizeHeaderName(name));
}

/**
 * Spec §3: the data key of a record's n-th field beyond the header, `_extra_n`. A header that
 * already has a column of that name (a re-imported export) gets `_extra_n (2)`, as a repeated
 * header name does. The job's column list (columnKeys) names extras by this.
 */
export function extraKey(headerKeys: ReadonlySet<string>, n: number): string {
  return firstFreeKey(`_extra_${n}`, (key) => headerKeys.has(key));
}

/**
 * The keys of a job's columns, which name the values of each of its rows (ParsedRow.values,
 * raw_rows.data): the header's, then `_extra_1` … `_extra_<extraFields>` for the fields of its
 * widest record beyond the header.
 */
export function columnKeys(mapping: HeaderMapping, extraFields: number): string[] {
  const extras = Array.from({ length: extraFields }, (_, i) => extraKey(mapping.keySet, i + 1));
  return [...mapping.keys, ...extras];
}

/**
 * `base`, or else the first of `base (2)`, `base (3)`, … that is not taken. `next` remembers
 * per base where the last search ended: keys are only ever taken, never freed, so the next
 * search for the same base starts there. Without it a header of n columns of one name cost
 * n²/2 tries (40,000 columns named `x`: 96 s with the worker blocked).
 */
function firstFreeKey(
  base: string,
  taken: (key: string) => boolean,
  next?: Map<string, number>,
): string {
  if (!taken(base)) return base;
  let n = next?.get(base) ?? 2;
  let key = `${base} (${n})`;
  while (taken(key)) key = `${base} (${++n})`;
  next?.set(base, n + 1);
  return key;
}

/**
 * Spec §4. Keys are the trimmed names so that other columns keep their original header name.
 * A column with no name gets `column_<n>` and a repeated name gets `<name> (2)`, `(3)`, …; such
 * made-up keys skip every name the header itself has, so that a real `column_2` or `Tag (2)`
 * keeps its name instead of handing it to another column.
 */
export function mapHeader(headers: string[]): HeaderMapping {
  const keys: string[] = [];
  const fieldIndex: Partial<Record<ContactField, number>> = {};
  const otherKeys: string[] = [];
  const names = headers.map(normalizeValue);
  const named = new Set(names.filter((name) => name !== ''));
  const used = new Set<string>();
  const taken = (key: string) => used.has(key) || named.has(key);
  const nextSuffix = new Map<string, number>();

  names.forEach((name, index) => {
    // A name's first column keeps it; a repeat's base is taken already, so it gets `(2)` on.
    const key =
      name !== '' && !used.has(name)
        ? name
        : firstFreeKey(name === '' ? `column_${index + 1}` : name, taken, nextSuffix);
    used.add(key);
    keys.push(key);

    const field = mapHeaderName(name);
    if (field !== undefined && fieldIndex[field] === undefined) {
      fieldIndex[field] = index;
    } else {
      otherKeys.push(key);
    }
  });

  return { keys, keySet: used, fieldIndex, otherKeys };
}
