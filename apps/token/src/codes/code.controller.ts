import { Controller } from '@nestjs/common';
import { TOKEN_CODE_MINT, type ValidRequestOf } from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { CodeStore } from './code.store';

@Controller()
export class CodeController {
  constructor(private readonly codes: CodeStore) {}

  /** The authorize service, once the user has signed in and consented. */
  @Handles(TOKEN_CODE_MINT)
  async mint(request: ValidRequestOf<typeof TOKEN_CODE_MINT>) {
    return { code: await this.codes.mint(request) };
  }
}
