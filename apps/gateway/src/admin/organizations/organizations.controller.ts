import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ACCOUNTS_ORGANIZATION_CREATE,
  ACCOUNTS_ORGANIZATION_DELETE,
  ACCOUNTS_ORGANIZATION_GET,
  ACCOUNTS_ORGANIZATION_LIST,
  ACCOUNTS_ORGANIZATION_UPDATE,
  createOrganizationRequest,
  listOrganizationsRequest,
  updateOrganizationFields,
} from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import { AdminApi } from '../admin-api.decorator';
import { bodyParams, pathId, queryParams, readAdminInput } from '../users/admin-input';
import { deletedObject, listOf } from '../users/user-object';
import { toClerkOrganization } from './organization-object';

/** Clerk's Backend API `/v1/organizations`, served by the accounts service. */
@Controller('v1/organizations')
@AdminApi()
export class OrganizationsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @HttpCode(200)
  async create(@Body() body: unknown) {
    const request = readAdminInput(bodyParams(body), createOrganizationRequest);
    return toClerkOrganization(await this.rpc.send(ACCOUNTS_ORGANIZATION_CREATE, request));
  }

  @Get()
  async list(@Query() query: unknown) {
    const request = readAdminInput(queryParams(query), listOrganizationsRequest);
    return listOf(await this.rpc.send(ACCOUNTS_ORGANIZATION_LIST, request), toClerkOrganization);
  }

  /** By id or by slug, as in Clerk. */
  @Get(':organizationId')
  async get(@Param('organizationId') organizationId: string) {
    return toClerkOrganization(
      await this.rpc.send(ACCOUNTS_ORGANIZATION_GET, { organizationId: pathId(organizationId) }),
    );
  }

  @Patch(':organizationId')
  async update(@Param('organizationId') organizationId: string, @Body() body: unknown) {
    const fields = readAdminInput(bodyParams(body), updateOrganizationFields);
    return toClerkOrganization(
      await this.rpc.send(ACCOUNTS_ORGANIZATION_UPDATE, { ...fields, organizationId: pathId(organizationId) }),
    );
  }

  @Delete(':organizationId')
  async delete(@Param('organizationId') organizationId: string) {
    const { id } = await this.rpc.send(ACCOUNTS_ORGANIZATION_DELETE, { organizationId: pathId(organizationId) });
    return deletedObject('organization', id);
  }
}
