import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ACCOUNTS_USER_CREATE,
  ACCOUNTS_USER_DELETE,
  ACCOUNTS_USER_GET,
  ACCOUNTS_USER_LIST,
  ACCOUNTS_USER_MEMBERSHIPS_LIST,
  ACCOUNTS_USER_PASSWORD_VERIFY,
  ACCOUNTS_USER_UPDATE,
  createUserRequest,
  listUserMembershipsRequest,
  listUsersRequest,
  updateUserFields,
  verifyUserPasswordRequest,
} from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import { AdminApi } from '../admin-api.decorator';
import { toClerkMembership } from '../organizations/organization-object';
import { bodyParams, pathId, queryParams, readAdminInput } from './admin-input';
import { deletedObject, listOf, toClerkUser } from './user-object';

/** Clerk's `email_address` parameter is a list of addresses: the contract's `emailAddresses`. */
const EMAIL_ADDRESS = { email_address: 'emailAddresses' } as const;

/** Clerk's Backend API `/v1/users`, served by the accounts service. */
@Controller('v1/users')
@AdminApi()
export class UsersController {
  constructor(private readonly rpc: RpcClient) {}

  /** Clerk answers a create with 200 and the user. */
  @Post()
  @HttpCode(200)
  async create(@Body() body: unknown) {
    const request = readAdminInput(bodyParams(body), createUserRequest, EMAIL_ADDRESS);
    return toClerkUser(await this.rpc.send(ACCOUNTS_USER_CREATE, request));
  }

  @Get()
  async list(@Query() query: unknown) {
    const request = readAdminInput(queryParams(query, ['email_address']), listUsersRequest, EMAIL_ADDRESS);
    return listOf(await this.rpc.send(ACCOUNTS_USER_LIST, request), toClerkUser);
  }

  @Get(':userId')
  async get(@Param('userId') userId: string) {
    return toClerkUser(await this.rpc.send(ACCOUNTS_USER_GET, { userId: pathId(userId) }));
  }

  @Patch(':userId')
  async update(@Param('userId') userId: string, @Body() body: unknown) {
    const fields = readAdminInput(bodyParams(body), updateUserFields);
    return toClerkUser(await this.rpc.send(ACCOUNTS_USER_UPDATE, { ...fields, userId: pathId(userId) }));
  }

  @Delete(':userId')
  async delete(@Param('userId') userId: string) {
    const { id } = await this.rpc.send(ACCOUNTS_USER_DELETE, { userId: pathId(userId) });
    return deletedObject('user', id);
  }

  /** `{verified: true}`, or 422 `form_password_incorrect`. */
  @Post(':userId/verify_password')
  @HttpCode(200)
  async verifyPassword(@Param('userId') userId: string, @Body() body: unknown) {
    const { password } = readAdminInput(bodyParams(body), verifyUserPasswordRequest.omit({ userId: true }));
    return this.rpc.send(ACCOUNTS_USER_PASSWORD_VERIFY, { userId: pathId(userId), password });
  }

  @Get(':userId/organization_memberships')
  async memberships(@Param('userId') userId: string, @Query() query: unknown) {
    const page = readAdminInput(queryParams(query), listUserMembershipsRequest.omit({ userId: true }));
    return listOf(
      await this.rpc.send(ACCOUNTS_USER_MEMBERSHIPS_LIST, { ...page, userId: pathId(userId) }),
      toClerkMembership,
    );
  }
}
