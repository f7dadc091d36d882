import { ExpiringMap } from './expiring-map';

/**
 * Answers remembered per group (a client, a user) and key, for a short time: the building block of the per-process
 * memories that an event forgets (authorize's registry answers, token's and userinfo's profiles). A group's answers
 * all expire together, `ttlMs` after the first of them was remembered; a group holds at most `maxPerGroup` (later
 * ones are not remembered) and the memory at most `maxGroups` (the oldest go first).
 *
 * An answer read elsewhere before a forget may describe the group as it was: take a `ticket()` before asking, and
 * hand it to `remember` with the answer, which drops it if any forget came in between.
 */
export class GroupedMemory<V> {
  private readonly groups: ExpiringMap<string, Map<string, V>>;
  /** Counts forgets: an answer asked for before one is not remembered. */
  private forgets = 0;

  constructor(
    private readonly options: { ttlMs: number; maxGroups: number; maxPerGroup: number },
    private readonly now: () => number = Date.now,
  ) {
    this.groups = new ExpiringMap(options.maxGroups, now);
  }

  /** `{ value }` when remembered (a value may itself be null), undefined when not. */
  recall(group: string, key: string): { value: V } | undefined {
    const answers = this.groups.get(group);
    return answers?.has(key) ? { value: answers.get(key)! } : undefined;
  }

  /** Taken before asking elsewhere, and handed back to `remember` with the answer. */
  ticket(): number {
    return this.forgets;
  }

  remember(group: string, key: string, value: V, ticket: number): void {
    if (ticket !== this.forgets) return;
    let answers = this.groups.get(group);
    if (!answers) {
      answers = new Map();
      this.groups.set(group, answers, this.now() + this.options.ttlMs);
    }
    if (answers.size < this.options.maxPerGroup) answers.set(key, value);
  }

  forget(group: string): void {
    this.forgets += 1;
    this.groups.delete(group);
  }

  forgetAll(): void {
    this.forgets += 1;
    this.groups.clear();
  }
}
