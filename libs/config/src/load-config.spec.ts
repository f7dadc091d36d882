import { z } from 'zod';
import { commonEnv, envBool, envInt, withIssuer } from './env-schema';
import { ConfigError, loadConfig } from './load-config';

const schema = z
  .object({
    ...commonEnv,
    LIMIT: envInt(10, { min: 1, max: 20 }),
    FLAG: envBool(false),
    API_SECRET_KEY: z.string().min(8).optional(),
  })
  .transform(withIssuer);

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(schema, {});
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      ISSUER: 'http://localhost:3000',
      NATS_URL: 'nats://127.0.0.1:4222',
      REDIS_URL: 'redis://127.0.0.1:6379',
      LIMIT: 10,
      FLAG: false,
    });
  });

  it('derives ISSUER from PORT and strips a trailing slash from an explicit one', () => {
    expect(loadConfig(schema, { PORT: '8080' }).ISSUER).toBe('http://localhost:8080');
    expect(loadConfig(schema, { ISSUER: 'https://id.example.com/' }).ISSUER).toBe('https://id.example.com');
  });

  it('fails with one line naming the variable and the value', () => {
    expect(() => loadConfig(schema, { NATS_URL: 'http://nats:4222' })).toThrow(
      new ConfigError('Invalid configuration: NATS_URL must be a URL (nats: or tls:) (got "http://nats:4222")'),
    );
    expect(() => loadConfig(schema, { LIMIT: '50' })).toThrow(/^Invalid configuration: LIMIT .*\(got "50"\)$/);
    expect(() => loadConfig(schema, { FLAG: 'yes' })).toThrow(
      'Invalid configuration: FLAG must be true or false (got "yes")',
    );
  });

  it('never echoes a secret value back', () => {
    expect(() => loadConfig(schema, { API_SECRET_KEY: 'short' })).toThrow(/\(got "<redacted>"\)$/);
  });

  it('requires an https issuer in production', () => {
    expect(() => loadConfig(schema, { NODE_ENV: 'production', ISSUER: 'http://id.example.com' })).toThrow(
      'Invalid configuration: ISSUER must use https in production',
    );
    expect(loadConfig(schema, { NODE_ENV: 'production', ISSUER: 'https://id.example.com' }).ISSUER).toBe(
      'https://id.example.com',
    );
  });

  it('refuses an issuer with a query or fragment', () => {
    expect(() => loadConfig(schema, { ISSUER: 'https://id.example.com/?tenant=1' })).toThrow(
      'Invalid configuration: ISSUER must be an http(s) URL without query or fragment',
    );
  });
});
