import { commonFilter, subjectFilter, subjectMatches } from './subject-filter';

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

  it('subjectFilter agrees with subjectMatches when plain subjects and wildcards are mixed', () => {
    const filters = ['events.accounts.user.created.v1', 'events.token.*.revoked.v1', 'events.registry.>', 'a.b'];
    const subjects = [
      'events.accounts.user.created.v1',
      'events.accounts.user.created',
      'events.accounts.user.created.v1.extra',
      'events.token.oauth_token.revoked.v1',
      'events.token.revoked.v1',
      'events.registry',
      'events.registry.x',
      'a.b',
      'a.*',
      'a',
    ];
    const wanted = subjectFilter(filters);
    for (const subject of subjects) {
      expect([subject, wanted(subject)]).toEqual([subject, filters.some((filter) => subjectMatches(filter, subject))]);
    }
    expect(subjects.filter(wanted)).toEqual([
      'events.accounts.user.created.v1',
      'events.token.oauth_token.revoked.v1',
      'events.registry.x',
      'a.b',
    ]);
  });

  it.each([
    [['events.accounts.user.deleted.v1', 'events.registry.oauth_application.deleted.v1'], 'events.*.*.deleted.v1'],
    [['events.accounts.user.updated.v1', 'events.accounts.organization.deleted.v1'], 'events.accounts.*.*.v1'],
    [['events.token.oauth_token.revoked.v1'], 'events.token.oauth_token.revoked.v1'],
    [['events.accounts.user.*.v1', 'events.accounts.membership.created.v1'], 'events.accounts.*.*.v1'],
    // Different lengths or a `>` cannot be covered more narrowly than the fallback.
    [['events.accounts.user.deleted.v1', 'events.registry.deleted.v1'], 'events.>'],
    [['events.accounts.>', 'events.registry.oauth_application.deleted.v1'], 'events.>'],
    [[], 'events.>'],
  ])('commonFilter(%j) is %s', (filters, expected) => {
    expect(commonFilter(filters, 'events.>')).toBe(expected);
  });

  it('commonFilter covers every subject its filters match', () => {
    const filters = ['events.accounts.user.deleted.v1', 'events.registry.oauth_application.deleted.v1'];
    const common = commonFilter(filters, 'events.>');
    for (const subject of filters) expect(subjectMatches(common, subject)).toBe(true);
    expect(subjectMatches(common, 'events.token.oauth_token.created.v1')).toBe(false);
  });
});
