import { AsyncResource } from 'node:async_hooks';

/**
 * Makes `AsyncResource#bind` as cheap as in current Node.js: without the `asyncResource` property on the bound
 * function.
 *
 * Fastify binds one function per request body it parses (`ContentTypeParser.run`). On Node 20, `bind` defines
 * that property with two `util.deprecate` wrappers (DEP0172, runtime-deprecated since Node 20) on every call.
 * Under token_info load that was 5–8 % of the gateway's CPU profile, for a property nothing reads. Node.js has
 * since moved DEP0172 to End-of-Life: the property is no longer added. This gives Node 20 the same behaviour.
 * The bound function otherwise stays the same: it runs `fn` in the resource's async scope, with the caller's
 * `this` (or `thisArg`) and arguments, and keeps `fn`'s length.
 *
 * Installed only where `bind` still adds the property, so a Node.js that no longer does is left alone.
 */
export function installLeanAsyncResourceBind(): void {
  if (!bindAddsAsyncResourceProperty()) return;
  function bind(this: AsyncResource, fn: AnyFunction, thisArg?: unknown): AnyFunction {
    return boundTo(this, fn, thisArg);
  }
  // Node's own signature also takes a thisArg, which @types/node leaves out.
  AsyncResource.prototype.bind = bind as AsyncResource['bind'];
}

type AnyFunction = (...args: unknown[]) => unknown;

function boundTo(resource: AsyncResource, fn: AnyFunction, thisArg: unknown): AnyFunction {
  if (typeof fn !== 'function') throw new TypeError('The "fn" argument must be of type function');
  const bound =
    thisArg === undefined
      ? function (this: unknown, ...args: unknown[]) {
          return resource.runInAsyncScope(fn, this, ...args);
        }
      : (...args: unknown[]) => resource.runInAsyncScope(fn, thisArg, ...args);
  Object.defineProperty(bound, 'length', { configurable: true, enumerable: false, value: fn.length, writable: false });
  return bound;
}

function bindAddsAsyncResourceProperty(): boolean {
  const probe = new AsyncResource('tessera-bind-probe');
  const hasProperty = Object.prototype.hasOwnProperty.call(
    probe.bind(() => undefined),
    'asyncResource',
  );
  probe.emitDestroy();
  return hasProperty;
}
