/**
 * Yield the results of concurrently running tasks in the order they complete. The first failure is thrown
 * (the caller aborts the rest); later failures are swallowed so they never surface as unhandled rejections.
 */
export async function* inCompletionOrder<T>(tasks: readonly Promise<T>[]): AsyncGenerator<T> {
  const pending = new Map<number, Promise<{ index: number; value: T }>>();
  tasks.forEach((task, index) => {
    const tagged = task.then((value) => ({ index, value }));
    tagged.catch(() => {});
    pending.set(index, tagged);
  });
  while (pending.size > 0) {
    const { index, value } = await Promise.race(pending.values());
    pending.delete(index);
    yield value;
  }
}
