import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { Spinner } from '../../components/spinner';
import { paths } from '../../config/paths';
import { useSession } from '../../lib/session';

export function RequireSession() {
  const session = useSession();
  const location = useLocation();

  if (session.status === 'restoring') {
    return (
      <div className="page-center">
        <Spinner label="Restoring your session…" />
      </div>
    );
  }
  if (session.status === 'signed-out') {
    // After an expired session, come back here once signed in; after signing out, start afresh.
    const comeBackTo = session.byUser ? undefined : `${location.pathname}${location.search}`;
    return <Navigate to={paths.login(comeBackTo)} replace />;
  }
  return <Outlet />;
}
