import { Controller } from '@nestjs/common';
import {
  REGISTRY_AUTHORIZATION_CHECK,
  REGISTRY_CLIENT_AUTHENTICATE,
  REGISTRY_CLIENT_GET,
  type ValidRequestOf,
} from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { AuthorizationCheckService } from './authorization-check.service';
import { ClientAuthenticationService } from './client-authentication.service';
import { ClientDirectory } from './client-directory.service';

/** What the other services ask about clients: look one up, authenticate one, check an authorization request. */
@Controller()
export class ClientsController {
  constructor(
    private readonly directory: ClientDirectory,
    private readonly authentication: ClientAuthenticationService,
    private readonly authorization: AuthorizationCheckService,
  ) {}

  @Handles(REGISTRY_CLIENT_GET)
  async get({ clientId }: ValidRequestOf<typeof REGISTRY_CLIENT_GET>) {
    return this.directory.require(clientId);
  }

  @Handles(REGISTRY_CLIENT_AUTHENTICATE)
  async authenticate(request: ValidRequestOf<typeof REGISTRY_CLIENT_AUTHENTICATE>) {
    return this.authentication.authenticate(request);
  }

  @Handles(REGISTRY_AUTHORIZATION_CHECK)
  async checkAuthorization(request: ValidRequestOf<typeof REGISTRY_AUTHORIZATION_CHECK>) {
    return this.authorization.check(request);
  }
}
