import { Controller, type Type } from '@nestjs/common';
import { PING_SUBJECTS, type ServiceName } from '@tessera/contracts';
import { Handles } from '@tessera/nats';

/** Each service answers its own ping subject: readiness checks and the end-to-end smoke test use it. */
export function pingControllerFor(service: ServiceName): Type<unknown> {
  const subject = PING_SUBJECTS[service];

  @Controller()
  class PingController {
    @Handles(subject)
    async ping() {
      return { service, pid: process.pid, uptimeSeconds: process.uptime() };
    }
  }
  return PingController;
}
