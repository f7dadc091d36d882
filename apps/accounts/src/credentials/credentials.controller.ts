import { Controller } from '@nestjs/common';
import { ACCOUNTS_CREDENTIALS_VERIFY, type ValidRequestOf } from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { CredentialsService } from './credentials.service';

@Controller()
export class CredentialsController {
  constructor(private readonly credentials: CredentialsService) {}

  @Handles(ACCOUNTS_CREDENTIALS_VERIFY)
  verify(request: ValidRequestOf<typeof ACCOUNTS_CREDENTIALS_VERIFY>) {
    return this.credentials.verify(request.identifier, request.password);
  }
}
