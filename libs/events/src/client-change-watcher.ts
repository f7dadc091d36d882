import type { InjectionToken, Provider } from '@nestjs/common';
import { eventCatalog } from '@tessera/contracts';
import type { Logger } from '@tessera/logging';
import { NATS_CONNECTION } from '@tessera/nats';
import type { NatsConnection } from 'nats';
import { ConsumerLifecycle } from './consumer-lifecycle';
import type { RunningConsumer } from './event-consumer';
import { watchChanges } from './change-watcher';

/** The server-side filter; the wanted types are picked from what it matches (see watchChanges). */
const APPLICATION_EVENTS = 'events.registry.oauth_application.>';
/** The changes after which what a process remembers of a client (its secret, its settings) may be wrong. */
const CLIENT_CHANGES = new Set<string>([
  eventCatalog['oauth_application.updated'].subject,
  eventCatalog['oauth_application.deleted'].subject,
  eventCatalog['oauth_application.secret_rotated'].subject,
]);

/**
 * Calls `onChanged(clientId)` whenever any replica updates, deletes or rotates the secret of an OAuth application:
 * what a per-process client cache (the registry's lookups, the gateway's authentications) listens to, through an
 * ordered consumer of this process's own (see watchChanges).
 */
export function watchClientChanges(options: {
  connection: NatsConnection;
  onChanged: (clientId: string) => void;
  logger: Logger;
}): Promise<RunningConsumer> {
  const { connection, onChanged, logger } = options;
  return watchChanges({
    connection,
    filterSubject: APPLICATION_EVENTS,
    subjects: CLIENT_CHANGES,
    onChange: (subject, { clientId }) => {
      if (typeof clientId === 'string') onChanged(clientId);
      else logger.warn({ subject }, 'application event without a client id; ignored');
    },
    logger,
  });
}

/**
 * Keeps a per-process client cache honest for the life of the application: `onChanged` runs for every update,
 * deletion or secret rotation of any application (see watchClientChanges). Registered with clientChangeListener.
 */
export class ClientChangeListener extends ConsumerLifecycle {
  constructor(
    private readonly connection: NatsConnection,
    private readonly onChanged: (clientId: string) => void,
    private readonly logger: Logger,
  ) {
    super();
  }

  protected startConsumer(): Promise<RunningConsumer> {
    const { connection, onChanged, logger } = this;
    return watchClientChanges({ connection, onChanged, logger });
  }
}

/**
 * The Nest provider of a service's ClientChangeListener: `forget(cache, clientId)` is called on the provider
 * `cache` (the service's client cache) for every change; `logger` is the service's logger token.
 */
export function clientChangeListener<T>(options: {
  cache: InjectionToken<T>;
  forget: (cache: T, clientId: string) => void;
  logger: InjectionToken;
}): Provider {
  const { cache, forget, logger } = options;
  return {
    provide: ClientChangeListener,
    inject: [NATS_CONNECTION, cache, logger],
    useFactory: (connection: NatsConnection, instance: T, log: Logger) =>
      new ClientChangeListener(connection, (clientId) => forget(instance, clientId), log),
  };
}
