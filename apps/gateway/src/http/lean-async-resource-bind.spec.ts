import { AsyncLocalStorage, AsyncResource, executionAsyncId } from 'node:async_hooks';
import { installLeanAsyncResourceBind } from './lean-async-resource-bind';

describe('installLeanAsyncResourceBind', () => {
  const original = AsyncResource.prototype.bind;

  beforeAll(() => installLeanAsyncResourceBind());
  afterAll(() => {
    AsyncResource.prototype.bind = original;
  });

  it('binds without the deprecated asyncResource property', () => {
    const bound = new AsyncResource('test').bind(() => undefined);
    expect(Object.prototype.hasOwnProperty.call(bound, 'asyncResource')).toBe(false);
  });

  it('runs the function in the async scope of the resource, wherever it is called from', async () => {
    const storage = new AsyncLocalStorage<string>();
    const resource = storage.run('bound here', () => new AsyncResource('test'));
    const bound = resource.bind(() => ({ store: storage.getStore(), asyncId: executionAsyncId() }));

    const seen = await storage.run(
      'called from elsewhere',
      () => new Promise((resolve) => setImmediate(() => resolve(bound()))),
    );

    expect(seen).toEqual({ store: 'bound here', asyncId: resource.asyncId() });
  });

  it("passes the arguments and the caller's this, and keeps the function's length", () => {
    const bound = new AsyncResource('test').bind(function (this: { name: string } | undefined, a: number, b: number) {
      return `${this?.name}:${a + b}`;
    });
    const receiver = { name: 'receiver', bound };

    expect(receiver.bound(1, 2)).toBe('receiver:3');
    expect(bound.length).toBe(2);
  });

  it('uses thisArg when one is given (through the static AsyncResource.bind)', () => {
    const bound = AsyncResource.bind(
      function (this: { name: string }) {
        return this.name;
      },
      'test',
      { name: 'thisArg' },
    );

    expect(bound.call({ name: 'caller' })).toBe('thisArg');
  });

  it('refuses what is not a function, as Node does', () => {
    expect(() => new AsyncResource('test').bind('nope' as never)).toThrow('The "fn" argument must be of type function');
  });
});
