export type ContactField = 'email' | 'first_name' | 'last_name' | 'company' | 'phone';

// Order matters: it is the export header order of spec §11.
export const CONTACT_FIELDS: readonly ContactField[] = [
  'email',
  'first_name',
  'last_name',
  'company',
  'phone',
];
