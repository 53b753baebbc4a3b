import { GatewayError } from '../errors.ts';

interface Entry<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiters: number;
}

/**
 * Coalesces identical concurrent work ("single flight"): while a call for a key runs, later callers with the
 * same key wait for its result instead of starting their own. The extension re-sends a paragraph while the
 * previous check of it is still running; this turns that into one pod request.
 * The shared call is aborted only once every caller has gone; each caller can still leave on its own signal.
 */
export class SharedCalls<T> {
  private readonly calls = new Map<string, Entry<T>>();

  get size(): number {
    return this.calls.size;
  }

  /** `shared` is true for callers that joined a call another caller started. */
  run(
    key: string,
    signal: AbortSignal,
    start: (signal: AbortSignal) => Promise<T>,
  ): Promise<{ value: T; shared: boolean }> {
    if (signal.aborted) return Promise.reject(clientClosed(signal));
    let entry = this.calls.get(key);
    const shared = entry !== undefined;
    if (!entry) {
      const controller = new AbortController();
      const created: Entry<T> = { controller, waiters: 0, promise: start(controller.signal) };
      const forget = () => {
        if (this.calls.get(key) === created) this.calls.delete(key);
      };
      created.promise.then(forget, forget);
      this.calls.set(key, created);
      entry = created;
    }
    const joined = entry;
    joined.waiters++;
    return new Promise((resolve, reject) => {
      let settled = false;
      const onAbort = () => {
        if (settled) return;
        settled = true;
        joined.waiters--;
        if (joined.waiters === 0) {
          // Nobody wants it any more: stop the upstream work and let the next caller start afresh.
          if (this.calls.get(key) === joined) this.calls.delete(key);
          joined.controller.abort(signal.reason);
        }
        reject(clientClosed(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      joined.promise.then(
        (value) => {
          if (settled) return;
          settled = true;
          signal.removeEventListener('abort', onAbort);
          resolve({ value, shared });
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}

function clientClosed(signal: AbortSignal): GatewayError {
  return new GatewayError('client_closed', 'the client closed the request', { cause: signal.reason });
}
