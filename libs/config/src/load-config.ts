import type { z } from 'zod';

/** Raised when an env var is invalid; its message is the one line an operator needs. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses `env` with an app's schema. The first problem becomes one line naming the variable:
 * `Invalid configuration: NATS_URL must be a URL (nats: or tls:) (got "http://x")`.
 */
export function loadConfig<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = issue.path.join('.') || 'environment';
  const raw = typeof issue.path[0] === 'string' ? env[issue.path[0]] : undefined;
  const shown = raw === undefined ? '' : ` (got ${JSON.stringify(redactIfSecret(variable, raw))})`;
  throw new ConfigError(`Invalid configuration: ${variable} ${issue.message}${shown}`);
}

/** Never echo a secret back, even a malformed one. */
function redactIfSecret(variable: string, value: string): string {
  return /KEY|SECRET|PASSWORD|TOKEN|DATABASE_URL/.test(variable) ? '<redacted>' : value;
}

/** For an app's main(): print the one line and exit non-zero instead of a stack trace. */
export function loadConfigOrExit<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
