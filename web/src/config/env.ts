// The one place that reads import.meta.env; a bad value stops the app at start-up, naming the key.
type Env = {
  /** Base of every API call; same-origin `/api` by default (the dev server proxies it). */
  API_URL: string;
};

function parseEnv(source: ImportMetaEnv): Env {
  const apiUrl = (source.VITE_API_URL ?? '/api').replace(/\/+$/, '');
  const problems: string[] = [];
  if (!/^(\/|https?:\/\/)/.test(apiUrl)) {
    problems.push(
      `VITE_API_URL must be a path starting with "/" or an http(s) URL, got "${apiUrl}"`,
    );
  }
  if (problems.length > 0) throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  return { API_URL: apiUrl };
}

export const env = parseEnv(import.meta.env);
