import { Navigate, useSearchParams } from 'react-router-dom';
import { Alert } from '../../components/alert';
import { Spinner } from '../../components/spinner';
import { safeRedirect } from '../../config/paths';
import { AuthForm, type AuthMode } from '../../features/auth/components/auth-form';
import { useSession } from '../../lib/session';

function AuthRoute({ mode }: { mode: AuthMode }) {
  const session = useSession();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get('redirectTo') ?? undefined;

  if (session.status === 'signed-in')
    return <Navigate to={safeRedirect(redirectTo ?? null)} replace />;

  return (
    <main className="page-center">
      <title>{mode === 'login' ? 'Sign in · Intake' : 'Create account · Intake'}</title>
      <p className="brand brand--large">Intake</p>
      {session.status === 'signed-out' && session.expired && (
        // Sent here from a page the user was on: say why, so that it does not look like a fault.
        <Alert tone="info" data-testid="session-expired">
          Your session has expired. Sign in again to go back to where you were.
        </Alert>
      )}
      {session.status === 'restoring' ? (
        <Spinner label="Checking your session…" />
      ) : (
        <AuthForm mode={mode} redirectTo={redirectTo} />
      )}
    </main>
  );
}

export function LoginRoute() {
  return <AuthRoute mode="login" />;
}

export function RegisterRoute() {
  return <AuthRoute mode="register" />;
}
