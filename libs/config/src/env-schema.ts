import { z } from 'zod';

/**
 * Building blocks for env-var schemas. Every option is optional with a documented default, so each app's
 * schema reads like its configuration table. Units live in the names (`*_SECONDS`, `*_MS`, `*_BYTES`).
 */
export const envInt = (defaultValue: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}) =>
  z.coerce.number().int().min(min).max(max).default(defaultValue);

export const envPort = (defaultValue: number) => envInt(defaultValue, { min: 0, max: 65535 });

export const envBool = (defaultValue: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .default(defaultValue ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1');

export const envUrl = (defaultValue: string, protocols: string[]) =>
  z
    .string()
    .default(defaultValue)
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL (${protocols.join(' or ')})`,
    );

/** Options every Tessera process reads. */
export const commonEnv = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The gateway's public port; ISSUER defaults to http://localhost:$PORT. */
  PORT: envPort(3000),
  /** The public base URL of the gateway: the `iss` of every token and the base of every endpoint URL. */
  ISSUER: z.string().optional(),
  NATS_URL: envUrl('nats://127.0.0.1:4222', ['nats:', 'tls:']),
  NATS_REQUEST_TIMEOUT_MS: envInt(5000, { min: 100, max: 60000 }),
  REDIS_URL: envUrl('redis://127.0.0.1:6379', ['redis:', 'rediss:']),
  /** Prefix before each service's own Redis prefix; lets several installations (or test runs) share one Redis. */
  REDIS_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/)
    .default('tessera'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
};

/** Options of the services that own a Postgres schema. */
export const databaseEnv = {
  DATABASE_URL: envUrl('postgres://postgres@127.0.0.1:5432/tessera', ['postgres:', 'postgresql:']),
  DATABASE_POOL_SIZE: envInt(10, { min: 1, max: 200 }),
  MIGRATIONS_RUN_AT_START: envBool(true),
};

/** HEALTH_PORT: the small HTTP port with /healthz, /readyz and /metrics. Each app picks its own default. */
export const healthEnv = (defaultPort: number) => ({
  HEALTH_PORT: envPort(defaultPort),
});

/** Resolves ISSUER's default and checks it; shared by every app's schema via `withIssuer`. */
export function withIssuer<T extends { PORT: number; ISSUER?: string; NODE_ENV: string }>(
  env: T,
  ctx: z.RefinementCtx,
): T & { ISSUER: string } {
  const issuer = (env.ISSUER ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  let url: URL | undefined;
  try {
    url = new URL(issuer);
  } catch {
    url = undefined;
  }
  if (!url || url.search || url.hash || !['http:', 'https:'].includes(url.protocol)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['ISSUER'],
      message: 'must be an http(s) URL without query or fragment',
    });
  } else if (env.NODE_ENV === 'production' && url.protocol !== 'https:') {
    // OpenID Connect Discovery §3: the issuer is an https URL. Plain http is for local development only.
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['ISSUER'],
      message: 'must use https in production',
    });
  }
  return { ...env, ISSUER: issuer };
}
