// A cookie-keeping walk through an identity provider's pages, done once per system during setup to get a
// signed-in browser session with remembered consent (what W1 then reuses for every flow).
import { CookieJar, FORM, UnexpectedResponse, formBody } from './http-client.mjs';

/** The hidden inputs of a page's form, by name (HTML entities decoded). */
export function hiddenFields(html) {
  const fields = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)) {
    fields[decode(match[1])] = decode(match[2]);
  }
  return fields;
}

const decode = (text) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export class Browser {
  constructor(http) {
    this.http = http;
    this.jar = new CookieJar();
  }

  async get(path) {
    const response = await this.http.request({ path, headers: { cookie: this.jar.header(path) } });
    this.jar.store(response.headers['set-cookie']);
    return response;
  }

  async post(path, fields) {
    const response = await this.http.request({
      method: 'POST',
      path,
      headers: { cookie: this.jar.header(path), origin: this.http.origin, 'content-type': FORM },
      body: formBody(fields),
    });
    this.jar.store(response.headers['set-cookie']);
    return response;
  }

  /**
   * Starts at `path` and follows redirects within the origin. On a page (200), `onPage(pathname, html)` says
   * which form to post (`{ path, fields }`). Ends at the first redirect that leaves the origin (the client's
   * redirect URI) and answers that response.
   */
  async walk(path, onPage, maxSteps = 12) {
    let response = await this.get(path);
    let current = path;
    for (let step = 0; step < maxSteps; step++) {
      if (response.status === 302 || response.status === 303) {
        const next = new URL(response.headers.location, this.http.origin);
        if (next.origin !== this.http.origin) return response;
        current = `${next.pathname}${next.search}`;
        response = await this.get(current);
      } else if (response.status === 200) {
        const form = onPage(new URL(current, this.http.origin).pathname, response.text);
        response = await this.post(form.path, form.fields);
        current = form.path;
      } else {
        throw new UnexpectedResponse(`page ${current.split('?')[0]}`, response);
      }
    }
    throw new Error('the sign-in walk did not reach the client');
  }
}
