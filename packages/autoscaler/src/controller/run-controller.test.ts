import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deployment, endpointSlice, type FakeApiServerHandle, startFakeApiServer } from '@redline/k8s-fake';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DecideInput, Decider } from '../deciders/types.ts';
import { type RunningController, runController } from './run-controller.ts';
import { captureLogger } from './test-logger.ts';

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition') {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A gateway replica's /metrics: prom-client text with the in-flight gauge per model endpoint. */
async function fakeGateway(
  inFlight: Record<string, number>,
): Promise<{ server: Server; port: number; scrapes: () => number }> {
  let scrapes = 0;
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    scrapes++;
    const lines = Object.entries(inFlight).map(
      ([endpoint, n]) =>
        `redline_gateway_endpoint_in_flight{pool="default",endpoint="${endpoint}",state="healthy"} ${n}`,
    );
    // Another pool's traffic through the same gateway must not count for this Deployment.
    lines.push(
      'redline_gateway_endpoint_in_flight{pool="other",endpoint="10.9.9.9:8000",state="healthy"} 100',
    );
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
    res.end(`# TYPE redline_gateway_endpoint_in_flight gauge\n${lines.join('\n')}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, scrapes: () => scrapes };
}

function fixedDecider(desiredPods: number, inputs: DecideInput[] = []): Decider {
  return {
    decide: (input) => {
      inputs.push(input);
      return { desiredPods, inPanic: false };
    },
  };
}

let fake: FakeApiServerHandle;
let gateways: Server[];
let controllers: RunningController[];

beforeEach(async () => {
  fake = await startFakeApiServer();
  gateways = [];
  controllers = [];
  fake.store.put(deployment('model', 1));
  // Model pods: three ready, one starting, one draining.
  fake.store.put(
    endpointSlice('model-abc', 'model', [
      { ip: '10.0.0.1', ready: true },
      { ip: '10.0.0.2', ready: true },
      { ip: '10.0.0.3', ready: false },
    ]),
  );
  fake.store.put(
    endpointSlice('model-def', 'model', [
      { ip: '10.0.0.4', ready: true },
      { ip: '10.0.0.5', ready: false, serving: true, terminating: true },
    ]),
  );
  // Two gateway replicas, both on 127.0.0.1 with their own ports (one slice each, as ports are per slice).
  const a = await fakeGateway({ '10.0.0.1:8000': 12, '10.0.0.2:8000': 3 });
  const b = await fakeGateway({ '10.0.0.1:8000': 5, '10.0.0.4:8000': 10 });
  gateways.push(a.server, b.server);
  fake.store.put(
    endpointSlice('gw-1', 'gateway', [{ ip: '127.0.0.1', ready: true }], {
      port: a.port,
      portName: 'metrics',
    }),
  );
  fake.store.put(
    endpointSlice('gw-2', 'gateway', [{ ip: '127.0.0.1', ready: true }], {
      port: b.port,
      portName: 'metrics',
    }),
  );
});

afterEach(async () => {
  await Promise.allSettled(controllers.map((c) => c.close()));
  for (const server of gateways) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await fake.close();
});

async function start(decider: Decider, extra: { dryRun?: boolean; identity?: string } = {}) {
  const { logger, lines } = captureLogger();
  const controller = await runController({
    kubeConfig: fake.kubeConfig(),
    namespace: 'default',
    deployment: 'model',
    modelService: 'model',
    minReplicas: 1,
    maxReplicas: 8,
    tickMs: 40,
    dryRun: extra.dryRun ?? false,
    metricsSource: { kind: 'gateways', gatewayService: 'gateway', gatewayPortName: 'metrics' },
    metricLabels: { pool: 'default' },
    lease: {
      durationSeconds: 2,
      renewDeadlineMs: 1500,
      retryPeriodMs: 40,
      identity: extra.identity ?? 'ctl-a',
    },
    metricsPort: 0,
    metricsHost: '127.0.0.1',
    decider,
    logger,
  });
  controllers.push(controller);
  return { controller, lines };
}

const replicas = () =>
  (fake.store.get('deployments', 'default', 'model')?.spec as { replicas?: number } | undefined)?.replicas;

describe('runController against the fake API server', () => {
  it('sums gateway metrics, counts pods from EndpointSlices and patches the Deployment scale', async () => {
    const inputs: DecideInput[] = [];
    const { controller, lines } = await start(fixedDecider(5, inputs));
    await waitFor(() => lines.some((l) => l.outcome === 'scaled'), 5000, 'scale patched');
    expect(replicas()).toBe(5);
    // Nothing is decided before the model EndpointSlices are synced (0 ready pods would mislead the decider).
    expect(inputs.every((i) => i.readyPods === 3)).toBe(true);
    const input = inputs.at(-1);
    expect(input).toMatchObject({ readyPods: 3, startingPods: 1, stableConcurrency: 30, podsWithMetrics: 3 });
    expect(fake.requests({ verb: 'patch', resource: 'deployments' })[0]).toMatchObject({
      subresource: 'scale',
      contentType: 'application/merge-patch+json',
    });
    const scaled = lines.find((l) => l.outcome === 'scaled');
    expect(scaled).toMatchObject({
      currentReplicas: 1,
      desiredPods: 5,
      direction: 'up',
      stableConcurrency: 30,
    });
    const text = await (await fetch(`${controller.metricsUrl}/metrics`)).text();
    expect(text).toMatch(/redline_autoscaler_leader\{deployment="model"\} 1/);
    expect(text).toMatch(/redline_autoscaler_ready_pods\{deployment="model"\} 3/);
    expect(text).toMatch(/redline_autoscaler_starting_pods\{deployment="model"\} 1/);
    expect(text).toMatch(/redline_autoscaler_decisions_total\{direction="up",deployment="model"\} 1/);
  });

  it('only the lease holder acts; the standby takes over when the leader shuts down', async () => {
    const first = await start(fixedDecider(3), { identity: 'ctl-a' });
    await waitFor(() => replicas() === 3, 5000, 'leader scaled to 3');
    const second = await start(fixedDecider(6), { identity: 'ctl-b' });
    await waitFor(
      () => second.lines.filter((l) => l.outcome === 'not-leader').length >= 3,
      5000,
      'standby ticks',
    );
    expect(replicas()).toBe(3);
    expect(second.controller.isLeader()).toBe(false);
    expect(first.controller.isLeader()).toBe(true);

    await first.controller.close();
    await waitFor(() => replicas() === 6, 5000, 'standby took over');
    expect(second.controller.isLeader()).toBe(true);
    const lease = fake.store.get('leases', 'default', 'redline-autoscaler-model');
    expect(lease?.spec).toMatchObject({ holderIdentity: 'ctl-b' });
  });

  it('dry-run logs the decision without patching', async () => {
    const { lines } = await start(fixedDecider(4), { dryRun: true });
    await waitFor(() => lines.some((l) => l.outcome === 'dry-run'), 5000, 'dry-run decision');
    expect(lines.find((l) => l.outcome === 'dry-run')).toMatchObject({ desiredPods: 4, currentReplicas: 1 });
    expect(fake.requests({ verb: 'patch' })).toHaveLength(0);
    expect(replicas()).toBe(1);
  });

  it('refuses to act while an autoscaling/v2 HPA targets the same Deployment', async () => {
    fake.store.put({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'model-cpu', namespace: 'default' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'model' },
        minReplicas: 1,
        maxReplicas: 4,
      },
    });
    const { controller, lines } = await start(fixedDecider(5));
    await waitFor(() => lines.some((l) => l.outcome === 'hpa-conflict'), 5000, 'hpa refusal');
    expect(lines.find((l) => l.outcome === 'hpa-conflict')?.msg).toMatch(/model-cpu/);
    expect(fake.requests({ verb: 'patch' })).toHaveLength(0);
    const text = await (await fetch(`${controller.metricsUrl}/metrics`)).text();
    expect(text).toMatch(/redline_autoscaler_hpa_conflict\{deployment="model"\} 1/);
  });

  it('rejects invalid options with a ZodError', async () => {
    await expect(
      runController({
        kubeConfig: fake.kubeConfig(),
        namespace: 'default',
        deployment: 'model',
        modelService: 'model',
        minReplicas: 5,
        maxReplicas: 2,
        metricsSource: { kind: 'prometheus', url: 'http://prom:9090' },
        metricsPort: null,
        decider: fixedDecider(1),
      }),
    ).rejects.toThrow(/minReplicas must be <= maxReplicas/);
  });
});
