/**
 * A background loop that runs one round at a time: at start, at once when kicked (new work was just committed),
 * otherwise after the delay the owner picks once a round ends (its poll interval, or a backoff after a failure).
 * A kick during a round makes the next one follow at once. `stop` waits for the round in progress. `round` must
 * not throw: the owner counts and logs its own failures.
 */
export class KickedLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private kicked = false;
  private stopped = false;

  constructor(
    private readonly round: () => Promise<void>,
    /** The delay before the next round, told whether a kick came during the last one. */
    private readonly nextDelayMs: (kicked: boolean) => number,
  ) {}

  start(): void {
    this.schedule(0);
  }

  kick(): void {
    this.kicked = true;
    if (!this.running) this.schedule(0);
  }

  /** Whether `stop` was called: a round checks it between batches to end early. */
  get isStopped(): boolean {
    return this.stopped;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
      });
    }, delayMs);
  }

  private async tick(): Promise<void> {
    this.kicked = false;
    await this.round();
    this.schedule(this.nextDelayMs(this.kicked));
  }
}
