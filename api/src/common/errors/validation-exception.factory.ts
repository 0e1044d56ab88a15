import type { ValidationError } from '@nestjs/common';
import { DomainError } from './domain-error.js';

function collect(errors: ValidationError[], prefix = '', into: Record<string, string[]> = {}) {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) into[field] = Object.values(error.constraints);
    if (error.children?.length) collect(error.children, field, into);
  }
  return into;
}

/** Request-body validation failures, in the API's error shape, naming every bad field. */
export function validationExceptionFactory(errors: ValidationError[]): DomainError {
  const fields = collect(errors);
  const summary = Object.entries(fields)
    .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
    .join('; ');
  return new DomainError('VALIDATION_FAILED', `The request is invalid: ${summary}`, { fields });
}
