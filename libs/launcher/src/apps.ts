/** Every Tessera process, services first so that the gateway finds them answering. */
export const TESSERA_APPS = ['accounts', 'client-registry', 'token', 'authorize', 'userinfo', 'gateway'] as const;
export type TesseraApp = (typeof TESSERA_APPS)[number];

/** Default probe ports (HEALTH_PORT) per process; documented in the README's configuration table. */
export const DEFAULT_HEALTH_PORTS: Record<TesseraApp, number> = {
  gateway: 9400,
  authorize: 9401,
  token: 9402,
  userinfo: 9403,
  accounts: 9404,
  'client-registry': 9405,
};

/** HEALTH_PORT_BASE moves the whole block of probe ports (base+0 … base+5, in the order above). */
export function healthPortsFrom(base: number): Record<TesseraApp, number> {
  const offset = base - DEFAULT_HEALTH_PORTS.gateway;
  return Object.fromEntries(Object.entries(DEFAULT_HEALTH_PORTS).map(([app, port]) => [app, port + offset])) as Record<
    TesseraApp,
    number
  >;
}
