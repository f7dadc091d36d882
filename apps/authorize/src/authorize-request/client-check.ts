import { Injectable } from '@nestjs/common';
import {
  InvalidRequestError,
  InvalidScopeError,
  REGISTRY_AUTHORIZATION_CHECK,
  REGISTRY_CLIENT_GET,
  type AuthorizationCheck,
  type AuthorizeParams,
  type ClientView,
  type ValidRequestOf,
} from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import type { ReplyChannel } from './authorize-request';
import { REDIRECT_DEFINING_PARAMS, resolveResponseMode } from './authorize-request.checks';
import { RememberedChecks } from './remembered-checks';

export type ClientCheckResult =
  | { kind: 'checked'; client: ClientView; scopes: string[]; channel: ReplyChannel }
  | { kind: 'scope_refused'; error: InvalidScopeError; channel: ReplyChannel };

/**
 * The first step of every authorization request: who is the client, and where may errors go? The client
 * registry owns the client, redirect_uri and scope rules. Until the redirect_uri is known to be registered,
 * every error is thrown (and shown as a page): RFC 6749 §4.1.2.1 forbids redirecting to an unverified URI.
 * A refused scope comes back as a value, because it goes to the (verified) redirect_uri. The registry's recent
 * answer to the very same question is reused (RememberedChecks).
 */
@Injectable()
export class ClientCheck {
  constructor(
    private readonly rpc: RpcClient,
    private readonly remembered: RememberedChecks,
  ) {}

  async check(params: AuthorizeParams, repeated: readonly string[]): Promise<ClientCheckResult> {
    const repeatedTarget = repeated.find((name) => REDIRECT_DEFINING_PARAMS.includes(name));
    if (repeatedTarget !== undefined) {
      throw new InvalidRequestError(`The "${repeatedTarget}" parameter must not be repeated`, {
        param: repeatedTarget,
      });
    }
    if (params.clientId === undefined) {
      throw new InvalidRequestError('The "client_id" parameter is required', { param: 'client_id' });
    }
    const channelTo = (redirectUri: string): ReplyChannel => ({
      redirectUri,
      responseMode: resolveResponseMode(params.responseMode).mode,
      // A repeated state is not echoed: which one would be the client's?
      ...(params.state !== undefined && !repeated.includes('state') ? { state: params.state } : {}),
    });
    const question = {
      clientId: params.clientId,
      ...(params.redirectUri !== undefined ? { redirectUri: params.redirectUri } : {}),
      ...(params.scope !== undefined ? { scope: params.scope } : {}),
    };
    try {
      const checked = this.remembered.recall(question) ?? (await this.ask(question));
      return {
        kind: 'checked',
        client: checked.client,
        scopes: checked.scopes,
        channel: channelTo(checked.redirectUri),
      };
    } catch (error) {
      if (!(error instanceof InvalidScopeError)) throw error;
      // The registry checks scope last: the client and redirect_uri were fine. Without a redirect_uri in the
      // request, the client has exactly one registered.
      const redirectUri =
        params.redirectUri ?? (await this.rpc.send(REGISTRY_CLIENT_GET, { clientId: params.clientId })).redirectUris[0];
      return { kind: 'scope_refused', error, channel: channelTo(redirectUri) };
    }
  }

  private async ask(question: ValidRequestOf<typeof REGISTRY_AUTHORIZATION_CHECK>): Promise<AuthorizationCheck> {
    const ticket = this.remembered.ticket();
    const answer = await this.rpc.send(REGISTRY_AUTHORIZATION_CHECK, question);
    this.remembered.remember(question, answer, ticket);
    return answer;
  }
}
