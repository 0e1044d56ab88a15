import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { ApiResponse, ErrorBody } from './api-client.js';

/** One endpoint, called by another user on a job id and an issue id. */
export type ForeignCall = (jobId: string, issueId: string) => Promise<ApiResponse<ErrorBody>>;

/**
 * Makes `call` on the owner's job and issue and on ids that exist nowhere, and expects the same
 * 404 NOT_FOUND from both (spec: another user's ids answer exactly as if they did not exist).
 * Returns the answer on the owner's ids, for checks of its own.
 */
export async function expectHiddenLikeUnknown(
  call: ForeignCall,
  jobId: string,
  issueId: string,
): Promise<ApiResponse<ErrorBody>> {
  const foreign = await call(jobId, issueId);
  const unknown = await call(randomUUID(), randomUUID());
  expect(unknown.status).toBe(404);
  expect(unknown.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  expect(foreign.status).toBe(404);
  expect(foreign.body).toEqual(unknown.body);
  expect(foreign.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
  return foreign;
}
