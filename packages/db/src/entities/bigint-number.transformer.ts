import type { ValueTransformer } from 'typeorm';

/** pg returns bigint as a string to avoid precision loss; our sizes fit easily in a double. */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
