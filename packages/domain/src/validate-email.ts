// Character classes of the spec §6 rule, indexed by ASCII code: a table lookup per character,
// no regex and no allocation, for millions of rows per job.
const LOCAL_CHAR = 1;
const DOMAIN_CHAR = 2;
const LETTER = 4;

const CLASSES = new Uint8Array(128);
for (let c = 0x61; c <= 0x7a; c++) CLASSES[c] = LOCAL_CHAR | DOMAIN_CHAR | LETTER;
for (let c = 0x30; c <= 0x39; c++) CLASSES[c] = LOCAL_CHAR | DOMAIN_CHAR;
for (const c of "!#$%&'*+/=?^_`{|}~") CLASSES[c.charCodeAt(0)] = LOCAL_CHAR;
CLASSES[0x2d] = LOCAL_CHAR | DOMAIN_CHAR;

const DOT = 0x2e;
const HYPHEN = 0x2d;
// Exported so that error messages quote the same limits the check applies.
export const EMAIL_LIMITS = { maxLength: 254, maxLocalLength: 64, maxLabelLength: 63 } as const;
const MAX_LENGTH = EMAIL_LIMITS.maxLength;
const MAX_LOCAL_LENGTH = EMAIL_LIMITS.maxLocalLength;
const MAX_LABEL_LENGTH = EMAIL_LIMITS.maxLabelLength;

function hasClass(code: number, cls: number): boolean {
  return code < 128 && (CLASSES[code] & cls) !== 0;
}

/**
 * The spec §6 email rule, on a value already passed through normalizeEmail: upper case letters
 * are not accepted here, because normalization lowercases them first.
 */
export function isValidEmail(normalizedEmail: string): boolean {
  const email = normalizedEmail;
  const length = email.length;
  if (length > MAX_LENGTH) return false;

  const at = email.indexOf('@');
  if (at < 1 || at > MAX_LOCAL_LENGTH) return false;
  for (let i = 0; i < at; i++) {
    const code = email.charCodeAt(i);
    if (code === DOT) {
      if (i === 0 || i === at - 1 || email.charCodeAt(i - 1) === DOT) return false;
    } else if (!hasClass(code, LOCAL_CHAR)) {
      return false;
    }
  }

  // A second '@' fails here: it is not a domain character.
  let labels = 0;
  let labelStart = at + 1;
  for (let i = labelStart; i <= length; i++) {
    const code = i === length ? DOT : email.charCodeAt(i);
    if (code !== DOT) {
      if (!hasClass(code, DOMAIN_CHAR)) return false;
      continue;
    }
    const labelLength = i - labelStart;
    if (labelLength < 1 || labelLength > MAX_LABEL_LENGTH) return false;
    if (email.charCodeAt(labelStart) === HYPHEN || email.charCodeAt(i - 1) === HYPHEN) return false;
    labels++;
    if (i < length) labelStart = i + 1;
  }
  if (labels < 2) return false;

  // The top-level label: letters only, two or more.
  if (length - labelStart < 2) return false;
  for (let i = labelStart; i < length; i++) {
    if (!hasClass(email.charCodeAt(i), LETTER)) return false;
  }
  return true;
}
