import { subjectFilter, subjectMatches } from './subject-filter';

describe('subjectMatches (NATS wildcards)', () => {
  it.each([
    ['events.accounts.user.created.v1', 'events.accounts.user.created.v1', true],
    ['events.accounts.user.created.v1', 'events.accounts.user.deleted.v1', false],
    ['events.accounts.user.created.v1', 'events.accounts.user.created', false],
    ['events.accounts.user.created', 'events.accounts.user.created.v1', false],
    // `*`: exactly one token, anywhere.
    ['events.accounts.user.*.v1', 'events.accounts.user.deleted.v1', true],
    ['events.*.user.created.v1', 'events.accounts.user.created.v1', true],
    ['events.accounts.*', 'events.accounts.user.created.v1', false],
    ['events.accounts.user.created.*', 'events.accounts.user.created', false],
    ['*.*', 'events.accounts', true],
    // `>`: one or more remaining tokens, never none.
    ['events.>', 'events.accounts.user.created.v1', true],
    ['events.accounts.>', 'events.accounts.membership.updated.v1', true],
    ['events.accounts.>', 'events.registry.oauth_application.created.v1', false],
    ['events.accounts.>', 'events.accounts', false],
    ['events.*.user.>', 'events.accounts.user.created.v1', true],
    ['>', 'events', true],
    // A token must match whole: no prefix matching.
    ['events.account.>', 'events.accounts.user.created.v1', false],
    ['events.accounts.user.created.v', 'events.accounts.user.created.v1', false],
    // `>` only counts as a wildcard in the last position.
    ['events.>.created.v1', 'events.accounts.user.created.v1', false],
  ])('%s matches %s: %s', (filter, subject, expected) => {
    expect(subjectMatches(filter, subject)).toBe(expected);
  });

  it('subjectFilter matches a subject that any of its filters matches', () => {
    const wanted = subjectFilter(['events.accounts.user.*.v1', 'events.registry.>']);
    expect(
      [
        'events.accounts.user.created.v1',
        'events.accounts.organization.created.v1',
        'events.registry.oauth_application.deleted.v1',
        'events.token.oauth_token.created.v1',
      ].filter(wanted),
    ).toEqual(['events.accounts.user.created.v1', 'events.registry.oauth_application.deleted.v1']);
    expect(subjectFilter([])('events.accounts.user.created.v1')).toBe(false);
  });
});
