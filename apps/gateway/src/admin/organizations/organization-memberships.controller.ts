import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ACCOUNTS_MEMBERSHIP_CREATE,
  ACCOUNTS_MEMBERSHIP_DELETE,
  ACCOUNTS_MEMBERSHIP_LIST,
  ACCOUNTS_MEMBERSHIP_UPDATE,
  createMembershipRequest,
  listOrganizationMembershipsRequest,
  updateMembershipRequest,
} from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import { AdminApi } from '../admin-api.decorator';
import { bodyParams, pathId, queryParams, readAdminInput } from '../users/admin-input';
import { listOf } from '../users/user-object';
import { toClerkMembership } from './organization-object';

/** Clerk's Backend API `/v1/organizations/{id}/memberships`. */
@Controller('v1/organizations/:organizationId/memberships')
@AdminApi()
export class OrganizationMembershipsController {
  constructor(private readonly rpc: RpcClient) {}

  /** `{user_id, role}`: adds the user to the organization. */
  @Post()
  @HttpCode(200)
  async create(@Param('organizationId') organizationId: string, @Body() body: unknown) {
    const fields = readAdminInput(bodyParams(body), createMembershipRequest.omit({ organizationId: true }));
    return toClerkMembership(
      await this.rpc.send(ACCOUNTS_MEMBERSHIP_CREATE, { ...fields, organizationId: pathId(organizationId) }),
    );
  }

  @Get()
  async list(@Param('organizationId') organizationId: string, @Query() query: unknown) {
    const page = readAdminInput(queryParams(query), listOrganizationMembershipsRequest.omit({ organizationId: true }));
    return listOf(
      await this.rpc.send(ACCOUNTS_MEMBERSHIP_LIST, { ...page, organizationId: pathId(organizationId) }),
      toClerkMembership,
    );
  }

  /** `{role}`: changes the member's role. */
  @Patch(':userId')
  async update(
    @Param('organizationId') organizationId: string,
    @Param('userId') userId: string,
    @Body() body: unknown,
  ) {
    const { role } = readAdminInput(
      bodyParams(body),
      updateMembershipRequest.omit({ organizationId: true, userId: true }),
    );
    return toClerkMembership(
      await this.rpc.send(ACCOUNTS_MEMBERSHIP_UPDATE, {
        organizationId: pathId(organizationId),
        userId: pathId(userId),
        role,
      }),
    );
  }

  /** Removes the member; answers the membership as it was. */
  @Delete(':userId')
  async delete(@Param('organizationId') organizationId: string, @Param('userId') userId: string) {
    return toClerkMembership(
      await this.rpc.send(ACCOUNTS_MEMBERSHIP_DELETE, {
        organizationId: pathId(organizationId),
        userId: pathId(userId),
      }),
    );
  }
}
