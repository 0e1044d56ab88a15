import type { ContactField } from './contact-field.js';
import type { RowIssueType } from './issue-type.js';
import { extraKey, type HeaderMapping } from './map-header.js';
import { identityKey, isBlank, normalizeName, normalizeValue } from './normalize.js';
import { toLowerCase } from './string-methods.js';
import { isValidEmail } from './validate-email.js';

export interface NormalizedContact {
  email: string;
  first_name: string;
  last_name: string;
  company: string;
  phone: string;
}

export interface ParsedRow {
  data: Record<string, string>;
  normalized: NormalizedContact;
  identityKey: string;
  issues: RowIssueType[];
  valid: boolean;
}

export function isBlankRecord(record: readonly string[]): boolean {
  for (const field of record) {
    if (!isBlank(field)) return false;
  }
  return true;
}

// A header named "__proto__" would otherwise set the object's prototype instead of a value.
function setData(data: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__') {
    Object.defineProperty(data, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    data[key] = value;
  }
}

// The field's normalized value, by column index: reading it back from `data` by key would be a
// keyed lookup with a different key on every call, V8's slow megamorphic path.
function fieldValue(
  values: readonly string[],
  mapping: HeaderMapping,
  field: ContactField,
): string {
  const index = mapping.fieldIndex[field];
  return index === undefined ? '' : values[index];
}

/**
 * Spec §3, §5 and §6 for one data record. Issues are data, never exceptions: a bad row still
 * becomes a row that a reviewer can fix.
 */
export function buildRow(record: readonly string[], mapping: HeaderMapping): ParsedRow {
  const keys = mapping.keys;
  const data: Record<string, string> = {};
  const values: string[] = new Array<string>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const value = i < record.length ? normalizeValue(record[i]) : '';
    values[i] = value;
    setData(data, keys[i], value);
  }
  for (let i = keys.length; i < record.length; i++) {
    setData(data, extraKey(mapping.keySet, i - keys.length + 1), normalizeValue(record[i]));
  }

  const normalized: NormalizedContact = {
    email: toLowerCase(fieldValue(values, mapping, 'email')),
    first_name: normalizeName(fieldValue(values, mapping, 'first_name')),
    last_name: normalizeName(fieldValue(values, mapping, 'last_name')),
    company: fieldValue(values, mapping, 'company'),
    phone: fieldValue(values, mapping, 'phone'),
  };

  const issues: RowIssueType[] = [];
  let valid = true;
  if (normalized.email === '') {
    issues.push('MISSING_EMAIL');
    valid = false;
  } else if (!isValidEmail(normalized.email)) {
    issues.push('INVALID_EMAIL_FORMAT');
    valid = false;
  }
  if (normalized.first_name === '') issues.push('MISSING_FIRST_NAME');
  if (normalized.last_name === '') issues.push('MISSING_LAST_NAME');

  return {
    data,
    normalized,
    identityKey: identityKey(normalized.first_name, normalized.last_name),
    issues,
    valid,
  };
}
