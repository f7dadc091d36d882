import { waitingBatches } from './waiting-batches';

/** An async source fed by the test, as JetStream feeds a consumer: items queue until read. */
function feed<T>() {
  const queued: T[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  const source: AsyncIterable<T> = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        while (queued.length) yield queued.shift() as T;
        if (closed) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
  return {
    source,
    push(...items: T[]) {
      queued.push(...items);
      wake?.();
    },
    close() {
      closed = true;
      wake?.();
    },
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('waitingBatches', () => {
  it('takes what has already arrived behind the first item, up to the maximum', async () => {
    const { source, push, close } = feed<number>();
    push(1, 2, 3, 4, 5);
    const batches = waitingBatches(source, 3);

    expect((await batches.next()).value).toEqual([1, 2, 3]);
    expect((await batches.next()).value).toEqual([4, 5]);
    close();
    expect((await batches.next()).done).toBe(true);
  });

  it('does not wait for more to fill a batch, and gives a later item to the next one', async () => {
    const { source, push, close } = feed<string>();
    const batches = waitingBatches(source, 64);
    push('a');
    expect((await batches.next()).value).toEqual(['a']);

    const second = batches.next();
    await turn();
    push('b', 'c');
    expect((await second).value).toEqual(['b', 'c']);
    close();
    expect((await batches.next()).done).toBe(true);
  });

  it('with a maximum of one, asks for the next item only once the last was handled', async () => {
    const { source, push, close } = feed<number>();
    let asked = 0;
    const counted: AsyncIterable<number> = {
      [Symbol.asyncIterator]() {
        const inner = source[Symbol.asyncIterator]();
        return { next: () => (asked++, inner.next()) };
      },
    };
    push(1, 2);
    const batches = waitingBatches(counted, 1);

    expect((await batches.next()).value).toEqual([1]);
    expect(asked).toBe(1);
    expect((await batches.next()).value).toEqual([2]);
    expect(asked).toBe(2);
    close();
    expect((await batches.next()).done).toBe(true);
  });

  it('ends with what it holds when the source ends mid-batch', async () => {
    const { source, push, close } = feed<number>();
    push(1, 2);
    close();
    const batches = waitingBatches(source, 10);
    expect((await batches.next()).value).toEqual([1, 2]);
    expect((await batches.next()).done).toBe(true);
  });
});
