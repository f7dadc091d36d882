import { Inject, Injectable } from '@nestjs/common';
import { ConsumerLifecycle, type RunningConsumer } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { NATS_CONNECTION } from '@tessera/nats';
import type { NatsConnection } from 'nats';
import { ACCOUNTS_LOGGER } from '../accounts.logger';
import { startCatalogConsumer } from '../events/catalog-consumer';
import { AuditLogRepository } from './audit-log.repository';

export const AUDIT_LOG_CONSUMER = 'accounts-audit-log';

/**
 * Writes every event of the stream to the audit log. The accounts service keeps it because it already serves
 * the admin API's data and owns a schema: no new process to run. A durable consumer: an accounts outage only
 * delays the log (the stream keeps 30 days), and redelivered events are dropped by the primary key.
 */
@Injectable()
export class AuditLogRecorder extends ConsumerLifecycle {
  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    private readonly auditLog: AuditLogRepository,
    @Inject(ACCOUNTS_LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  protected startConsumer(): Promise<RunningConsumer> {
    return startCatalogConsumer(
      this.connection,
      AUDIT_LOG_CONSUMER,
      (event) => this.auditLog.record(event),
      this.logger,
    );
  }
}
