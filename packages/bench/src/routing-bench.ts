import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openBenchDatabase } from './bench-database.ts';
import { measureCapacity } from './capacity.ts';
import { CpuMeter } from './cpu.ts';
import { pinCpus } from './cpu-pinning.ts';
import { ensurePeers } from './ensure-peers.ts';
import { countersSince } from './gateway-counters.ts';
import { cellKey, p99Interval } from './intervals.ts';
import { drawLengths, formatLengthRange, parseLengthRange } from './lengths.ts';
import { runOpenLoop } from './open-loop.ts';
import { startPodFleet } from './pods.ts';
import { cellRandom, poissonSchedule } from './poisson.ts';
import { formatTable, markdownSummary } from './report.ts';
import { type BenchRow, latenciesOf, round1, toRow } from './row.ts';
import { planScenario, type Scenario } from './scenarios.ts';
import { ChatClient } from './stream-request.ts';
import { ALL_SYSTEMS, type RunningSystem, type SystemName, startSystem } from './systems.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'no-pin': { type: 'boolean', default: false },
    systems: { type: 'string' },
    scenarios: { type: 'string' },
    loads: { type: 'string' },
    'duration-ms': { type: 'string' },
    seed: { type: 'string', default: '1' },
    pods: { type: 'string', default: '8' },
    profile: { type: 'string', default: 'l40s-llama3-8b' },
    'max-num-seqs': { type: 'string', default: '2' },
    'max-tokens': { type: 'string', default: '6-26' },
  },
});

const quick = values.quick === true;
const loads = (values.loads ?? (quick ? '85' : '50,70,85,95')).split(',').map(Number);
const durationMs = Number(values['duration-ms'] ?? (quick ? 1500 : 30_000));
const warmupMs = quick ? 750 : 3000;
const drainMs = quick ? 250 : 1000;
const burstMs = quick ? 1000 : 10_000;
// Quick mode is a smoke test: a 2 s deadline ends its burst and slow-pod cells sooner (figures: the full run).
const deadlineMs = quick ? 2000 : 5000;
const model = 'redline/bench-echo';
// About 50 input tokens, like the sentences the extension sends; the echo pods answer its first max_tokens.
const prompt =
  'Their going to the park tomorow, and they was hoping that the weather would be nice enough for a picnic by ' +
  'the lake. Me and him has brought sandwiches, but nobody remembered to pack any drinks or a blanket.';
const lengths = (() => {
  try {
    return parseLengthRange(values['max-tokens']!);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
})();
const scenarios = (values.scenarios?.split(',') ?? [
  'homogeneous',
  'slow-pod',
  'burst',
  'fast-503',
]) as Scenario[];
const requested = (values.systems?.split(',') ?? [...ALL_SYSTEMS]) as SystemName[];

const missingPeers = ensurePeers();
const missing = requested.filter((s) => missingPeers.some((p) => s.startsWith(`${p}:`)));
const systems = requested.filter((s) => !missing.includes(s));
if (missing.length) console.error(`MISSING peers, reported and not measured: ${missing.join(', ')}`);

// Before the pods start, so they inherit the load generator's CPUs.
const pinning = pinCpus(!values['no-pin']);
console.log(`CPU pinning: ${pinning.label}`);
const database = await openBenchDatabase();
console.log(`gateway database: ${database.label}`);
const pods = await startPodFleet({
  count: Number(values.pods),
  profile: values.profile!,
  maxNumSeqs: Number(values['max-num-seqs']),
  model,
});
const rows: BenchRow[] = [];
const samples = new Map<string, number[]>();
try {
  const capacityRps = await measureCapacity({
    podPorts: pods.ports,
    model,
    prompt,
    lengths,
    concurrencyPerPod: Number(values['max-num-seqs']),
    durationMs: quick ? 3000 : 8000,
  });
  console.log(
    `fleet capacity: ${capacityRps.toFixed(1)} requests/s (${pods.ports.length} pods, closed loop at the batch limit)`,
  );
  const seed = Number(values.seed);

  // Quick mode starts each system once and runs the scenarios in turn (fast-503 last, so no ejection carries
  // over); the full run starts every system afresh for every scenario, so no learned state carries over at all.
  for (const system of systems) {
    let running: RunningSystem | undefined;
    let client: ChatClient | undefined;
    try {
      for (const scenario of scenarios) {
        if (!running || !quick) {
          await client?.close();
          await running?.stop();
          running = await startSystem(system, {
            podPorts: pods.ports,
            model,
            deadlineMs,
            databaseUrl: database.url,
            cpus: pinning.systemCpus,
          });
          client = new ChatClient(running.target);
        }
        const current = { running, client: client! };
        for (const loadPct of loads) {
          const rate = (capacityRps * loadPct) / 100;
          const plan = planScenario(scenario, rate, durationMs, burstMs);
          await pods.setFaults(plan.faults);
          // A warm-up at the same rate lets every system learn the pods; it flows straight into the measured
          // window (one open loop, no gap) and its requests are not counted.
          // The same arrivals for every system and every scenario at this load (common random numbers; burst
          // draws the same stream at its own rates): a difference between two cells is the systems' or the
          // fault's, not the luck of the draw.
          const random = cellRandom(seed, loadPct);
          const warmup = poissonSchedule([{ durationMs: warmupMs, ratePerSec: rate }], random);
          const measured = poissonSchedule(plan.phases, random).map((t) => t + warmupMs);
          // Each request's length from its own stream, so lengths do not shift the arrival times.
          const schedule = [...warmup, ...measured];
          const maxTokens = drawLengths(lengths, schedule.length, cellRandom(seed, loadPct, 'lengths'));
          const meter = new CpuMeter(
            new Map([
              [current.running.child.name, { pid: current.running.child.pid, withChildren: true }],
              ['pods', { pid: pods.child.pid, withChildren: true }],
              // The load generator's children are the pods and the system: its own process only.
              ['loadgen', { pid: process.pid, withChildren: false }],
            ]),
          );
          const countersBefore = await current.running.counters?.();
          meter.begin();
          const run = await runOpenLoop({
            client: current.client,
            schedule,
            prompt,
            maxTokens,
            deadlineMs,
          });
          const countersAfter = await current.running.counters?.();
          run.results.splice(0, warmup.length);
          const measuredMs = plan.phases.reduce((a, p) => a + p.durationMs, 0);
          const row = toRow(
            {
              scenario,
              loadPct,
              system,
              offeredRps: round1(rate),
              cpu: meter.end(),
              maxSendLagMs: Math.round(run.maxSendLagMs),
            },
            run.results,
            measuredMs,
            deadlineMs,
          );
          if (countersBefore && countersAfter) row.router = countersSince(countersBefore, countersAfter);
          samples.set(cellKey(row), latenciesOf(run.results, deadlineMs));
          const ci = p99Interval(row, samples);
          if (ci) row.p99CiMs = [round1(ci.lo), round1(ci.hi)];
          rows.push(row);
          console.log(formatTable([row]).split('\n')[1]);
          await pods.setFaults({});
          await new Promise((r) => setTimeout(r, drainMs)); // let pod queues drain between runs
        }
      }
    } finally {
      await client?.close();
      await running?.stop();
    }
  }
} finally {
  await pods.stop();
  await database.drop();
}

console.log(`\n${formatTable(rows)}\n`);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const outDir = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
mkdirSync(outDir, { recursive: true });
const meta = {
  date: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  pods: pods.ports.length,
  profile: values.profile,
  maxNumSeqs: Number(values['max-num-seqs']),
  maxTokens: formatLengthRange(lengths),
  durationMs,
  warmupMs,
  deadlineMs,
  gatewayDatabase: database.label,
  cpuPinning: pinning.label,
  note: 'open-loop Poisson arrivals; latency from the intended send time; failures count at the deadline',
};
writeFileSync(`${outDir}routing-${stamp}.json`, `${JSON.stringify(rows, null, 2)}\n`);
const md = markdownSummary(rows, meta, missing, samples);
writeFileSync(`${outDir}routing-${stamp}.md`, md);
console.log(md.slice(md.indexOf('## Targets')));
console.log(`wrote bench/results/routing-${stamp}.json and .md`);
