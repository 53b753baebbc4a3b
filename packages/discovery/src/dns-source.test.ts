import { describe, expect, it } from 'vitest';
import { type DnsResolver, dnsSource } from './dns-source.ts';
import type { Timers } from './types.ts';

/** Timers that only fire when the test says so. */
function manualTimers(): Timers & { fire(): void; pending(): number } {
  let queued: (() => void) | undefined;
  return {
    setTimeout: (fn) => {
      queued = fn;
      return 1;
    },
    clearTimeout: () => {
      queued = undefined;
    },
    fire: () => {
      const fn = queued;
      queued = undefined;
      fn?.();
    },
    pending: () => (queued ? 1 : 0),
  };
}

function scriptedResolver(answers: (string[] | Error)[]): DnsResolver & { calls: number } {
  const resolver = {
    calls: 0,
    resolve4: async () => {
      const answer = answers[Math.min(resolver.calls, answers.length - 1)];
      resolver.calls++;
      if (answer instanceof Error) throw answer;
      return answer ?? [];
    },
    resolve6: async () => [],
  };
  return resolver;
}

function dnsError(code: string): Error {
  return Object.assign(new Error(`queryA ${code} model`), { code });
}

describe('dnsSource', () => {
  it('emits only on change and keeps the last good set on errors', async () => {
    const resolver = scriptedResolver([
      ['10.0.0.2', '10.0.0.1'],
      ['10.0.0.1', '10.0.0.2'],
      dnsError('ETIMEOUT'),
      dnsError('ENOTFOUND'),
      ['10.0.0.3'],
    ]);
    const timers = manualTimers();
    const errors: unknown[] = [];
    const source = dnsSource({
      hostname: 'model.redline.svc.cluster.local',
      port: 8000,
      intervalMs: 1000,
      resolver,
      timers,
      onError: (e) => errors.push(e),
    });
    const seen: string[][] = [];
    source.subscribe((endpoints) => seen.push(endpoints.map((e) => e.id)));
    await source.refresh();
    for (let i = 0; i < 4; i++) await source.refresh();
    expect(resolver.calls).toBe(5);
    expect(seen).toEqual([[], ['10.0.0.1:8000', '10.0.0.2:8000'], ['10.0.0.3:8000']]);
    expect(errors.map((e) => (e as { code: string }).code)).toEqual(['ETIMEOUT', 'ENOTFOUND']);
    await source.close();
    expect(timers.pending()).toBe(0);
  });

  it('re-resolves on its timer', async () => {
    const resolver = scriptedResolver([['10.0.0.1'], ['10.0.0.1', '10.0.0.9']]);
    const timers = manualTimers();
    const source = dnsSource({ hostname: 'm', port: 80, intervalMs: 5, resolver, timers });
    await source.refresh();
    expect(source.current().map((e) => e.url)).toEqual(['http://10.0.0.1:80']);
    timers.fire();
    await source.refresh();
    expect(source.current()).toHaveLength(2);
    await source.close();
  });

  it('merges A and AAAA answers in dual mode, tolerating one empty family', async () => {
    const resolver: DnsResolver = {
      resolve4: async () => ['10.0.0.1'],
      resolve6: async () => {
        throw dnsError('ENODATA');
      },
    };
    const source = dnsSource({
      hostname: 'm',
      port: 8000,
      intervalMs: 1000,
      family: 'dual',
      resolver,
      timers: manualTimers(),
    });
    await source.refresh();
    expect(source.current().map((e) => e.id)).toEqual(['10.0.0.1:8000']);
    const v6 = dnsSource({
      hostname: 'm',
      port: 8000,
      intervalMs: 1000,
      family: 'ipv6',
      resolver: { resolve4: async () => [], resolve6: async () => ['fd00::1'] },
      timers: manualTimers(),
    });
    await v6.refresh();
    expect(v6.current()).toEqual([{ id: '[fd00::1]:8000', url: 'http://[fd00::1]:8000' }]);
    await source.close();
    await v6.close();
  });
});
