import { api } from '../../../lib/api-client';
import type { MutationConfig } from '../../../lib/react-query';
import type { AuthResponse } from '../../../types/api';
import { useSessionMutation } from './use-session-mutation';

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

export const useRegister = ({ mutationConfig }: UseRegisterOptions = {}) =>
  useSessionMutation(register, mutationConfig);
