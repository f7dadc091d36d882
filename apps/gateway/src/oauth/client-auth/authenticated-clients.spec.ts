import type { ClientView } from '@tessera/contracts';
import { AuthenticatedClients } from './authenticated-clients';
import type { PresentedCredentials } from './client-credentials';

const view = { clientId: 'client_a', public: false } as ClientView;
const basic: PresentedCredentials = { method: 'client_secret_basic', clientId: 'client_a', clientSecret: 's3cret' };

describe('AuthenticatedClients', () => {
  it('recalls a client only for the very credentials that succeeded', () => {
    const clients = new AuthenticatedClients();
    expect(clients.recall(basic)).toBeUndefined();
    clients.remember(basic, view);
    expect(clients.recall(basic)).toBe(view);
    expect(clients.recall({ ...basic, clientSecret: 's3cres' })).toBeUndefined();
    expect(clients.recall({ ...basic, clientSecret: undefined })).toBeUndefined();
    expect(clients.recall({ ...basic, method: 'client_secret_post' })).toBeUndefined();
    expect(clients.recall({ ...basic, clientId: 'client_b' })).toBeUndefined();
  });

  it('forgets after its TTL, and when told to', () => {
    let now = 1_000;
    const clients = new AuthenticatedClients(5_000, () => now);
    clients.remember(basic, view);
    now += 4_999;
    expect(clients.recall(basic)).toBe(view);
    now += 1;
    expect(clients.recall(basic)).toBeUndefined();

    clients.remember(basic, view);
    clients.forget('client_a');
    expect(clients.recall(basic)).toBeUndefined();
    clients.remember(basic, view);
    clients.forgetAll();
    expect(clients.recall(basic)).toBeUndefined();
  });

  it('holds a digest of the secret, never the secret', () => {
    const clients = new AuthenticatedClients();
    clients.remember(basic, view);
    expect(
      JSON.stringify([...(clients as unknown as { entries: { entries: Map<string, unknown> } }).entries.entries]),
    ).not.toContain('s3cret');
  });
});
