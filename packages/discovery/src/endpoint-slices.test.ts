import type { V1EndpointSlice } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { addressesFromSlices, countAddresses, endpointsFromSlices, stateOf } from './endpoint-slices.ts';

type Conditions = { ready?: boolean; serving?: boolean; terminating?: boolean };

function slice(
  name: string,
  endpoints: { ip: string; conditions?: Conditions; pod?: string }[],
  ports: { name?: string; port?: number }[] = [{ name: 'http', port: 8000 }],
  addressType = 'IPv4',
): V1EndpointSlice {
  return {
    metadata: { name, labels: { 'kubernetes.io/service-name': 'model' } },
    addressType,
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      conditions: e.conditions ?? {},
      ...(e.pod ? { targetRef: { kind: 'Pod', name: e.pod } } : {}),
    })),
    ports,
  };
}

describe('stateOf (EndpointConditions semantics)', () => {
  it.each([
    [{}, 'ready'],
    [{ ready: true }, 'ready'],
    [{ ready: false }, 'not-ready'],
    [{ ready: false, serving: true, terminating: true }, 'terminating'],
    [{ ready: false, serving: false, terminating: true }, 'gone'],
    // serving nil defers to ready; ready nil means ready.
    [{ terminating: true }, 'terminating'],
    [{ ready: false, terminating: true }, 'gone'],
    [{ ready: true, terminating: false, serving: true }, 'ready'],
  ] as const)('%j → %s', (conditions, expected) => {
    expect(stateOf(conditions)).toBe(expected);
  });
});

describe('endpointsFromSlices', () => {
  it('keeps ready endpoints, flags serving terminating ones, drops the rest', () => {
    const endpoints = endpointsFromSlices(
      [
        slice('a', [
          { ip: '10.0.0.1', conditions: { ready: true } },
          { ip: '10.0.0.2', conditions: { ready: false, serving: true, terminating: true } },
          { ip: '10.0.0.3', conditions: { ready: false } },
          { ip: '10.0.0.4', conditions: { ready: false, serving: false, terminating: true } },
          { ip: '10.0.0.5' },
        ]),
      ],
      { portName: 'http' },
    );
    expect(endpoints).toEqual([
      { id: '10.0.0.1:8000', url: 'http://10.0.0.1:8000' },
      { id: '10.0.0.2:8000', url: 'http://10.0.0.2:8000', terminating: true },
      { id: '10.0.0.5:8000', url: 'http://10.0.0.5:8000' },
    ]);
  });

  it('picks the port by name per slice and skips slices without it', () => {
    const endpoints = endpointsFromSlices(
      [
        slice(
          'a',
          [{ ip: '10.0.0.1' }],
          [
            { name: 'metrics', port: 9090 },
            { name: 'http', port: 8000 },
          ],
        ),
        slice('b', [{ ip: '10.0.0.2' }], [{ name: 'http', port: 8001 }]),
        slice('c', [{ ip: '10.0.0.3' }], [{ name: 'metrics', port: 9090 }]),
      ],
      { portName: 'http', scheme: 'https' },
    );
    expect(endpoints.map((e) => e.url)).toEqual(['https://10.0.0.1:8000', 'https://10.0.0.2:8001']);
  });

  it('uses the only port of a single-port slice when no name is given, and unnamed ports as ""', () => {
    const single = slice('a', [{ ip: '10.0.0.1' }], [{ port: 7000 }]);
    expect(endpointsFromSlices([single]).map((e) => e.id)).toEqual(['10.0.0.1:7000']);
    expect(endpointsFromSlices([single], { portName: '' }).map((e) => e.id)).toEqual(['10.0.0.1:7000']);
    const multi = slice(
      'b',
      [{ ip: '10.0.0.2' }],
      [
        { name: 'a', port: 1 },
        { name: 'b', port: 2 },
      ],
    );
    expect(endpointsFromSlices([multi])).toEqual([]);
  });

  it('brackets IPv6 addresses', () => {
    const endpoints = endpointsFromSlices([slice('v6', [{ ip: 'fd00::7' }], undefined, 'IPv6')], {
      portName: 'http',
    });
    expect(endpoints).toEqual([{ id: '[fd00::7]:8000', url: 'http://[fd00::7]:8000' }]);
  });

  it('de-duplicates an address listed in two slices, preferring the most ready view', () => {
    const terminatingView = slice('old', [
      { ip: '10.0.0.1', conditions: { ready: false, serving: true, terminating: true } },
    ]);
    const readyView = slice('new', [{ ip: '10.0.0.1', conditions: { ready: true } }]);
    const notReadyView = slice('odd', [{ ip: '10.0.0.1', conditions: { ready: false } }]);
    for (const order of [
      [terminatingView, readyView, notReadyView],
      [notReadyView, readyView, terminatingView],
    ]) {
      expect(endpointsFromSlices(order, { portName: 'http' })).toEqual([
        { id: '10.0.0.1:8000', url: 'http://10.0.0.1:8000' },
      ]);
    }
    expect(endpointsFromSlices([terminatingView, notReadyView], { portName: 'http' })).toEqual([
      { id: '10.0.0.1:8000', url: 'http://10.0.0.1:8000', terminating: true },
    ]);
  });

  it('counts ready, starting and draining pods for the autoscaler', () => {
    const addresses = addressesFromSlices(
      [
        slice('a', [
          { ip: '10.0.0.1', pod: 'model-1' },
          { ip: '10.0.0.2', conditions: { ready: false } },
          { ip: '10.0.0.3', conditions: { ready: false, serving: true, terminating: true } },
        ]),
      ],
      { portName: 'http' },
    );
    expect(addresses[0]?.podName).toBe('model-1');
    expect(countAddresses(addresses)).toEqual({ ready: 1, notReady: 1, terminating: 1 });
  });
});
