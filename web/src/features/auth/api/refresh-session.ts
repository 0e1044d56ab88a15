import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import { refreshAccessToken } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { getSession } from '../../../lib/session';

/**
 * `POST /api/auth/refresh` with the httpOnly cookie. Resolves true when a session was restored;
 * the api-client owns the call because it also uses it to recover from a 401.
 */
export const refreshSession = (): Promise<boolean> => refreshAccessToken();

type UseRefreshSessionOptions = {
  mutationConfig?: MutationConfig<boolean, void>;
};

export const useRefreshSession = ({ mutationConfig }: UseRefreshSessionOptions = {}) =>
  useMutation({
    ...mutationConfig,
    mutationFn: refreshSession,
  });

/** On app load, silently restores the session from the refresh cookie. */
export const useRestoreSession = (): void => {
  const { mutate } = useRefreshSession();
  useEffect(() => {
    // Strict mode runs this twice; the api-client shares one in-flight refresh between callers.
    if (getSession().status === 'restoring') mutate();
  }, [mutate]);
};
