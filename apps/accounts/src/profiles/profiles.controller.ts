import { Controller } from '@nestjs/common';
import {
  ACCOUNTS_MEMBERSHIP_CHECK,
  ACCOUNTS_USER_ORGANIZATIONS_LIST,
  ACCOUNTS_USER_PROFILE_GET,
  type ValidRequestOf,
} from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { ProfileService } from './profile.service';

/** The questions other services ask about users (token, userinfo, authorize). */
@Controller()
export class ProfilesController {
  constructor(private readonly profiles: ProfileService) {}

  @Handles(ACCOUNTS_USER_PROFILE_GET)
  getProfile(request: ValidRequestOf<typeof ACCOUNTS_USER_PROFILE_GET>) {
    return this.profiles.getProfile(request.userId, request.organizationId);
  }

  @Handles(ACCOUNTS_USER_ORGANIZATIONS_LIST)
  listOrganizations(request: ValidRequestOf<typeof ACCOUNTS_USER_ORGANIZATIONS_LIST>) {
    return this.profiles.listOrganizations(request.userId);
  }

  @Handles(ACCOUNTS_MEMBERSHIP_CHECK)
  checkMembership(request: ValidRequestOf<typeof ACCOUNTS_MEMBERSHIP_CHECK>) {
    return this.profiles.checkMembership(request.userId, request.organizationId);
  }
}
