import { useSyncExternalStore } from 'react';
import type { AuthUser } from '../types/api';

// The access token lives only in this module's memory (never in storage), so a page reload starts
// `restoring` and the httpOnly refresh cookie brings it back.
export type Session =
  | { status: 'restoring' }
  /**
   * `byUser`: the user signed out, rather than the session expiring or never existing.
   * `expired`: this tab had a session, and lost it without the user signing out.
   */
  | { status: 'signed-out'; byUser: boolean; expired: boolean }
  | { status: 'signed-in'; accessToken: string; user: AuthUser | null };

let current: Session = { status: 'restoring' };
const listeners = new Set<() => void>();

function set(next: Session): void {
  current = next;
  for (const listener of listeners) listener();
}

export function getSession(): Session {
  return current;
}

export function getAccessToken(): string | null {
  return current.status === 'signed-in' ? current.accessToken : null;
}

/** Starts or renews the session; a refresh answers no user, so the known one is kept. */
export function startSession(accessToken: string, user?: AuthUser): void {
  const known = current.status === 'signed-in' ? current.user : null;
  set({
    status: 'signed-in',
    accessToken,
    user: user ?? known ?? userFromAccessToken(accessToken),
  });
}

export function endSession({ byUser = false }: { byUser?: boolean } = {}): void {
  if (current.status === 'signed-out') return;
  set({ status: 'signed-out', byUser, expired: !byUser && current.status === 'signed-in' });
}

export function subscribeToSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session {
  return useSyncExternalStore(subscribeToSession, getSession);
}

// Best effort only, to show who is signed in after a reload: the token is not verified here and
// the app works the same when it carries no email claim.
function userFromAccessToken(token: string): AuthUser | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof claims !== 'object' || claims === null) return null;
    const { sub, email } = claims as Record<string, unknown>;
    return typeof sub === 'string' && typeof email === 'string' ? { id: sub, email } : null;
  } catch {
    return null;
  }
}
