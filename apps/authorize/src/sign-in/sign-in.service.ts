import { Injectable } from '@nestjs/common';
import { ACCOUNTS_CREDENTIALS_VERIFY, FormPasswordIncorrectError } from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import { SessionStore } from '../sessions/session.store';
import { SignInThrottle } from './sign-in-throttle';

export type SignInResult =
  | { kind: 'failed' }
  | { kind: 'throttled'; retryAfterSeconds: number }
  | { kind: 'signed_in'; userId: string; authTime: number; sessionToken: string };

/**
 * Checks a password sign-in: throttling first (so a throttled guess learns nothing, right or wrong), then the
 * accounts service, which answers one error for an unknown identifier and a wrong password alike. Success
 * replaces the browser's session with a new one.
 */
@Injectable()
export class SignInService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly throttle: SignInThrottle,
    private readonly sessions: SessionStore,
  ) {}

  async signIn(input: {
    identifier: string;
    password: string;
    sourceIp: string;
    previousSessionToken?: string;
  }): Promise<SignInResult> {
    const identifier = input.identifier.trim();
    if (identifier === '' || input.password === '') return { kind: 'failed' };
    const verdict = await this.throttle.check(identifier, input.sourceIp);
    if (verdict.throttled) return { kind: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };

    let userId: string;
    try {
      ({ userId } = await this.rpc.send(ACCOUNTS_CREDENTIALS_VERIFY, { identifier, password: input.password }));
    } catch (error) {
      if (!(error instanceof FormPasswordIncorrectError)) throw error;
      await this.throttle.recordFailure(identifier, input.sourceIp);
      return { kind: 'failed' };
    }
    await this.throttle.recordSuccess(identifier);
    await this.sessions.end(input.previousSessionToken);
    const authTime = Math.floor(Date.now() / 1000);
    const { token } = await this.sessions.create(userId, authTime);
    return { kind: 'signed_in', userId, authTime, sessionToken: token };
  }
}
