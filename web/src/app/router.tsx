import { createBrowserRouter, Navigate, RouterProvider } from 'react-router-dom';
import { paths } from '../config/paths';
import { AppLayout } from './routes/app-layout';
import { JobDetailRoute } from './routes/job-detail';
import { JobsRoute } from './routes/jobs';
import { LoginRoute, RegisterRoute } from './routes/auth';
import { NotFoundRoute } from './routes/not-found';
import { RequireSession } from './routes/require-session';

const router = createBrowserRouter([
  { path: '/login', element: <LoginRoute /> },
  { path: '/register', element: <RegisterRoute /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <Navigate to={paths.jobs} replace /> },
          { path: 'jobs', element: <JobsRoute /> },
          { path: 'jobs/:jobId', element: <JobDetailRoute /> },
          { path: '*', element: <NotFoundRoute /> },
        ],
      },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
