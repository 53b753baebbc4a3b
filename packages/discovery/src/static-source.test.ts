import { describe, expect, it } from 'vitest';
import { endpointFromUrl, staticSource } from './static-source.ts';

describe('staticSource', () => {
  it('derives ids from host:port, collapses duplicates and emits once on subscribe', async () => {
    const source = staticSource(['http://10.0.0.2:8000/', 'http://10.0.0.1:8000', 'http://10.0.0.2:8000']);
    const seen: string[][] = [];
    source.subscribe((endpoints) => seen.push(endpoints.map((e) => e.id)));
    expect(seen).toEqual([['10.0.0.1:8000', '10.0.0.2:8000']]);
    expect(source.current()[1]).toEqual({ id: '10.0.0.2:8000', url: 'http://10.0.0.2:8000' });
    await source.close();
  });

  it('makes the default port explicit and rejects non-http URLs', () => {
    expect(endpointFromUrl('https://pods.example/v1')).toEqual({
      id: 'pods.example:443',
      url: 'https://pods.example/v1',
    });
    expect(() => endpointFromUrl('ftp://x')).toThrow(TypeError);
    expect(() => endpointFromUrl('not a url')).toThrow(TypeError);
  });
});
