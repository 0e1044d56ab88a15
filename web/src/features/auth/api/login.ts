import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import { startSession } from '../../../lib/session';
import type { AuthResponse } from '../../../types/api';

export type LoginInput = {
  email: string;
  password: string;
};

export const login = (input: LoginInput): Promise<AuthResponse> =>
  api.post<AuthResponse>('/auth/login', input);

type UseLoginOptions = {
  mutationConfig?: MutationConfig<AuthResponse, LoginInput>;
};

export const useLogin = ({ mutationConfig }: UseLoginOptions = {}) => {
  const { onSuccess, ...restConfig } = mutationConfig ?? {};
  return useMutation({
    ...restConfig,
    onSuccess: (...args) => {
      const [response] = args;
      startSession(response.accessToken, response.user);
      return onSuccess?.(...args);
    },
    mutationFn: login,
  });
};
