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

/** A predicate for "does any of these filters match this subject?". */
export function subjectFilter(filters: readonly string[]): (subject: string) => boolean {
  return (subject) => filters.some((filter) => subjectMatches(filter, subject));
}
