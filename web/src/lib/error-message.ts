import { ApiError } from './api-client';

export type MessagesByCode = Partial<Record<string, string>>;

// Wording for codes any screen may meet; a feature passes its own codes on top.
const COMMON_MESSAGES: MessagesByCode = {
  NETWORK_ERROR: 'Could not reach the server. Check your connection and try again.',
};

/** A sentence for the user: our wording for known codes, else the API's own message. */
export function errorMessage(error: unknown, messages: MessagesByCode = {}): string {
  if (error instanceof ApiError) {
    const known = messages[error.code] ?? COMMON_MESSAGES[error.code];
    if (known) return known;
    if (error.statusCode >= 500) return 'The server had a problem. Please try again shortly.';
    return error.message || `Request failed (${error.statusCode}).`;
  }
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}
