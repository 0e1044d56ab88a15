import { loadConfig, serviceConfigSchema } from '@intake/platform';
import { z } from 'zod';

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const apiConfigSchema = serviceConfigSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** HS256 key for access tokens: at least 32 characters of entropy. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).default(30),
  /** Send the refresh cookie only over HTTPS. Off by default for http://localhost. */
  COOKIE_SECURE: booleanFlag.default(false),
  /** When set, the API also serves the built web UI from this folder (embedded mode). */
  WEB_DIST_DIR: z.string().optional(),
});

export type ApiConfig = z.infer<typeof apiConfigSchema>;

export const API_CONFIG = Symbol('ApiConfig');

export function loadApiConfig(env?: NodeJS.ProcessEnv): ApiConfig {
  return loadConfig(apiConfigSchema, env);
}
