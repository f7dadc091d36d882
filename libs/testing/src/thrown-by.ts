/** The error `work` throws, for assertions on its class and fields; fails the test when nothing is thrown. */
export function thrownBy(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
