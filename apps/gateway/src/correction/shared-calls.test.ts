import { describe, expect, it } from 'vitest';
import { SharedCalls } from './shared-calls.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SharedCalls', () => {
  it('runs one call per key at a time and shares its result', async () => {
    const calls = new SharedCalls<string>();
    const work = deferred<string>();
    let started = 0;
    const start = () => {
      started++;
      return work.promise;
    };
    const a = calls.run('k', new AbortController().signal, start);
    const b = calls.run('k', new AbortController().signal, start);
    const other = calls.run('other', new AbortController().signal, async () => 'x');
    work.resolve('done');
    expect(await a).toEqual({ value: 'done', shared: false });
    expect(await b).toEqual({ value: 'done', shared: true });
    expect(await other).toEqual({ value: 'x', shared: false });
    expect(started).toBe(1);
    expect(calls.size).toBe(0);
    // A later caller starts a fresh call.
    await calls.run('k', new AbortController().signal, async () => 'again');
  });

  it('shares failures too', async () => {
    const calls = new SharedCalls<string>();
    const work = deferred<string>();
    const a = calls.run('k', new AbortController().signal, () => work.promise);
    const b = calls.run('k', new AbortController().signal, () => work.promise);
    work.reject(new Error('pod down'));
    await expect(a).rejects.toThrow('pod down');
    await expect(b).rejects.toThrow('pod down');
  });

  it('lets one caller leave without cancelling the call; cancels it when the last one leaves', async () => {
    const calls = new SharedCalls<string>();
    let upstream: AbortSignal | undefined;
    const start = (signal: AbortSignal) => {
      upstream = signal;
      return new Promise<string>((_, reject) =>
        signal.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    };
    const first = new AbortController();
    const second = new AbortController();
    const a = calls.run('k', first.signal, start);
    const b = calls.run('k', second.signal, start);
    first.abort();
    await expect(a).rejects.toMatchObject({ kind: 'client_closed' });
    expect(upstream?.aborted).toBe(false);
    second.abort();
    await expect(b).rejects.toMatchObject({ kind: 'client_closed' });
    expect(upstream?.aborted).toBe(true);
    expect(calls.size).toBe(0);
  });
});
