import { Controller } from '@nestjs/common';
import { REGISTRY_CLIENT_REGISTER, type ValidRequestOf } from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { RegistrationService } from './registration.service';

/** Dynamic Client Registration, as the gateway's POST /oauth/register sends it. */
@Controller()
export class RegistrationController {
  constructor(private readonly registration: RegistrationService) {}

  @Handles(REGISTRY_CLIENT_REGISTER)
  async register(request: ValidRequestOf<typeof REGISTRY_CLIENT_REGISTER>) {
    return this.registration.register(request);
  }
}
