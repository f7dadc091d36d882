/**
 * NATS subject matching, as the server applies a consumer's filter: subjects are `.`-separated tokens, `*`
 * stands for exactly one token and `>` (last token only) for one or more remaining tokens.
 * https://docs.nats.io/nats-concepts/subjects#wildcards
 */
export function subjectMatches(filter: string, subject: string): boolean {
  const wanted = filter.split('.');
  const tokens = subject.split('.');
  for (let index = 0; index < wanted.length; index += 1) {
    const token = wanted[index];
    if (token === '>' && index === wanted.length - 1) return tokens.length > index;
    if (index >= tokens.length) return false;
    if (token !== '*' && token !== tokens[index]) return false;
  }
  return wanted.length === tokens.length;
}

/**
 * A predicate for "does any of these filters match this subject?". It runs on every event a consumer receives, and
 * a consumer such as accounts' has dozens of filters, nearly all of them plain subjects: those are one Set lookup.
 */
export function subjectFilter(filters: readonly string[]): (subject: string) => boolean {
  const isWildcard = (filter: string) => filter.split('.').some((token) => token === '*' || token === '>');
  const exact = new Set(filters.filter((filter) => !isWildcard(filter)));
  const wildcards = filters.filter(isWildcard);
  return (subject) => exact.has(subject) || wildcards.some((filter) => subjectMatches(filter, subject));
}

/**
 * The narrowest single filter that matches every subject any of `filters` matches, for servers that take one
 * filter per consumer (nats-server before 2.10): equal tokens are kept and differing ones become `*`, while the
 * filters have the same length and no `>`; otherwise `fallback`. `events.accounts.user.deleted.v1` and
 * `events.registry.oauth_application.deleted.v1` give `events.*.*.deleted.v1`, so the server delivers deletions
 * only, not every event of the stream.
 */
export function commonFilter(filters: readonly string[], fallback: string): string {
  const split = filters.map((filter) => filter.split('.'));
  const [first] = split;
  if (!first || split.some((tokens) => tokens.length !== first.length || tokens.includes('>'))) return fallback;
  return first.map((token, index) => (split.every((tokens) => tokens[index] === token) ? token : '*')).join('.');
}
