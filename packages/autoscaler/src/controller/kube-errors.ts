/** HTTP status of a client-node failure (ApiException.code), or undefined for network errors. */
export function httpCodeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** First line of an error, for logs (ApiException messages carry whole response bodies and headers). */
export function briefError(error: unknown): string {
  const code = httpCodeOf(error);
  const body = (error as { body?: unknown } | undefined)?.body;
  if (code !== undefined && typeof body === 'string') {
    try {
      const status = JSON.parse(body) as { reason?: string; message?: string };
      return `${code} ${status.reason ?? ''}: ${status.message ?? ''}`.trim();
    } catch {
      return `${code}`;
    }
  }
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
}
