import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { RunningConsumer } from './event-consumer';

/**
 * A Nest provider that runs one event consumer for the life of the application: started once every module is
 * ready, and stopped in `onModuleDestroy` — before the shutdown hooks close the NATS connection, the database and
 * Redis — so that an event being handled finishes (or is left unacknowledged for redelivery) while they are still
 * there. Subclasses say how to start theirs.
 */
export abstract class ConsumerLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private running?: RunningConsumer;

  /** startEventConsumer, startDeletionConsumer, watchClientChanges, … with the subclass's handler. */
  protected abstract startConsumer(): Promise<RunningConsumer>;

  async onApplicationBootstrap(): Promise<void> {
    this.running = await this.startConsumer();
  }

  async onModuleDestroy(): Promise<void> {
    await this.running?.stop();
  }
}
