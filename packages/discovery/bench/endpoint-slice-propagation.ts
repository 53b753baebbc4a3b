/**
 * How fast EndpointSlice changes reach endpointSliceSource consumers through the real client-node informer,
 * against the in-process fake API server: initial sync of 1,000 endpoints, single-change propagation latency,
 * and time to converge after a 410-forced relist. Bounded in count and time; writes bench/results JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { endpointSlice, startFakeApiServer } from '@redline/k8s-fake';
import { endpointSliceSource } from '../src/index.ts';

const SLICES = 10;
const PER_SLICE = 100;
const CHANGES = 200;
const RELISTS = 5;
const BUDGET_MS = 60_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(label: string, samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    label,
    runs: samples.length,
    meanMs: samples.reduce((s, v) => s + v, 0) / samples.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

function addresses(slice: number, extra: string[] = []) {
  const list = Array.from({ length: PER_SLICE }, (_, i) => ({
    ip: `10.${slice}.${Math.floor(i / 250)}.${i % 250}`,
    ready: true,
  }));
  return [...list, ...extra.map((ip) => ({ ip, ready: true }))];
}

async function until(condition: () => boolean, deadline: number): Promise<void> {
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('bench budget exceeded');
    await new Promise((r) => setImmediate(r));
  }
}

const started = Date.now();
const deadline = started + BUDGET_MS;
const fake = await startFakeApiServer();
try {
  for (let s = 0; s < SLICES; s++) fake.store.put(endpointSlice(`model-${s}`, 'model', addresses(s)));
  const t0 = performance.now();
  const source = endpointSliceSource({
    kubeConfig: fake.kubeConfig(),
    namespace: 'default',
    service: 'model',
    portName: 'http',
  });
  try {
    await until(() => source.current().length === SLICES * PER_SLICE, deadline);
    const initialSyncMs = performance.now() - t0;

    const propagation: number[] = [];
    for (let i = 0; i < CHANGES && Date.now() < deadline; i++) {
      const marker = `10.200.${Math.floor(i / 250)}.${i % 250}`;
      const start = performance.now();
      fake.store.put(endpointSlice(`model-${i % SLICES}`, 'model', addresses(i % SLICES, [marker])));
      await until(() => source.current().some((e) => e.id === `${marker}:8000`), deadline);
      propagation.push(performance.now() - start);
      fake.store.put(endpointSlice(`model-${i % SLICES}`, 'model', addresses(i % SLICES)));
      await until(() => source.current().length === SLICES * PER_SLICE, deadline);
    }

    const relist: number[] = [];
    for (let i = 0; i < RELISTS && Date.now() < deadline; i++) {
      await until(() => fake.openWatchCount() === 1, deadline);
      const start = performance.now();
      fake.breakWatches('end');
      fake.store.delete('endpointslices', 'default', 'model-0');
      fake.store.compact();
      await until(() => source.current().length === (SLICES - 1) * PER_SLICE, deadline);
      relist.push(performance.now() - start);
      fake.store.put(endpointSlice('model-0', 'model', addresses(0)));
      await until(() => source.current().length === SLICES * PER_SLICE, deadline);
    }

    const result = {
      bench: 'discovery-endpoint-slice-propagation',
      at: new Date().toISOString(),
      node: process.version,
      loadAverage: loadavg(),
      endpoints: SLICES * PER_SLICE,
      initialSyncMs,
      results: [
        summary('one slice update → consumer', propagation),
        summary('410 relist → converged', relist),
      ],
    };
    console.table([{ label: 'initial sync 1,000 endpoints', meanMs: initialSyncMs }, ...result.results]);
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
    const out = join(root, 'bench', 'results', 'discovery-endpoint-slice-propagation.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`wrote ${out}`);
  } finally {
    await source.close();
  }
} finally {
  await fake.close();
}
