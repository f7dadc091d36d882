import { Controller } from '@nestjs/common';
import {
  ACCOUNTS_MEMBERSHIP_CREATE,
  ACCOUNTS_MEMBERSHIP_DELETE,
  ACCOUNTS_MEMBERSHIP_LIST,
  ACCOUNTS_MEMBERSHIP_UPDATE,
  ACCOUNTS_USER_MEMBERSHIPS_LIST,
  type ValidRequestOf,
} from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { MembershipService } from './membership.service';

/** The admin API's organization memberships, over NATS. */
@Controller()
export class MembershipsController {
  constructor(private readonly memberships: MembershipService) {}

  @Handles(ACCOUNTS_MEMBERSHIP_CREATE)
  create(request: ValidRequestOf<typeof ACCOUNTS_MEMBERSHIP_CREATE>) {
    return this.memberships.create(request.organizationId, request.userId, request.role);
  }

  @Handles(ACCOUNTS_MEMBERSHIP_UPDATE)
  update(request: ValidRequestOf<typeof ACCOUNTS_MEMBERSHIP_UPDATE>) {
    return this.memberships.updateRole(request.organizationId, request.userId, request.role);
  }

  @Handles(ACCOUNTS_MEMBERSHIP_DELETE)
  delete(request: ValidRequestOf<typeof ACCOUNTS_MEMBERSHIP_DELETE>) {
    return this.memberships.delete(request.organizationId, request.userId);
  }

  @Handles(ACCOUNTS_MEMBERSHIP_LIST)
  listForOrganization(request: ValidRequestOf<typeof ACCOUNTS_MEMBERSHIP_LIST>) {
    return this.memberships.listForOrganization(request);
  }

  @Handles(ACCOUNTS_USER_MEMBERSHIPS_LIST)
  listForUser(request: ValidRequestOf<typeof ACCOUNTS_USER_MEMBERSHIPS_LIST>) {
    return this.memberships.listForUser(request.userId, request);
  }
}
