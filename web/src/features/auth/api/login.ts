import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import type { AuthResponse } from '../../../types/api';
import { useSessionMutation } from './use-session-mutation';

export type LoginInput = {
  email: string;
  password: string;
};

export const login = (input: LoginInput): Promise<AuthResponse> =>
  api.post<AuthResponse>('/auth/login', input);

type UseLoginOptions = {
  mutationConfig?: MutationConfig<AuthResponse, LoginInput>;
};

export const useLogin = ({ mutationConfig }: UseLoginOptions = {}) =>
  useSessionMutation(login, mutationConfig);
