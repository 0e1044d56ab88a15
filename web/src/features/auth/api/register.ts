import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { startSession } from '../../../lib/session';
import type { AuthResponse } from '../../../types/api';

export const MIN_PASSWORD_LENGTH = 12;

export type RegisterInput = {
  email: string;
  password: string;
};

export const register = (input: RegisterInput): Promise<AuthResponse> =>
  api.post<AuthResponse>('/auth/register', input);

type UseRegisterOptions = {
  mutationConfig?: MutationConfig<AuthResponse, RegisterInput>;
};

export const useRegister = ({ mutationConfig }: UseRegisterOptions = {}) => {
  const { onSuccess, ...restConfig } = mutationConfig ?? {};
  return useMutation({
    ...restConfig,
    onSuccess: (...args) => {
      const [response] = args;
      startSession(response.accessToken, response.user);
      return onSuccess?.(...args);
    },
    mutationFn: register,
  });
};
