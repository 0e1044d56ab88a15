import { useLogout } from '../api/logout';

export function SignOutButton() {
  const logout = useLogout();
  return (
    <button
      type="button"
      className="button button--ghost"
      onClick={() => logout.mutate()}
      disabled={logout.isPending}
      data-testid="sign-out"
    >
      {logout.isPending ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
