import { Controller } from '@nestjs/common';
import {
  AUTHORIZE_CONSENT_SUBMIT,
  AUTHORIZE_INTERACTION_GET,
  AUTHORIZE_SIGN_IN_SUBMIT,
  type ValidRequestOf,
} from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { InteractionService } from './interaction.service';

@Controller()
export class InteractionController {
  constructor(private readonly interactions: InteractionService) {}

  @Handles(AUTHORIZE_INTERACTION_GET)
  page(request: ValidRequestOf<typeof AUTHORIZE_INTERACTION_GET>) {
    return this.interactions.page(request.interactionId, request.browser);
  }

  @Handles(AUTHORIZE_SIGN_IN_SUBMIT)
  submitSignIn(request: ValidRequestOf<typeof AUTHORIZE_SIGN_IN_SUBMIT>) {
    return this.interactions.submitSignIn(request);
  }

  @Handles(AUTHORIZE_CONSENT_SUBMIT)
  submitConsent(request: ValidRequestOf<typeof AUTHORIZE_CONSENT_SUBMIT>) {
    return this.interactions.submitConsent(request);
  }
}
