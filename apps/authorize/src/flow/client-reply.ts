import type { ClientRedirect, TesseraError } from '@tessera/contracts';
import type { ReplyChannel } from '../authorize-request/authorize-request';

/**
 * The authorization response (RFC 6749 §4.1.2) or error response (§4.1.2.1) for the client's redirect_uri.
 * Both carry `state` when the request had one and `iss` always (RFC 9207 §2: it lets the client tell which
 * authorization server answered, defeating mix-up attacks).
 */
export function codeReply(channel: ReplyChannel, code: string, issuer: string): ClientRedirect {
  return reply(channel, { code }, issuer);
}

export function errorReply(channel: ReplyChannel, error: TesseraError, issuer: string): ClientRedirect {
  return reply(channel, { error: error.code, error_description: error.description }, issuer);
}

function reply(channel: ReplyChannel, result: Record<string, string>, issuer: string): ClientRedirect {
  return {
    kind: 'client_redirect',
    redirectUri: channel.redirectUri,
    responseMode: channel.responseMode,
    params: {
      ...result,
      ...(channel.state !== undefined ? { state: channel.state } : {}),
      iss: issuer,
    },
  };
}
