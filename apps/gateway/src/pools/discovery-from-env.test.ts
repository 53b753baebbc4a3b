import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endpointSlice, startFakeApiServer } from '@redline/k8s-fake';
import type { EndpointSpec } from '@redline/router';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from '../env.ts';
import { discoveryFromEnv } from './discovery-from-env.ts';

const logger = pino({ level: 'silent' });

function firstSet(source: { subscribe(cb: (e: EndpointSpec[]) => void): () => void }): EndpointSpec[] {
  let seen: EndpointSpec[] = [];
  source.subscribe((e) => {
    seen = e;
  })();
  return seen;
}

describe('discoveryFromEnv', () => {
  it('serves the static list by default', async () => {
    const env = loadEnv({ REDLINE_ENDPOINTS: 'http://10.0.0.1:8000,http://10.0.0.2:8000' });
    const source = await discoveryFromEnv(env, logger);
    expect(firstSet(source).map((e) => e.id)).toEqual(['10.0.0.1:8000', '10.0.0.2:8000']);
    await source.close();
  });

  it('says which variable is missing for dns and kubernetes discovery', () => {
    expect(() => loadEnv({ REDLINE_DISCOVERY: 'dns' })).toThrow(/REDLINE_DNS_NAME: required/);
    expect(() => loadEnv({ REDLINE_DISCOVERY: 'kubernetes' })).toThrow(EnvError);
    expect(() => loadEnv({ REDLINE_DISCOVERY: 'consul' })).toThrow(/REDLINE_DISCOVERY/);
  });

  it('watches the Service EndpointSlices through KUBECONFIG and drains terminating pods', async () => {
    const fake = await startFakeApiServer();
    const kubeconfigPath = join(mkdtempSync(join(tmpdir(), 'kubeconfig-')), 'config');
    writeFileSync(kubeconfigPath, fake.kubeConfig('redline').exportConfig());
    const previous = process.env.KUBECONFIG;
    process.env.KUBECONFIG = kubeconfigPath;
    try {
      fake.store.put(
        endpointSlice(
          'gec-abc',
          'gec',
          [
            { ip: '10.1.0.1', ready: true },
            { ip: '10.1.0.2', ready: false, serving: true, terminating: true },
            { ip: '10.1.0.3', ready: false, serving: false },
          ],
          { namespace: 'redline' },
        ),
      );
      const env = loadEnv({
        REDLINE_DISCOVERY: 'kubernetes',
        REDLINE_K8S_NAMESPACE: 'redline',
        REDLINE_K8S_SERVICE: 'gec',
        REDLINE_K8S_PORT_NAME: 'http',
      });
      const source = await discoveryFromEnv(env, logger);
      try {
        const endpoints = firstSet(source).sort((a, b) => a.id.localeCompare(b.id));
        expect(endpoints.map((e) => [e.url, e.terminating === true])).toEqual([
          ['http://10.1.0.1:8000', false],
          ['http://10.1.0.2:8000', true],
        ]);
      } finally {
        await source.close();
      }
    } finally {
      if (previous === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = previous;
      await fake.close();
    }
  }, 30_000);
});
