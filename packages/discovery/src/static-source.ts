import { EndpointSetEmitter } from './endpoint-set.ts';
import type { EndpointSource, EndpointSpec } from './types.ts';

/** id is host:port with the scheme's default port made explicit, e.g. "10.0.3.7:8000". */
export function endpointFromUrl(raw: string): EndpointSpec {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new TypeError(`static endpoint is not a URL: ${JSON.stringify(raw)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`static endpoint must be http(s): ${raw}`);
  }
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  const path = parsed.pathname.replace(/\/+$/, '');
  return { id: `${parsed.hostname}:${port}`, url: `${parsed.origin}${path}` };
}

/** A fixed set of upstreams (flags, env, local development). Duplicate URLs collapse into one endpoint. */
export function staticSource(urls: readonly string[]): EndpointSource {
  const byId = new Map<string, EndpointSpec>();
  for (const url of urls) {
    const endpoint = endpointFromUrl(url);
    byId.set(endpoint.id, endpoint);
  }
  const emitter = new EndpointSetEmitter();
  emitter.set([...byId.values()]);
  return {
    subscribe: (cb) => emitter.subscribe(cb),
    current: () => emitter.current(),
    close: async () => emitter.clear(),
  };
}
