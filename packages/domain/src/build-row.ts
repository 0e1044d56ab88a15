import type { RowIssueType } from './issue-type.js';
import type { HeaderMapping } from './map-header.js';
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
  /**
   * The record's values, trimmed and NFC (§5), in column order: one per header column (empty
   * for a short record's missing fields), then the record's extra fields. The job's columns
   * (columnKeys) name them; raw_rows.data stores them so.
   */
  values: string[];
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

/** The value of the column a field is read from (the first that maps to it), or empty. */
function valueAt(values: readonly string[], index: number | undefined): string {
  return index === undefined ? '' : values[index];
}

/**
 * Spec §3, §5 and §6 for one data record. Issues are data, never exceptions: a bad row still
 * becomes a row that a reviewer can fix.
 */
export function buildRow(record: readonly string[], mapping: HeaderMapping): ParsedRow {
  const columns = mapping.keys.length;
  const length = Math.max(columns, record.length);
  const values: string[] = new Array<string>(length);
  for (let i = 0; i < length; i++) {
    values[i] = i < record.length ? normalizeValue(record[i]) : '';
  }

  // Each field's index read by its name: `fieldIndex[field]` with a different field on each
  // call is a keyed load V8 serves by its slow megamorphic path (1% of the load's instructions).
  const index = mapping.fieldIndex;
  const normalized: NormalizedContact = {
    email: toLowerCase(valueAt(values, index.email)),
    first_name: normalizeName(valueAt(values, index.first_name)),
    last_name: normalizeName(valueAt(values, index.last_name)),
    company: valueAt(values, index.company),
    phone: valueAt(values, index.phone),
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
    values,
    normalized,
    identityKey: identityKey(normalized.first_name, normalized.last_name),
    issues,
    valid,
  };
}
