import { Controller } from '@nestjs/common';
import {
  ACCOUNTS_USER_CREATE,
  ACCOUNTS_USER_DELETE,
  ACCOUNTS_USER_GET,
  ACCOUNTS_USER_LIST,
  ACCOUNTS_USER_PASSWORD_VERIFY,
  ACCOUNTS_USER_UPDATE,
  type ValidRequestOf,
} from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { UserService } from './user.service';

/** The admin API's users (/v1/users), over NATS. */
@Controller()
export class UsersController {
  constructor(private readonly users: UserService) {}

  @Handles(ACCOUNTS_USER_CREATE)
  create(request: ValidRequestOf<typeof ACCOUNTS_USER_CREATE>) {
    return this.users.create(request);
  }

  @Handles(ACCOUNTS_USER_LIST)
  list(request: ValidRequestOf<typeof ACCOUNTS_USER_LIST>) {
    return this.users.list(request);
  }

  @Handles(ACCOUNTS_USER_GET)
  get(request: ValidRequestOf<typeof ACCOUNTS_USER_GET>) {
    return this.users.get(request.userId);
  }

  @Handles(ACCOUNTS_USER_UPDATE)
  update(request: ValidRequestOf<typeof ACCOUNTS_USER_UPDATE>) {
    return this.users.update(request);
  }

  @Handles(ACCOUNTS_USER_DELETE)
  delete(request: ValidRequestOf<typeof ACCOUNTS_USER_DELETE>) {
    return this.users.delete(request.userId);
  }

  @Handles(ACCOUNTS_USER_PASSWORD_VERIFY)
  verifyPassword(request: ValidRequestOf<typeof ACCOUNTS_USER_PASSWORD_VERIFY>) {
    return this.users.verifyPassword(request.userId, request.password);
  }
}
