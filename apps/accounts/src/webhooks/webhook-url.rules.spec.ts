import { webhookUrlProblem } from './webhook-url.rules';

describe('webhookUrlProblem', () => {
  it.each(['https://hooks.example.com/tessera', 'https://hooks.example.com:8443/a?b=c', 'https://10.0.0.5/hook'])(
    'accepts %s everywhere',
    (url) => {
      expect(webhookUrlProblem(url, true)).toBeUndefined();
      expect(webhookUrlProblem(url, false)).toBeUndefined();
    },
  );

  it.each(['http://127.0.0.1:4000/hook', 'http://localhost/hook', 'http://[::1]:9000/', 'http://127.1.2.3/'])(
    'accepts the loopback %s only outside production',
    (url) => {
      expect(webhookUrlProblem(url, false)).toBeUndefined();
      expect(webhookUrlProblem(url, true)).toBe('url must use https');
    },
  );

  it.each([
    [
      'http://hooks.example.com/',
      'url must use https (http is accepted only for localhost and 127.0.0.1 outside production)',
    ],
    [
      'http://127.0.0.1.example.com/',
      'url must use https (http is accepted only for localhost and 127.0.0.1 outside production)',
    ],
    [
      'ftp://hooks.example.com/',
      'url must use https (http is accepted only for localhost and 127.0.0.1 outside production)',
    ],
    ['hooks.example.com/path', 'url must be an absolute URL'],
    ['https://user:pass@hooks.example.com/', 'url must not contain credentials'],
    ['https://hooks.example.com/#frag', 'url must not contain a fragment'],
  ])('refuses %s', (url, problem) => {
    expect(webhookUrlProblem(url, false)).toBe(problem);
  });
});
