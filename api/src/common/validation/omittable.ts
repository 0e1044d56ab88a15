import { ValidateIf } from 'class-validator';

/**
 * A body field that may be left out but, when present, is validated. IsOptional() also waves
 * `null` through, which then fails deep in a service as a 500 instead of a 400 naming the field.
 */
export const Omittable = (): PropertyDecorator =>
  ValidateIf((_body: object, value: unknown) => value !== undefined);
