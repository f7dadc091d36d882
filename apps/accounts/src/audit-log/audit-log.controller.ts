import { Controller } from '@nestjs/common';
import { ACCOUNTS_AUDIT_LOG_LIST, type ValidRequestOf } from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { AuditLogRepository } from './audit-log.repository';

/** The admin API's audit log (/v1/audit_log), over NATS. */
@Controller()
export class AuditLogController {
  constructor(private readonly auditLog: AuditLogRepository) {}

  @Handles(ACCOUNTS_AUDIT_LOG_LIST)
  list(request: ValidRequestOf<typeof ACCOUNTS_AUDIT_LOG_LIST>) {
    return this.auditLog.list(request);
  }
}
