import { InvalidRequestError } from '@tessera/contracts';
import { renderAuthorizedAppsPage } from './authorized-apps.page';
import { renderConsentPage, redirectDomain } from './consent.page';
import { renderErrorPage, renderThrottledPage } from './error.page';
import { AUTO_SUBMIT_SCRIPT_HASH, renderFormPostPage } from './form-post.page';
import { renderSignInPage, SIGN_IN_FAILED_MESSAGE } from './sign-in.page';
import { renderSignedOutPage, renderSignOutPage } from './sign-out.page';

const issuer = 'https://id.example.com';

/** The markup with formatting whitespace collapsed, so assertions read like the HTML they check. */
const flat = (page: { value: string }) =>
  page.value
    .replace(/\s+/g, ' ')
    .replace(/\s*\/?>\s*/g, '>')
    .replace(/\s+</g, '<');
const hostileName = '<img src=x onerror=alert(1)>';
const client = { clientId: 'app', name: 'Example App', logoUri: null, clientUri: null };

describe('the sign-in page', () => {
  const page = {
    interactionId: 'int-1',
    csrfToken: 'csrf-1',
    client,
    redirectUri: 'https://app.example/cb',
    identifier: null,
    failed: false,
  };

  it('is one form with labelled identifier and password inputs and the hidden interaction and CSRF token', () => {
    const markup = flat(renderSignInPage(page, issuer));
    expect(markup).toContain('<form method="post" action="https://id.example.com/sign-in">');
    expect(markup).toContain('<label for="identifier">Email address or username</label>');
    expect(markup).toMatch(
      /<input id="identifier" name="identifier" type="text" autocomplete="username"[^>]* required/,
    );
    expect(markup).toContain('<label for="password">Password</label>');
    expect(markup).toMatch(
      /<input id="password" name="password" type="password" autocomplete="current-password" required/,
    );
    expect(markup).toContain('<input type="hidden" name="interaction" value="int-1">');
    expect(markup).toContain('<input type="hidden" name="csrf_token" value="csrf-1">');
    expect(markup).toContain('<button type="submit">Sign in</button>');
    expect(markup).toContain('to continue to<strong>Example App</strong>');
    expect(markup).not.toContain(SIGN_IN_FAILED_MESSAGE);
    expect(markup).not.toContain('<script');
  });

  it('shows one generic message after a failure and keeps the identifier', () => {
    const markup = flat(renderSignInPage({ ...page, failed: true, identifier: 'ada@example.com' }, issuer));
    expect(markup).toContain(`<p class="alert" role="alert" id="sign-in-error">${SIGN_IN_FAILED_MESSAGE}</p>`);
    expect(markup).toContain('value="ada@example.com" aria-invalid="true" aria-describedby="sign-in-error"');
  });

  it('escapes what the client and the user chose', () => {
    const markup = flat(
      renderSignInPage(
        { ...page, client: { ...client, name: hostileName }, identifier: '"><script>x</script>' },
        issuer,
      ),
    );
    expect(markup).not.toContain(hostileName);
    expect(markup).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(markup).not.toContain('<script>x</script>');
  });

  it('shows an https logo and otherwise the initial', () => {
    expect(
      flat(renderSignInPage({ ...page, client: { ...client, logoUri: 'https://cdn.example/logo.png' } }, issuer)),
    ).toContain('<img class="logo" src="https://cdn.example/logo.png" alt=""');
    expect(
      flat(renderSignInPage({ ...page, client: { ...client, logoUri: 'javascript:alert(1)' } }, issuer)),
    ).toContain('<div class="monogram" aria-hidden="true">E</div>');
  });
});

describe('the consent page', () => {
  const page = {
    interactionId: 'int-1',
    csrfToken: 'csrf-1',
    client,
    scopes: ['openid', 'profile', 'private_metadata', 'offline_access', 'user:org:read', 'tools:execute'],
    redirectUri: 'https://app.example/oauth/cb?x=1',
    signedInAs: 'ada@example.com',
    organizations: [{ id: 'org_1', name: 'Engines & Co', slug: 'engines', role: 'org:admin' as const }],
  };

  it('describes each scope in plain language and flags private_metadata as sensitive', () => {
    const markup = flat(renderConsentPage(page, issuer));
    expect(markup).toContain('<li>Confirm who you are</li>');
    expect(markup).toContain('<li>See your name, username and profile picture</li>');
    expect(markup).toContain(
      '<li>See the private information stored on your account<span class="badge">Sensitive</span><br><span class="small muted">This may include sensitive information.</span></li>',
    );
    expect(markup).toContain('<li>Use the “tools:execute” permission</li>');
    expect(markup).toContain('<p>You will stay signed in to Example App until you revoke access.</p>');
    expect(markup).not.toMatch(/<li>[^<]*offline_access/);
  });

  it('has one form with the organization selector, the redirect domain and Deny/Allow buttons', () => {
    const markup = flat(renderConsentPage(page, issuer));
    expect(markup.match(/<form /g)).toHaveLength(1);
    expect(markup).toContain('<form method="post" action="https://id.example.com/consent">');
    expect(markup).toContain('<label for="organization_id">Organization to share</label>');
    expect(markup).toContain('<option value="org_1">Engines &amp; Co</option>');
    expect(markup).toContain('you will be sent to<strong>app.example</strong>');
    expect(markup).toContain('<button type="submit" name="consented" value="false" class="secondary">Deny</button>');
    expect(markup).toContain('<button type="submit" name="consented" value="true">Allow</button>');
    expect(markup).toContain('Signed in as<strong>ada@example.com</strong>');
  });

  it('has no selector without organizations', () => {
    expect(flat(renderConsentPage({ ...page, organizations: [] }, issuer))).not.toContain('<select');
  });

  it('names the redirect target a person recognises', () => {
    expect(redirectDomain('https://app.example:8443/cb')).toBe('app.example');
    expect(redirectDomain('com.example.app:/callback')).toBe('com.example.app app');
  });
});

describe('other pages', () => {
  it('renders an error with its description, escaped', () => {
    const markup = flat(renderErrorPage(new InvalidRequestError(`bad <b>"thing"</b>`), issuer));
    expect(markup).toContain('<h1>This request cannot be completed</h1>');
    expect(markup).toContain('bad &lt;b&gt;&quot;thing&quot;&lt;/b&gt;');
    expect(markup).toContain('<code>invalid_request</code>');
  });

  it('says in minutes when to retry a throttled sign-in', () => {
    expect(flat(renderThrottledPage(61, null, issuer))).toContain('Try again in 2 minutes.');
    expect(flat(renderThrottledPage(30, null, issuer))).toContain('Try again in 1 minute.');
    expect(flat(renderThrottledPage(30, `${issuer}/sign-in?interaction=i-1`, issuer))).toContain(
      '<a href="https://id.example.com/sign-in?interaction=i-1">Back to sign in</a>',
    );
  });

  it('posts the form_post response with a noscript button and the hashed script', () => {
    const markup = flat(renderFormPostPage('https://app.example/cb', { code: 'c"1', state: 's', iss: issuer }, issuer));
    expect(markup).toContain('<form method="post" action="https://app.example/cb">');
    expect(markup).toContain('<input type="hidden" name="code" value="c&quot;1">');
    expect(markup).toContain('<noscript>');
    expect(markup).toContain('<script>document.forms[0].submit();</script>');
    expect(AUTO_SUBMIT_SCRIPT_HASH).toBe("'sha256-8lDeP0UDwCO6/RhblgeH/ctdBzjVpJxrXizsnIk3cEQ='");
  });

  it('asks before signing out, with one form that posts the CSRF token', () => {
    const markup = flat(renderSignOutPage(issuer, 'csrf-"out'));
    expect(markup).toContain('<h1>Sign out?</h1>');
    expect(markup).toContain('<form method="post" action="https://id.example.com/sign-out">');
    expect(markup).toContain('<input type="hidden" name="csrf_token" value="csrf-&quot;out">');
    expect(markup).toContain('<button type="submit">Sign out</button>');
    expect(flat(renderSignedOutPage(issuer))).toContain('<h1>You are signed out</h1>');
    expect(flat(renderSignedOutPage(issuer))).not.toContain('<form');
  });

  it('lists authorized apps with one revoke form each', () => {
    const markup = flat(
      renderAuthorizedAppsPage({
        issuer,
        signedInAs: 'ada@example.com',
        csrfToken: 'csrf-s',
        apps: [{ client, scopes: ['email', 'offline_access'], grantedAt: Date.UTC(2026, 0, 2) }],
      }),
    );
    expect(markup).toContain('<h2>Example App</h2>');
    expect(markup).toContain('Authorized on January 2, 2026');
    expect(markup).toContain('<li>See your email address</li>');
    expect(markup).toContain('Stays signed in until you revoke access.');
    expect(markup).toContain('<form method="post" action="https://id.example.com/account/authorized-apps/revoke">');
    expect(markup).toContain('<input type="hidden" name="client_id" value="app">');
    expect(markup).toContain('aria-label="Revoke access for Example App"');
  });
});
