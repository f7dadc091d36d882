import { Injectable } from '@nestjs/common';
import { ACCOUNTS_CREDENTIALS_VERIFY, FormPasswordIncorrectError } from '@tessera/contracts';
import { EventPublisher } from '@tessera/events';
import { RpcClient } from '@tessera/nats';
import { UNKNOWN_USER_ACTOR, userActor } from '../changes/event-actors';
import { sessionCreated, sessionEnded } from '../sessions/session-events';
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
 *
 * Events: `sign_in.failed` for wrong credentials and for a throttled attempt (never with what was typed: an
 * identifier typed by mistake may be someone's password), `session.ended` for a session replaced and
 * `session.created` for the new one. Each is written right after the Redis write it describes; see
 * EventPublisher.announce for why that is not atomic. An empty form checks nothing and announces nothing.
 */
@Injectable()
export class SignInService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly throttle: SignInThrottle,
    private readonly sessions: SessionStore,
    private readonly changes: EventPublisher,
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
    if (verdict.throttled) {
      await this.announceFailure('throttled', input.sourceIp);
      return { kind: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
    }

    let userId: string;
    try {
      ({ userId } = await this.rpc.send(ACCOUNTS_CREDENTIALS_VERIFY, { identifier, password: input.password }));
    } catch (error) {
      if (!(error instanceof FormPasswordIncorrectError)) throw error;
      await this.throttle.recordFailure(identifier, input.sourceIp);
      await this.announceFailure('invalid_credentials', input.sourceIp);
      return { kind: 'failed' };
    }
    await this.throttle.recordSuccess(identifier);
    const replaced = await this.sessions.end(input.previousSessionToken);
    if (replaced) await this.changes.announce(sessionEnded(replaced.userId), userActor(userId));
    const authTime = Math.floor(Date.now() / 1000);
    const { token } = await this.sessions.create(userId, authTime);
    await this.changes.announce(sessionCreated(userId), userActor(userId));
    return { kind: 'signed_in', userId, authTime, sessionToken: token };
  }

  /** The aggregate is the source address: one address's failures keep their order (and it is what is throttled). */
  private announceFailure(reason: 'invalid_credentials' | 'throttled', sourceIp: string): Promise<void> {
    return this.changes.announce(
      {
        type: 'sign_in.failed',
        aggregateId: sourceIp || 'unknown',
        payload: { reason, sourceIp: sourceIp || null },
      },
      UNKNOWN_USER_ACTOR,
    );
  }
}
