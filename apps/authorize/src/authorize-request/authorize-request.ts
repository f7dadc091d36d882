/** The prompt values Tessera implements (OpenID Connect Core §3.1.2.1); discovery advertises exactly these. */
export const PROMPT_VALUES = ['none', 'login', 'consent'] as const;
export type Prompt = (typeof PROMPT_VALUES)[number];

export type ResponseMode = 'query' | 'form_post';

/**
 * An authorization request that passed every check: the client exists, the redirect URI is registered, the
 * scopes are the client's, PKCE and prompt are well-formed. It is what an interaction carries from page to page
 * and what the code is finally minted from.
 */
export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  responseMode: ResponseMode;
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256';
  prompt: Prompt[];
  /** Seconds; the session's auth_time must be at most this old (OpenID Connect Core §3.1.2.1). */
  maxAge?: number;
  loginHint?: string;
  idTokenHint?: string;
}

/** Where and how errors and codes go back to the client once its redirect_uri is known to be registered. */
export interface ReplyChannel {
  redirectUri: string;
  responseMode: ResponseMode;
  state?: string;
}
