export type ContactField = 'email' | 'first_name' | 'last_name' | 'company' | 'phone';

// Order matters: it is the export header order of spec §11.
export const CONTACT_FIELDS: readonly ContactField[] = [
  'email',
  'first_name',
  'last_name',
  'company',
  'phone',
];

/**
 * The fields a `merge` resolution (spec §9) names a candidate row for: every contact field but
 * the email the group shares. The API checks a merge against them and finalize applies it.
 */
export const MERGEABLE_FIELDS: readonly ContactField[] = CONTACT_FIELDS.filter(
  (field) => field !== 'email',
);
