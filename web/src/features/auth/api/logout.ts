import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { beginSignOut, endSession } from '../../../lib/session';

/** Revokes the refresh cookie on the server. */
export const logout = (): Promise<void> => api.post<void>('/auth/logout');

type UseLogoutOptions = {
  mutationConfig?: MutationConfig<void, void>;
};

export const useLogout = ({ mutationConfig }: UseLogoutOptions = {}) => {
  const { onSettled, onMutate, ...restConfig } = mutationConfig ?? {};
  return useMutation({
    ...restConfig,
    onMutate: (...args) => {
      beginSignOut();
      return onMutate?.(...args);
    },
    // Signed out locally even if the server could not be told: the user asked to leave.
    onSettled: (...args) => {
      endSession({ byUser: true });
      return onSettled?.(...args);
    },
    mutationFn: logout,
  });
};
