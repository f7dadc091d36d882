import { Controller } from '@nestjs/common';
import {
  REGISTRY_APPLICATION_CREATE,
  REGISTRY_APPLICATION_DELETE,
  REGISTRY_APPLICATION_GET,
  REGISTRY_APPLICATION_LIST,
  REGISTRY_APPLICATION_ROTATE_SECRET,
  REGISTRY_APPLICATION_UPDATE,
  type ValidRequestOf,
} from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { ApplicationsService } from './applications.service';

/** The admin API's OAuth application operations, as the gateway's /v1/oauth_applications sends them. */
@Controller()
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Handles(REGISTRY_APPLICATION_CREATE)
  async create(request: ValidRequestOf<typeof REGISTRY_APPLICATION_CREATE>) {
    return this.applications.create(request);
  }

  @Handles(REGISTRY_APPLICATION_LIST)
  async list(request: ValidRequestOf<typeof REGISTRY_APPLICATION_LIST>) {
    return this.applications.list(request);
  }

  @Handles(REGISTRY_APPLICATION_GET)
  async get({ id }: ValidRequestOf<typeof REGISTRY_APPLICATION_GET>) {
    return this.applications.get(id);
  }

  @Handles(REGISTRY_APPLICATION_UPDATE)
  async update(request: ValidRequestOf<typeof REGISTRY_APPLICATION_UPDATE>) {
    return this.applications.update(request);
  }

  @Handles(REGISTRY_APPLICATION_DELETE)
  async delete({ id }: ValidRequestOf<typeof REGISTRY_APPLICATION_DELETE>) {
    return this.applications.delete(id);
  }

  @Handles(REGISTRY_APPLICATION_ROTATE_SECRET)
  async rotateSecret({ id }: ValidRequestOf<typeof REGISTRY_APPLICATION_ROTATE_SECRET>) {
    return this.applications.rotateSecret(id);
  }
}
