import { Param, ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '../errors/domain-error.js';

/** A path id that is not even a UUID names nothing: answer 404, as for any unknown id. */
export const UuidParam = (name: string) =>
  Param(
    name,
    new ParseUUIDPipe({ exceptionFactory: () => new DomainError('NOT_FOUND', 'Not found.') }),
  );
