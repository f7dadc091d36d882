import { TESSERA_APPS, type TesseraApp } from '@tessera/launcher';
import { e2e } from '../../support/e2e-env';

type ServiceStatus = Record<string, { status: string; pid?: number }>;

/** The gateway's view of every service (its /status page): each must be up. */
async function serviceStatus(): Promise<ServiceStatus> {
  const response = await fetch(`${e2e.healthUrl('gateway')}/status`);
  if (response.status !== 200) throw new Error(`gateway /status answered ${response.status}`);
  return (await response.json()) as ServiceStatus;
}

/**
 * Every process of the stack alive and answering: each one's /healthz, and the gateway's /status reaching each
 * service over NATS. Returns the services' process ids, so that a test can also show that none was replaced.
 */
export async function expectStackAlive(): Promise<Record<string, number | undefined>> {
  for (const app of TESSERA_APPS) await expectAlive(app);
  const status = await serviceStatus();
  const down = Object.entries(status).filter(([, service]) => service.status !== 'up');
  if (down.length) throw new Error(`services down after the test: ${JSON.stringify(down)}`);
  return Object.fromEntries(Object.entries(status).map(([name, service]) => [name, service.pid]));
}

/** /healthz answers 200 within a few seconds (a process busy with the previous test may answer late). */
async function expectAlive(app: TesseraApp): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const outcome = await fetch(`${e2e.healthUrl(app)}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => String(response.status),
      (error: { message?: string; cause?: { code?: string } }) =>
        `${error.message} (${error.cause?.code ?? 'no cause'})`,
    );
    if (outcome === '200') return;
    if (Date.now() > deadline) throw new Error(`${app} is not alive: /healthz answered ${outcome}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
