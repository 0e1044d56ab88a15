import { isUUID } from 'class-validator';
import { DomainError } from '../errors/domain-error.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** Opaque to clients: a base64url JSON array of the last item's sort key. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** What each part of a cursor's key is: checked before it reaches SQL. */
export type CursorPart = 'integer' | 'timestamp' | 'uuid';

const IS_PART: Readonly<Record<CursorPart, (value: unknown) => boolean>> = {
  integer: (value) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0,
  // The shape toISOString() gives, and a real date: PostgreSQL would refuse 2026-02-30.
  timestamp: (value) => {
    if (typeof value !== 'string') return false;
    const time = Date.parse(value);
    return !Number.isNaN(time) && new Date(time).toISOString() === value;
  },
  uuid: (value) => typeof value === 'string' && isUUID(value),
};

/**
 * The key of a cursor this API gave out, or null without one. A cursor that is not one (edited,
 * or from another list) is a 400: its parts would otherwise reach SQL as the wrong type.
 */
export function decodeCursor(
  cursor: string | undefined,
  parts: readonly CursorPart[],
): (string | number)[] | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === parts.length &&
      parts.every((part, i) => IS_PART[part](key[i]))
    ) {
      return key as (string | number)[];
    }
  } catch {
    // fall through to the error below
  }
  throw new DomainError('VALIDATION_FAILED', 'The cursor is not one this API returned.', {
    fields: { cursor: ['invalid cursor'] },
  });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Callers fetch `limit + 1` rows: the extra one only tells whether another page exists. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  present: (row: R) => T,
  keyOf: (row: R) => (string | number)[],
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(present),
    nextCursor: hasMore && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
