/** What a scope lets an application see, in words a person can judge (the consent and account pages). */
export interface ScopeDescription {
  text: string;
  /** Shown with a "Sensitive" badge and a warning line. */
  sensitive: boolean;
}

const DESCRIPTIONS: Record<string, ScopeDescription> = {
  openid: { text: 'Confirm who you are', sensitive: false },
  profile: { text: 'See your name, username and profile picture', sensitive: false },
  email: { text: 'See your email address', sensitive: false },
  public_metadata: { text: 'See the public information stored on your account', sensitive: false },
  private_metadata: { text: 'See the private information stored on your account', sensitive: true },
  'user:org:read': { text: 'See the organization you choose and your role in it', sensitive: false },
};

/**
 * offline_access is not listed as something the app can see: it changes how long access lasts, which the page
 * says in a sentence of its own.
 */
export const OFFLINE_ACCESS = 'offline_access';

export function describeScopes(scopes: readonly string[]): ScopeDescription[] {
  return scopes
    .filter((scope) => scope !== OFFLINE_ACCESS)
    .map((scope) => DESCRIPTIONS[scope] ?? { text: `Use the “${scope}” permission`, sensitive: false });
}
