import type { GatewayMetrics } from '../observability/metrics.ts';

type MiddlewareOutcome = { ok: true; data: unknown } | { ok: false; error: { code: string } };

/**
 * Count and time a procedure call by path and code. Streaming procedures (async generators) return at once
 * and do their work while being iterated, so for them the clock stops when the stream ends.
 */
export async function instrumentProcedure<R extends MiddlewareOutcome>(
  metrics: GatewayMetrics,
  path: string,
  next: () => Promise<R>,
): Promise<R> {
  const started = performance.now();
  const record = (code: string) => {
    metrics.requests.inc({ procedure: path, code });
    metrics.requestDuration.observe({ procedure: path }, (performance.now() - started) / 1000);
  };
  const result = await next();
  if (!result.ok) {
    record(result.error.code);
    return result;
  }
  if (isAsyncIterable(result.data)) {
    return { ...result, data: instrumentStream(result.data, record) };
  }
  record('OK');
  return result;
}

async function* instrumentStream<T>(source: AsyncIterable<T>, record: (code: string) => void) {
  let code = 'CLIENT_CLOSED_REQUEST';
  try {
    yield* source;
    code = 'OK';
  } catch (error) {
    code =
      (error as { code?: unknown }).code === undefined
        ? 'INTERNAL_SERVER_ERROR'
        : String((error as { code: unknown }).code);
    throw error;
  } finally {
    record(code);
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
