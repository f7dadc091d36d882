import { Controller, Get, Query } from '@nestjs/common';
import { ACCOUNTS_AUDIT_LOG_LIST, listAuditLogRequest } from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import { AdminApi } from '../admin-api.decorator';
import { queryParams, readAdminInput } from '../users/admin-input';
import { listOf } from '../users/user-object';
import { toAuditLogEntry } from './audit-log-entry.presenter';

/** `type` may be repeated (`type=user.created&type=user.deleted`): the contract's `types`. */
const TYPE = { type: 'types' } as const;
const TIME_PARAMS = ['since', 'until'];

/**
 * `GET /v1/audit_log`: every domain event, newest first, recorded by the accounts service. Filters: `type`,
 * `user_id`, `client_id`, `since` (inclusive) and `until` (exclusive) in Unix milliseconds; `limit`/`offset`.
 */
@Controller('v1/audit_log')
@AdminApi()
export class AuditLogController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  async list(@Query() query: unknown) {
    const params = queryParams(query, ['type']);
    for (const name of TIME_PARAMS) {
      if (typeof params[name] === 'string' && /^\d{1,15}$/.test(params[name])) params[name] = Number(params[name]);
    }
    const request = readAdminInput(params, listAuditLogRequest, TYPE);
    return listOf(await this.rpc.send(ACCOUNTS_AUDIT_LOG_LIST, request), toAuditLogEntry);
  }
}
