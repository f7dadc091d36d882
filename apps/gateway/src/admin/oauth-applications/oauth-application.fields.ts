import {
  APPLICATION_NAME_MAX,
  APPLICATION_SCOPES_MAX,
  REDIRECT_URI_MAX,
  REDIRECT_URIS_MAX_COUNT,
} from '@tessera/contracts';
import type { FieldSpec } from './admin-body';

/** The fields POST and PATCH /v1/oauth_applications take (Clerk's, plus `access_token_format`). */
export const oauthApplicationFields = {
  name: { type: 'string', maxLength: APPLICATION_NAME_MAX, notBlank: true },
  redirect_uris: { type: 'string[]', maxItems: REDIRECT_URIS_MAX_COUNT, maxLength: REDIRECT_URI_MAX },
  scopes: { type: 'string', maxLength: APPLICATION_SCOPES_MAX },
  public: { type: 'boolean' },
  consent_screen_enabled: { type: 'boolean' },
  pkce_required: { type: 'boolean' },
  access_token_format: { type: 'enum', values: ['jwt', 'opaque'] },
} as const satisfies Record<string, FieldSpec>;
