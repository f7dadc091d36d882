import { z } from 'zod';
import { requestContract } from '../contract';
import { clientViewSchema } from './client.contract';

/**
 * The admin API's OAuth application operations (Clerk's /v1/oauth_applications). The gateway checks the JSON
 * shape (types, required fields, lengths) and builds Clerk's object; the registry applies the rules (redirect
 * URIs, known scopes, consent for registered clients) and answers rule violations with `form_param_*` errors
 * whose `param` is the admin API's (snake_case) field name, and `resource_not_found` for an unknown id.
 */

/** An application as the admin API shows it: the client view plus its timestamps (Unix milliseconds). */
export const applicationSchema = clientViewSchema.extend({
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type ApplicationView = z.infer<typeof applicationSchema>;

/** An application with its client secret, shown once (create, rotate_secret); none for public clients. */
export const applicationWithSecretSchema = z.object({
  application: applicationSchema,
  clientSecret: z.string().optional(),
});
export type ApplicationWithSecret = z.infer<typeof applicationWithSecretSchema>;

export const APPLICATION_NAME_MAX = 256;
/** Clerk's limit on the `scopes` string. */
export const APPLICATION_SCOPES_MAX = 1024;
export const REDIRECT_URI_MAX = 2048;
export const REDIRECT_URIS_MAX_COUNT = 100;

/** As long as a path segment the gateway accepts, so that any unknown id is a 404, not a malformed message. */
const applicationId = z.string().min(1).max(256);
const redirectUris = z.array(z.string().max(REDIRECT_URI_MAX)).max(REDIRECT_URIS_MAX_COUNT);
const applicationFields = {
  name: z.string().min(1).max(APPLICATION_NAME_MAX),
  redirectUris,
  /** Space-separated, as the admin API takes it; the registry parses and checks it. */
  scopes: z.string().max(APPLICATION_SCOPES_MAX),
  public: z.boolean(),
  consentScreenEnabled: z.boolean(),
  pkceRequired: z.boolean(),
  accessTokenFormat: z.enum(['jwt', 'opaque']),
};

export const createApplicationRequest = z
  .object({
    ...applicationFields,
    redirectUris: redirectUris.default([]),
    scopes: applicationFields.scopes.optional(),
    public: applicationFields.public.default(false),
    consentScreenEnabled: applicationFields.consentScreenEnabled.default(true),
    pkceRequired: applicationFields.pkceRequired.default(false),
    accessTokenFormat: applicationFields.accessTokenFormat.default('jwt'),
  })
  .strict();
export const createApplicationContract = requestContract(createApplicationRequest, applicationWithSecretSchema);

export const updateApplicationRequest = z
  .object({
    id: applicationId,
    name: applicationFields.name.optional(),
    redirectUris: applicationFields.redirectUris.optional(),
    scopes: applicationFields.scopes.optional(),
    public: applicationFields.public.optional(),
    consentScreenEnabled: applicationFields.consentScreenEnabled.optional(),
    pkceRequired: applicationFields.pkceRequired.optional(),
    accessTokenFormat: applicationFields.accessTokenFormat.optional(),
  })
  .strict();
export const updateApplicationContract = requestContract(updateApplicationRequest, applicationSchema);

export const applicationOrderSchema = z.enum(['created_at', '+created_at', '-created_at', 'name', '+name', '-name']);
export type ApplicationOrder = z.infer<typeof applicationOrderSchema>;

export const listApplicationsRequest = z
  .object({
    limit: z.number().int().min(1).max(500).default(10),
    offset: z.number().int().min(0).default(0),
    /** `+` or no sign is ascending, `-` descending; newest first by default. */
    orderBy: applicationOrderSchema.default('-created_at'),
    /** A part of the name (case-insensitive), or an exact client_id. */
    nameQuery: z.string().max(256).optional(),
  })
  .strict();
export const applicationListSchema = z.object({
  data: z.array(applicationSchema),
  totalCount: z.number().int(),
});
export const listApplicationsContract = requestContract(listApplicationsRequest, applicationListSchema);

export const applicationIdRequest = z.object({ id: applicationId }).strict();
export const getApplicationContract = requestContract(applicationIdRequest, applicationSchema);
export const deleteApplicationContract = requestContract(
  applicationIdRequest,
  z.object({ id: z.string(), deleted: z.literal(true) }),
);
/** A new secret replaces the old one at once; `form_param_value_invalid` (param `public`) for public clients. */
export const rotateApplicationSecretContract = requestContract(
  applicationIdRequest,
  applicationWithSecretSchema.extend({ clientSecret: z.string() }),
);
