import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** How many random ports below the ephemeral range are tried before asking the kernel for one. */
const ATTEMPTS = 50;
/** The width of the band of ports below the ephemeral range that the picks come from. */
const BAND = 12_000;

/**
 * A TCP port that was free a moment ago on every interface, for a server a test starts next.
 *
 * The port is picked at random below the kernel's ephemeral range (`net.ipv4.ip_local_port_range`, 32768–60999
 * by default), not by listening on port 0: the kernel takes port-0 listeners from that same range as the source
 * ports of outgoing connections, so between this check and the server's own `listen` any client connection of a
 * parallel test could be given the port (a gateway of the resilience tests once failed with EADDRINUSE that way).
 * Below the range only another listener can take it, and those pick at random from a band of 12 000 ports.
 */
export async function freePort(): Promise<number> {
  const lowestEphemeral = ephemeralRangeStart();
  const bandStart = Math.max(1024, lowestEphemeral - BAND);
  if (lowestEphemeral - bandStart >= 1000) {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const port = bandStart + Math.floor(Math.random() * (lowestEphemeral - bandStart));
      if (await canListen(port)) return port;
    }
  }
  return kernelAssignedPort();
}

function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const parsed = Number(low);
    return Number.isInteger(parsed) && parsed > 1024 ? parsed : 32768;
  } catch {
    return 32768; // not Linux: the IANA dynamic range starts at 49152, so below 32768 is outside it too
  }
}

/** Listening on the wildcard address conflicts with a listener on any address, so it checks them all. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

function kernelAssignedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
