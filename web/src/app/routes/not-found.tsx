import { Link } from 'react-router-dom';
import { paths } from '../../config/paths';

export function NotFoundRoute() {
  return (
    <section className="card">
      <title>Page not found · Intake</title>
      <h1>Page not found</h1>
      <p>
        <Link to={paths.jobs}>Go to your jobs</Link>
      </p>
    </section>
  );
}
