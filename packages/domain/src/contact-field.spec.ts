import { describe, it, expect } from '@jest/globals';
import { CONTACT_FIELDS, MERGEABLE_FIELDS } from './contact-field.js';

describe('CONTACT_FIELDS', () => {
  it.each([
    [0, 'email'],
    [1, 'first_name'],
    [2, 'last_name'],
    [3, 'company'],
    [4, 'phone'],
  ])('has field %i = %s (export header order)', (index, field) => {
    expect(CONTACT_FIELDS[index]).toBe(field);
  });

  it('has exactly five fields', () => {
    expect(CONTACT_FIELDS).toHaveLength(5);
  });
});

describe('MERGEABLE_FIELDS', () => {
  it('is every contact field but the email, in export order', () => {
    expect(MERGEABLE_FIELDS).toEqual(['first_name', 'last_name', 'company', 'phone']);
  });
});
