const NOTHING_YET = Symbol('nothing yet');

/** Settles once the work already queued (I/O callbacks, microtasks) has run: whatever had arrived has been seen. */
const afterQueuedWork = () => new Promise<typeof NOTHING_YET>((resolve) => setImmediate(() => resolve(NOTHING_YET)));

/**
 * The items of `source` in arrays of at most `max`: the first item as soon as it comes, with whatever else has
 * already arrived behind it. It never waits for more to fill an array, so an item is not held back by a quiet
 * moment. With `max` 1, exactly the items one by one, the next asked for only after the last was handled.
 */
export async function* waitingBatches<T>(source: AsyncIterable<T>, max: number): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let next: Promise<IteratorResult<T>> | undefined = iterator.next();
  for (;;) {
    const first = await next;
    if (first.done) return;
    const batch = [first.value];
    next = undefined;
    let ended = false;
    while (batch.length < max) {
      const pending = iterator.next();
      const more = await Promise.race([pending, afterQueuedWork()]);
      if (more === NOTHING_YET) {
        next = pending; // still on its way: the first of the next array
        break;
      }
      if (more.done) {
        ended = true;
        break;
      }
      batch.push(more.value);
    }
    yield batch;
    if (ended) return;
    next ??= iterator.next();
  }
}
