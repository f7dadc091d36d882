import Redis from 'ioredis';
import { Client } from 'pg';
import { startPostgresServer, startRedisServer, type TestPostgresServer, type TestRedisServer } from '../src';

/** The throwaway servers that outage tests stop and restart: what survives a restart and what does not. */
describe('throwaway servers', () => {
  describe('startPostgresServer', () => {
    let server: TestPostgresServer;
    beforeAll(async () => {
      server = await startPostgresServer();
    }, 60_000);
    afterAll(() => server?.destroy());

    const query = async (sql: string) => {
      const client = new Client({ connectionString: server.databaseUrl('postgres'), connectionTimeoutMillis: 1000 });
      client.on('error', () => undefined);
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    };

    it('refuses connections while stopped and keeps its data across a restart', async () => {
      await query('CREATE TABLE kept (value text)');
      await query(`INSERT INTO kept VALUES ('still here')`);
      await server.stop();
      await expect(query('SELECT 1')).rejects.toThrow();
      await server.restart();
      expect(await query('SELECT value FROM kept')).toEqual([{ value: 'still here' }]);
    });
  });

  describe('startRedisServer', () => {
    let server: TestRedisServer;
    beforeAll(async () => {
      server = await startRedisServer();
    });
    afterAll(() => server?.destroy());

    it('comes back empty after a restart, as Redis without persistence does', async () => {
      const redis = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
      redis.on('error', () => undefined);
      await redis.connect();
      await redis.set('key', 'value', 'EX', 60);
      expect(await redis.get('key')).toBe('value');
      redis.disconnect();

      await server.stop();
      await server.restart();
      const again = new Redis(server.url, { lazyConnect: true });
      await again.connect();
      try {
        expect(await again.get('key')).toBeNull();
      } finally {
        again.disconnect();
      }
    });
  });
});
