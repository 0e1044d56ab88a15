import type { ErrorCode } from './error-code.js';

/**
 * What services throw when a request cannot be honoured. The global filter turns it into
 * `{ statusCode, code, message, details }`; services never pick HTTP statuses themselves.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found.`);
