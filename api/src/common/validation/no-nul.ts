import { NotContains } from 'class-validator';

/**
 * A string that goes into PostgreSQL text, which cannot hold NUL: refused as a 400 naming the
 * field, rather than failing the query as a 500.
 */
export const NoNul = (): PropertyDecorator =>
  NotContains('\u0000', { message: 'must not contain a NUL character' });
