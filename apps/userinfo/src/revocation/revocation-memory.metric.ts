import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthRegistry } from '@tessera/health';
import { RevokedGrantsMemory } from './revoked-grants.memory';

/**
 * Serves the state of the process's revocation memory on /metrics: whether it answers (1) or Redis does (0), and
 * how many revocations it holds. A replica that stays at 0 is checking every JWT in Redis.
 */
@Injectable()
export class RevocationMemoryMetric implements OnModuleInit {
  constructor(
    private readonly memory: RevokedGrantsMemory,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.registerGauge({
      name: 'tessera_userinfo_revocation_memory_trusted',
      help: 'Whether this process answers revocation checks from its own memory (1) or from Redis (0)',
      read: async () => (this.memory.isTrusted() ? 1 : 0),
    });
    this.health.registerGauge({
      name: 'tessera_userinfo_revocations_remembered',
      help: 'Revoked grants this process remembers (those whose access tokens may still be unexpired)',
      read: async () => this.memory.size,
    });
  }
}
