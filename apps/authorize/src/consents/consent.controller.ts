import { Controller } from '@nestjs/common';
import {
  AUTHORIZE_AUTHORIZED_APP_REVOKE,
  AUTHORIZE_AUTHORIZED_APPS_LIST,
  AUTHORIZE_CONSENT_REVOKE,
  AUTHORIZE_CONSENTS_LIST,
  type ValidRequestOf,
} from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { AuthorizedAppsService } from './authorized-apps.service';
import { ConsentService } from './consent.service';

@Controller()
export class ConsentController {
  constructor(
    private readonly consents: ConsentService,
    private readonly authorizedApps: AuthorizedAppsService,
  ) {}

  @Handles(AUTHORIZE_CONSENTS_LIST)
  async list(request: ValidRequestOf<typeof AUTHORIZE_CONSENTS_LIST>) {
    return { consents: await this.consents.listForExistingUser(request.userId) };
  }

  @Handles(AUTHORIZE_CONSENT_REVOKE)
  revoke(request: ValidRequestOf<typeof AUTHORIZE_CONSENT_REVOKE>) {
    return this.consents.revokeOrFail(request.userId, request.clientId);
  }

  @Handles(AUTHORIZE_AUTHORIZED_APPS_LIST)
  listAuthorizedApps(request: ValidRequestOf<typeof AUTHORIZE_AUTHORIZED_APPS_LIST>) {
    return this.authorizedApps.list(request.browser, request.returnTo);
  }

  @Handles(AUTHORIZE_AUTHORIZED_APP_REVOKE)
  revokeAuthorizedApp(request: ValidRequestOf<typeof AUTHORIZE_AUTHORIZED_APP_REVOKE>) {
    return this.authorizedApps.revoke(request.browser, request.csrfToken, request.clientId);
  }
}
