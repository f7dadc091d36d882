import { Controller } from '@nestjs/common';
import { USERINFO_USERINFO_GET, type ValidRequestOf } from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { UserinfoService } from './userinfo.service';

@Controller()
export class UserinfoController {
  constructor(private readonly userinfo: UserinfoService) {}

  /** The gateway's /oauth/userinfo. */
  @Handles(USERINFO_USERINFO_GET)
  async get({ accessToken }: ValidRequestOf<typeof USERINFO_USERINFO_GET>) {
    return this.userinfo.userInfo(accessToken);
  }
}
