import type { FastifyReply } from 'fastify';
import type { SafeHtml } from './html';
import { PAGE_REFERRER_POLICY, pageCsp } from './page-security';

export interface PageReplyOptions {
  status?: number;
  formTargets?: readonly string[];
  scriptHashes?: readonly string[];
  headers?: Record<string, string>;
}

/** Sends a hosted page: HTML, never cached, with the pages' CSP and referrer policy. */
export function sendPage(reply: FastifyReply, page: SafeHtml, options: PageReplyOptions = {}): void {
  reply
    .status(options.status ?? 200)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .header('referrer-policy', PAGE_REFERRER_POLICY)
    .header('content-security-policy', pageCsp(options))
    .headers(options.headers ?? {})
    .send(page.value);
}

/** RFC 9110 §15.4.4: 303 See Other makes the browser GET the next page, whatever method brought it here. */
export function seeOther(reply: FastifyReply, location: string): void {
  reply
    .status(303)
    .header('location', location)
    .header('cache-control', 'no-store')
    .header('referrer-policy', PAGE_REFERRER_POLICY)
    .send();
}
