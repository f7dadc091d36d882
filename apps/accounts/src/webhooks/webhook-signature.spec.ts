import { newWebhookSecret, signWebhook } from './webhook-signature';

describe('signWebhook', () => {
  it('matches the Standard Webhooks reference vector', () => {
    // From the specification's reference implementations (standard-webhooks, libraries/*/tests).
    expect(
      signWebhook(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
      ),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('changes with the id, the timestamp and the body', () => {
    const secret = newWebhookSecret();
    const base = signWebhook(secret, 'id', 1, '{}');
    expect(signWebhook(secret, 'id2', 1, '{}')).not.toBe(base);
    expect(signWebhook(secret, 'id', 2, '{}')).not.toBe(base);
    expect(signWebhook(secret, 'id', 1, '{ }')).not.toBe(base);
  });
});

describe('newWebhookSecret', () => {
  it('is whsec_ and base64 of 32 random bytes', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});
