import { useMutation } from '@tanstack/react-query';
import type { MutationConfig } from '../../../lib/react-query';
import { startSession } from '../../../lib/session';
import type { AuthResponse } from '../../../types/api';

/** A mutation that signs the person in with the session the API returns (login, register). */
export function useSessionMutation<TInput>(
  mutationFn: (input: TInput) => Promise<AuthResponse>,
  mutationConfig?: MutationConfig<AuthResponse, TInput>,
) {
  const { onSuccess, ...restConfig } = mutationConfig ?? {};
  return useMutation({
    ...restConfig,
    onSuccess: (...args) => {
      const [response] = args;
      startSession(response.accessToken, response.user);
      return onSuccess?.(...args);
    },
    mutationFn,
  });
}
