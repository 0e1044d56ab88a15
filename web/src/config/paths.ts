// Route paths in one place so features can link to each other's screens without importing each other.
export const paths = {
  home: '/',
  login: (redirectTo?: string): string =>
    redirectTo ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : '/login',
  register: (redirectTo?: string): string =>
    redirectTo ? `/register?redirectTo=${encodeURIComponent(redirectTo)}` : '/register',
  jobs: '/jobs',
  job: (jobId: string): string => `/jobs/${encodeURIComponent(jobId)}`,
} as const;

/** Only same-app paths are followed after sign-in, never another origin. */
export function safeRedirect(target: string | null): string {
  // Browsers read "/\host" as "//host": another site, which the router refuses to open.
  if (target && /^\/(?![/\\])/.test(target)) return target;
  return paths.jobs;
}
