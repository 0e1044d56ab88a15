import { describe, it, expect } from '@jest/globals';
import { isValidEmail } from './validate-email.js';

const repeat = (c: string, n: number): string => c.repeat(n);

// 64 + 1 + 189 = 254 characters: labels of 63, 63 and 58 characters, then "co".
const DOMAIN_189 = `${repeat('a', 63)}.${repeat('b', 63)}.${repeat('c', 58)}.co`;
const EMAIL_254 = `${repeat('x', 64)}@${DOMAIN_189}`;
const EMAIL_255 = `${repeat('x', 64)}@d${DOMAIN_189}`;

describe('isValidEmail', () => {
  it('builds the length fixtures right', () => {
    expect(DOMAIN_189).toHaveLength(189);
    expect(EMAIL_254).toHaveLength(254);
    expect(EMAIL_255).toHaveLength(255);
  });

  it.each<[string, string, boolean]>([
    // overall shape
    ['simple', 'a@b.co', true],
    ['typical', 'ann.lee@example.com', true],
    ['subdomains', 'ann@mail.eu.example.co.uk', true],
    ['empty', '', false],
    ['no @', 'ann.example.com', false],
    ['two @', 'ann@lee@example.com', false],
    ['@ only', '@', false],
    ['space inside', 'ann lee@example.com', false],
    ['surrounding space (not normalized)', ' a@b.co', false],
    ['upper case (not normalized)', 'Ann@example.com', false],
    ['upper case in the domain (not normalized)', 'ann@Example.com', false],
    // total length
    ['254 characters', EMAIL_254, true],
    ['255 characters', EMAIL_255, false],
    // local part: length
    ['empty local part', '@example.com', false],
    ['1-character local part', 'a@example.com', true],
    ['64-character local part', `${repeat('a', 64)}@example.com`, true],
    ['65-character local part', `${repeat('a', 65)}@example.com`, false],
    // local part: characters
    ['every allowed special character', "!#$%&'*+/=?^_`{|}~-@example.com", true],
    ['digits', '0123456789@example.com', true],
    ['plus tag', 'ann+news@example.com', true],
    ['hyphen first in the local part', '-ann@example.com', true],
    ['double quote', '"ann"@example.com', false],
    ['comma', 'ann,lee@example.com', false],
    ['parenthesis', 'ann(x)@example.com', false],
    ['backslash', 'ann\\x@example.com', false],
    ['colon', 'ann:x@example.com', false],
    ['semicolon', 'ann;x@example.com', false],
    ['angle brackets', '<ann>@example.com', false],
    ['square brackets', 'ann[1]@example.com', false],
    ['non-ASCII letter', 'zoë@example.com', false],
    ['control character', 'ann\u0000@example.com', false],
    // local part: dots
    ['single inner dot', 'a.b@example.com', true],
    ['several separated dots', 'a.b.c.d@example.com', true],
    ['leading dot', '.ann@example.com', false],
    ['trailing dot', 'ann.@example.com', false],
    ['double dot', 'ann..lee@example.com', false],
    ['only a dot', '.@example.com', false],
    // domain: labels
    ['single label', 'ann@localhost', false],
    ['empty domain', 'ann@', false],
    ['leading dot in the domain', 'ann@.example.com', false],
    ['trailing dot in the domain', 'ann@example.com.', false],
    ['empty label', 'ann@example..com', false],
    ['1-character label', 'ann@x.io', true],
    ['63-character label', `ann@${repeat('a', 63)}.com`, true],
    ['64-character label', `ann@${repeat('a', 64)}.com`, false],
    ['63-character last label', `ann@example.${repeat('a', 63)}`, true],
    ['64-character last label', `ann@example.${repeat('a', 64)}`, false],
    ['digits in a label', 'ann@123.example.com', true],
    ['inner hyphen', 'ann@my-company.com', true],
    ['double inner hyphen', 'ann@xn--bcher-kva.com', true],
    ['label starting with a hyphen', 'ann@-example.com', false],
    ['label ending with a hyphen', 'ann@example-.com', false],
    ['underscore in the domain', 'ann@my_company.com', false],
    ['plus in the domain', 'ann@a+b.com', false],
    ['non-ASCII domain', 'ann@exämple.com', false],
    ['IP literal', 'ann@[127.0.0.1]', false],
    // domain: last label
    ['2-letter last label', 'ann@example.io', true],
    ['1-letter last label', 'ann@example.c', false],
    ['digit in the last label', 'ann@example.c0m', false],
    ['numeric last label', 'ann@127.0.0.1', false],
    ['hyphen in the last label', 'ann@example.co-uk', false],
    ['long last label', 'ann@example.photography', true],
  ])('%s: %j -> %s', (_label, email, valid) => {
    expect(isValidEmail(email)).toBe(valid);
  });
});
