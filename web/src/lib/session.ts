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
/** The person asked to sign out: whatever ends the session from then on is their doing. */
let signingOut = false;

// Signing out in one tab signs out every tab of the app: their tokens live in their own memory
// and would go on working (an upload queued there would go on as that person), and once they
// expired, the shared refresh cookie would hand those tabs whoever signs in next.
const tabs =
  typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('intake-session');
tabs?.addEventListener('message', (event: MessageEvent) => {
  if (event.data === 'signed-out') signOut(true, { tellTabs: false });
});

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
  signingOut = false;
  const known = current.status === 'signed-in' ? current.user : null;
  set({
    status: 'signed-in',
    accessToken,
    user: user ?? known ?? userFromAccessToken(accessToken),
  });
}

/** Called as a sign-out starts: a refresh that fails meanwhile is not an expired session. */
export function beginSignOut(): void {
  signingOut = true;
}

export function endSession({ byUser = false }: { byUser?: boolean } = {}): void {
  signOut(byUser || signingOut, { tellTabs: true });
}

function signOut(deliberate: boolean, { tellTabs }: { tellTabs: boolean }): void {
  if (current.status === 'signed-out') return;
  set({
    status: 'signed-out',
    byUser: deliberate,
    expired: !deliberate && current.status === 'signed-in',
  });
  if (deliberate && tellTabs) tabs?.postMessage('signed-out');
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
