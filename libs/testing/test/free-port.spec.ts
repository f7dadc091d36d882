import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { freePort } from '../src';

const listen = (port: number, host: string) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('freePort', () => {
  const lowestEphemeral = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);

  it('gives a port below the ephemeral range that a server can listen on, on every interface', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(1024);
      expect(port).toBeLessThan(lowestEphemeral);
    }
    const server = await listen(ports[0], '0.0.0.0');
    await close(server);
  });

  it.each(['0.0.0.0', '127.0.0.1'])('passes over a port someone listens on at %s', async (host) => {
    const bandStart = Math.max(1024, lowestEphemeral - 12_000);
    const pickOf = (port: number) => (port - bandStart + 0.5) / (lowestEphemeral - bandStart);
    const busyPort = await freePort();
    const busy = await listen(busyPort, host);
    const nextPort = await freePort();
    // The first random pick lands on the busy port, the second on one that is free.
    const random = jest
      .spyOn(Math, 'random')
      .mockReturnValueOnce(pickOf(busyPort))
      .mockReturnValueOnce(pickOf(nextPort));
    try {
      const port = await freePort();
      expect(random).toHaveBeenCalledTimes(2);
      expect(port).toBe(nextPort);
    } finally {
      random.mockRestore();
      await close(busy);
    }
  });
});
