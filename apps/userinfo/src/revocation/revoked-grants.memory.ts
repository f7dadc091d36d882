/** Revocations remembered at most; past it the memory stops answering until what it could not keep has expired. */
export const MAX_REMEMBERED_REVOCATIONS = 100_000;
/**
 * How long a confirmation that the memory has seen every revocation announced keeps it trusted: the most it can
 * lag the event stream, unnoticed, when its consumer stalls silently (probes come every 250 ms while all is well).
 */
export const REVOCATION_MEMORY_TRUST_MS = 1_000;

/**
 * This process's copy of the grants revoked while JWT access tokens of theirs may still be unexpired, so that a
 * JWT is checked without a Redis command (RevokedGrantsListener keeps it, from `oauth_token.revoked`).
 *
 * It answers only while it is known complete: after a confirmation, less than `trustMs` old, that every
 * revocation the stream held had been remembered, and not since an interruption of its consumer (`interrupted`)
 * nor while a revocation it had no room for may still matter. Otherwise `answer` is undefined and the caller asks
 * Redis, whose marks the durable consumer writes from the same events.
 */
export class RevokedGrantsMemory {
  /** Grant id → until when (epoch ms) a JWT of it may still be unexpired. Insertion order ≈ expiry order. */
  private readonly revokedUntil = new Map<string, number>();
  private trustedUntil = 0;
  private interruptedAt = Number.NEGATIVE_INFINITY;
  /** Until when a revocation that found the memory full may still matter. */
  private incompleteUntil = 0;

  constructor(
    private readonly options: { maxEntries: number; trustMs: number } = {
      maxEntries: MAX_REMEMBERED_REVOCATIONS,
      trustMs: REVOCATION_MEMORY_TRUST_MS,
    },
    private readonly now: () => number = Date.now,
  ) {}

  /** The grant's JWTs are revoked until `untilMs` (after which none of them can be unexpired). */
  remember(grantId: string, untilMs: number): void {
    if (untilMs <= this.now()) return;
    const known = this.revokedUntil.get(grantId);
    if (known !== undefined) {
      this.revokedUntil.set(grantId, Math.max(known, untilMs));
      return;
    }
    if (this.revokedUntil.size >= this.options.maxEntries) this.forgetExpired(true);
    if (this.revokedUntil.size >= this.options.maxEntries) {
      this.incompleteUntil = Math.max(this.incompleteUntil, untilMs);
      return;
    }
    this.revokedUntil.set(grantId, untilMs);
  }

  /** Every revocation announced before `asOfMs` has been remembered. */
  confirmCaughtUp(asOfMs: number): void {
    // A confirmation asked for before an interruption says nothing about what the interruption may have lost.
    if (asOfMs <= this.interruptedAt) return;
    this.trustedUntil = Math.max(this.trustedUntil, asOfMs + this.options.trustMs);
  }

  interrupted(): void {
    this.interruptedAt = this.now();
    this.trustedUntil = 0;
  }

  /** Whether the grant is revoked, when the memory can tell; undefined when it cannot (ask Redis). */
  answer(grantId: string): boolean | undefined {
    const now = this.now();
    if (!this.trustedAt(now)) return undefined;
    const until = this.revokedUntil.get(grantId);
    return until !== undefined && until > now;
  }

  isTrusted(): boolean {
    return this.trustedAt(this.now());
  }

  private trustedAt(now: number): boolean {
    return now < this.trustedUntil && now >= this.incompleteUntil;
  }

  get size(): number {
    return this.revokedUntil.size;
  }

  /**
   * Drops expired revocations: from the oldest until the first one still in force (cheap, and enough while
   * revocations arrive in order), or all of them (`everywhere`).
   */
  forgetExpired(everywhere = false): void {
    const now = this.now();
    for (const [grantId, until] of this.revokedUntil) {
      if (until <= now) this.revokedUntil.delete(grantId);
      else if (!everywhere) return;
    }
  }
}
