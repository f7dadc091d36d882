import { Controller } from '@nestjs/common';
import {
  ACCOUNTS_ORGANIZATION_CREATE,
  ACCOUNTS_ORGANIZATION_DELETE,
  ACCOUNTS_ORGANIZATION_GET,
  ACCOUNTS_ORGANIZATION_LIST,
  ACCOUNTS_ORGANIZATION_UPDATE,
  type ValidRequestOf,
} from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { OrganizationService } from './organization.service';

/** The admin API's organizations (/v1/organizations), over NATS. */
@Controller()
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationService) {}

  @Handles(ACCOUNTS_ORGANIZATION_CREATE)
  create(request: ValidRequestOf<typeof ACCOUNTS_ORGANIZATION_CREATE>) {
    return this.organizations.create(request);
  }

  @Handles(ACCOUNTS_ORGANIZATION_LIST)
  list(request: ValidRequestOf<typeof ACCOUNTS_ORGANIZATION_LIST>) {
    return this.organizations.list(request);
  }

  @Handles(ACCOUNTS_ORGANIZATION_GET)
  get(request: ValidRequestOf<typeof ACCOUNTS_ORGANIZATION_GET>) {
    return this.organizations.get(request.organizationId);
  }

  @Handles(ACCOUNTS_ORGANIZATION_UPDATE)
  update(request: ValidRequestOf<typeof ACCOUNTS_ORGANIZATION_UPDATE>) {
    return this.organizations.update(request);
  }

  @Handles(ACCOUNTS_ORGANIZATION_DELETE)
  delete(request: ValidRequestOf<typeof ACCOUNTS_ORGANIZATION_DELETE>) {
    return this.organizations.delete(request.organizationId);
  }
}
