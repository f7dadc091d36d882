import Redis from 'ioredis';
import { MaxRetriesPerRequestError } from 'ioredis/built/errors';
import { createServer } from 'node:net';
import { Client, DatabaseError } from 'pg';
import { QueryFailedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isDependencyFailure } from './dependency-failure';

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

async function rejectionOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const sqlError = (code: string, message: string) =>
  Object.assign(new DatabaseError(message, 100, 'error'), { code, severity: 'FATAL' });

describe('isDependencyFailure', () => {
  it('recognises a Postgres that refuses connections', async () => {
    const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:${await closedPort()}/x` });
    const refused = await rejectionOf(client.connect());
    expect(isDependencyFailure(refused)).toBe(true);
  });

  it('recognises a Redis that is down, with the offline queue off', async () => {
    const redis = new Redis(`redis://127.0.0.1:${await closedPort()}`, {
      lazyConnect: true,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    redis.on('error', () => undefined);
    expect(isDependencyFailure(await rejectionOf(redis.get('key')))).toBe(true);
    redis.disconnect();
    expect(isDependencyFailure(new MaxRetriesPerRequestError(1))).toBe(true);
    expect(isDependencyFailure(new Error('Connection is closed.'))).toBe(true);
  });

  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P03', 'the database system is starting up'],
    ['08006', 'connection failure'],
    ['53300', 'sorry, too many clients already'],
  ])('recognises SQLSTATE %s, also wrapped in a QueryFailedError', (code, message) => {
    expect(isDependencyFailure(sqlError(code, message))).toBe(true);
    expect(isDependencyFailure(new QueryFailedError('SELECT 1', [], sqlError(code, message)))).toBe(true);
  });

  it('recognises the pool giving up and a connection dying mid-query', () => {
    expect(isDependencyFailure(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDependencyFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDependencyFailure(new Error('Connection terminated due to connection timeout'))).toBe(true);
    expect(isDependencyFailure(new QueryRunnerProviderAlreadyReleasedError())).toBe(true);
  });

  it('leaves bugs and refusals that are not outages alone', () => {
    expect(isDependencyFailure(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDependencyFailure(sqlError('23505', 'duplicate key value violates unique constraint'))).toBe(false);
    expect(isDependencyFailure(new QueryFailedError('INSERT', [], sqlError('42P01', 'no such table')))).toBe(false);
    expect(isDependencyFailure(new Error('boom'))).toBe(false);
    expect(isDependencyFailure(undefined)).toBe(false);
    expect(isDependencyFailure('ECONNREFUSED')).toBe(false);
  });
});
