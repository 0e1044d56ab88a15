import { Link, NavLink, Outlet } from 'react-router-dom';
import { paths } from '../../config/paths';
import { SignOutButton } from '../../features/auth/components/sign-out-button';
import { useSession } from '../../lib/session';

export function AppLayout() {
  const session = useSession();
  const email = session.status === 'signed-in' ? session.user?.email : undefined;

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <Link to={paths.jobs} className="brand">
            Intake
          </Link>
          <nav aria-label="Main">
            <NavLink to={paths.jobs} className="topbar__link">
              Jobs
            </NavLink>
          </nav>
          <div className="topbar__user">
            {email && (
              <span className="muted small topbar__email" data-testid="current-user" title={email}>
                {email}
              </span>
            )}
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="container" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
