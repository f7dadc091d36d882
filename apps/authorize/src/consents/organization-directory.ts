import { Injectable } from '@nestjs/common';
import { ACCOUNTS_USER_ORGANIZATIONS_LIST, type OrganizationSummary } from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import { ORGANIZATION_SCOPE } from './consent-decision';

/** The user's organizations, asked of the accounts service only when the request wants one bound. */
@Injectable()
export class OrganizationDirectory {
  constructor(private readonly rpc: RpcClient) {}

  async forScopes(userId: string, scopes: readonly string[]): Promise<OrganizationSummary[]> {
    if (!scopes.includes(ORGANIZATION_SCOPE)) return [];
    return (await this.rpc.send(ACCOUNTS_USER_ORGANIZATIONS_LIST, { userId })).organizations;
  }
}
