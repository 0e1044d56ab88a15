import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors/domain-error.js';
import { decodeCursor, encodeCursor, type CursorPart } from './keyset-cursor.js';

const JOB_ID = '0f8e7a2c-3b1d-4c5e-9a6f-7b8c9d0e1f2a';
const AT = '2026-11-22T10:15:30.123Z';
const raw = (json: string) => Buffer.from(json).toString('base64url');

describe('decodeCursor', () => {
  it.each<[string, (string | number)[], CursorPart[]]>([
    ['an issue seq', [42], ['integer']],
    ['row 1', [1], ['integer']],
    ['a job page', [AT, JOB_ID], ['timestamp', 'uuid']],
  ])('gives back the key of a cursor it encoded: %s', (_label, key, parts) => {
    expect(decodeCursor(encodeCursor(key), parts)).toEqual(key);
  });

  it.each(['', undefined])('reads %j as no cursor', (cursor) => {
    expect(decodeCursor(cursor, ['integer'])).toBeNull();
  });

  // Each would reach SQL as the wrong type, a PostgreSQL error and a 500, if let through.
  it.each<[string, string, CursorPart[]]>([
    ['not base64 JSON', 'garbage', ['integer']],
    ['not an array', raw('{"seq":1}'), ['integer']],
    ['too few parts', raw(`["${AT}"]`), ['timestamp', 'uuid']],
    ['too many parts', raw('[1,2]'), ['integer']],
    ['a string for an integer', raw('["x"]'), ['integer']],
    ['a numeric string for an integer', raw('["5"]'), ['integer']],
    ['a fraction', raw('[1.5]'), ['integer']],
    ['a negative number', raw('[-1]'), ['integer']],
    ['past the safe integers', raw('[9007199254740993]'), ['integer']],
    ['a word for a timestamp', raw(`["x","${JOB_ID}"]`), ['timestamp', 'uuid']],
    [
      'a day that does not exist',
      raw(`["2026-02-30T00:00:00.000Z","${JOB_ID}"]`),
      ['timestamp', 'uuid'],
    ],
    ['a number for a timestamp', raw(`[1,"${JOB_ID}"]`), ['timestamp', 'uuid']],
    ['a word for a uuid', raw(`["${AT}","y"]`), ['timestamp', 'uuid']],
    ['null parts', raw('[null,null]'), ['timestamp', 'uuid']],
  ])('refuses %s with VALIDATION_FAILED', (_label, cursor, parts) => {
    let caught: unknown;
    try {
      decodeCursor(cursor, parts);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'The cursor is not one this API returned.',
    });
  });
});
