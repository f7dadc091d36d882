import { Controller } from '@nestjs/common';
import { AUTHORIZE_REQUEST_START, type ValidRequestOf } from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { AuthorizeService } from './authorize.service';

@Controller()
export class AuthorizeController {
  constructor(private readonly authorize: AuthorizeService) {}

  @Handles(AUTHORIZE_REQUEST_START)
  start(request: ValidRequestOf<typeof AUTHORIZE_REQUEST_START>) {
    return this.authorize.start(request);
  }
}
