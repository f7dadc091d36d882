import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { html, type SafeHtml } from './html';

/** The pages' one stylesheet (copied beside this file into dist/ by the build). */
export const STYLESHEET = readFileSync(path.join(__dirname, 'assets', 'tessera.css'));
/** Content hash in the stylesheet's URL: it is served with a year-long cache, and a new version gets a new URL. */
export const STYLESHEET_VERSION = createHash('sha256').update(STYLESHEET).digest('hex').slice(0, 12);
export const STYLESHEET_PATH = '/assets/tessera.css';

export interface PageOptions {
  title: string;
  /**
   * The issuer URL: every link and form target is absolute under it, so pages work when the issuer has a path
   * (a proxy in front that maps it to the gateway's root).
   */
  issuer: string;
  /** A wider card (the account page). */
  wide?: boolean;
}

/** The document around every hosted page: language, viewport, title, stylesheet, one centred card. */
export function layout(options: PageOptions, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${options.title}</title>
        <link rel="stylesheet" href="${options.issuer}${STYLESHEET_PATH}?v=${STYLESHEET_VERSION}" />
      </head>
      <body>
        <main class="card${options.wide ? ' wide' : ''}">${body}</main>
      </body>
    </html> `;
}

/** The application's logo when it has an https one, otherwise its initial on a coloured square. */
export function appMark(name: string, logoUri: string | null): SafeHtml {
  if (logoUri !== null && logoUri.startsWith('https://')) {
    return html`<img class="logo" src="${logoUri}" alt="" width="48" height="48" />`;
  }
  const initial = Array.from(name.trim())[0]?.toUpperCase() ?? '?';
  return html`<div class="monogram" aria-hidden="true">${initial}</div>`;
}
