import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { Alert } from '../../../components/alert';
import { paths } from '../../../config/paths';
import { errorMessage, type MessagesByCode } from '../../../lib/error-message';
import { useLogin } from '../api/login';
import { MIN_PASSWORD_LENGTH, useRegister } from '../api/register';

export type AuthMode = 'login' | 'register';

const AUTH_MESSAGES: MessagesByCode = {
  EMAIL_TAKEN: 'An account with this email already exists. Sign in instead.',
  INVALID_CREDENTIALS: 'That email and password do not match an account.',
};

type AuthFormProps = {
  mode: AuthMode;
  /** Where to go after signing in, kept when switching between the two forms. */
  redirectTo?: string;
};

export function AuthForm({ mode, redirectTo }: AuthFormProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const login = useLogin();
  const register = useRegister();
  const mutation = mode === 'login' ? login : register;
  const id = useId();
  const isRegister = mode === 'register';
  const title = isRegister ? 'Create account' : 'Sign in';

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setLocalError(null);
    const input = { email: email.trim(), password };
    if (!input.email || !password) {
      setLocalError('Enter your email and password.');
      return;
    }
    if (isRegister && password.length < MIN_PASSWORD_LENGTH) {
      setLocalError(`Use a password of at least ${MIN_PASSWORD_LENGTH} characters.`);
      return;
    }
    mutation.mutate(input);
  };

  const error = localError ?? (mutation.error ? errorMessage(mutation.error, AUTH_MESSAGES) : null);

  return (
    <form
      className="card auth-form"
      onSubmit={onSubmit}
      aria-labelledby={`${id}-title`}
      data-testid="auth-form"
      data-mode={mode}
      noValidate
    >
      <h1 id={`${id}-title`}>{title}</h1>

      <div className="field">
        <label htmlFor={`${id}-email`}>Email</label>
        <input
          id={`${id}-email`}
          type="email"
          name="email"
          autoComplete={isRegister ? 'email' : 'username'}
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          data-testid="auth-email"
        />
      </div>

      <div className="field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          type="password"
          name="password"
          autoComplete={isRegister ? 'new-password' : 'current-password'}
          required
          minLength={isRegister ? MIN_PASSWORD_LENGTH : undefined}
          aria-describedby={isRegister ? `${id}-password-hint` : undefined}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          data-testid="auth-password"
        />
        {isRegister && (
          <p id={`${id}-password-hint`} className="field__hint">
            At least {MIN_PASSWORD_LENGTH} characters.
          </p>
        )}
      </div>

      {error && <Alert data-testid="auth-error">{error}</Alert>}

      <button
        type="submit"
        className="button button--primary button--block"
        disabled={mutation.isPending}
        data-testid="auth-submit"
      >
        {mutation.isPending ? `${title}…` : title}
      </button>

      <p className="auth-form__switch">
        {isRegister ? 'Already have an account? ' : 'New here? '}
        <Link
          to={isRegister ? paths.login(redirectTo) : paths.register(redirectTo)}
          data-testid="auth-switch-mode"
        >
          {isRegister ? 'Sign in' : 'Create an account'}
        </Link>
      </p>
    </form>
  );
}
