/**
 * redline-fleet-sim CLI: one run per policy, or --find-min-pods for the smallest fleet meeting the SLO.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CliOptions, CliUsageError, parseCli, USAGE } from './cli/args.ts';
import { formatReference, formatRun, summariseRun } from './cli/report.ts';
import { runFleet } from './run-fleet.ts';
import { findMinPods } from './search/find-min-pods.ts';
import { meanTokens } from './sim/arrivals.ts';
import { capacityAtBatchLimit, idealPods } from './sim/capacity.ts';
import { type PooledReferenceResult, runPooledReference } from './sim/pooled-reference.ts';
import type { FleetResult, PolicyName } from './types.ts';

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = resolve(here, '../../../bench/results');

/** What a run shares with the pooled reference: the same arrivals, pods (before any slowdown) and warm-up. */
function fleetShape(cli: CliOptions, pods: number, seconds: number, scale: number) {
  return {
    arrivals: {
      kind: 'poisson' as const,
      qps: cli.qps * scale,
      seconds,
      inputTokens: cli.inputTokens,
      outputTokens: cli.outputTokens,
    },
    profile: cli.profile,
    maxNumSeqs: cli.maxNumSeqs,
    pods: Math.max(1, Math.round(pods * scale)),
    seed: cli.seed,
    networkDelayMs: cli.networkDelayMs,
    warmupMs: Math.min(cli.warmupMs, (seconds * 1000) / 2),
    drainLimitMs: 15_000,
  };
}

function runOnce(cli: CliOptions, policy: PolicyName, pods: number, seconds: number, scale = 1): FleetResult {
  return runFleet({
    ...fleetShape(cli, pods, seconds, scale),
    routerTuning: { redline: { tieBreak: cli.redlineTieBreak } },
    gateways: cli.gateways,
    policy,
    deadlineMs: cli.deadlineMs,
    slowPods: cli.slowPods,
    failingPods: cli.failingPods,
    lengthHint: cli.lengthHint,
  });
}

/** Where every --find-min-pods search starts and stops: the same for each policy and for the reference. */
function searchBounds(cli: CliOptions, ideal: number) {
  return {
    estimate: ideal,
    slo: { p99Ms: cli.sloP99Ms },
    maxPods: Math.ceil(ideal * 8),
    precision: Math.max(cli.precision, 1 / (ideal * cli.searchScale)),
  };
}

/** The smallest fleet meeting the SLO with the pooled reference's dispatcher, searched like the policies. */
function searchReference(cli: CliOptions, ideal: number): unknown {
  const run = (pods: number, seconds: number, scale: number) =>
    runPooledReference({ ...fleetShape(cli, pods, seconds, scale), sloMs: cli.sloP99Ms });
  const found = findMinPods({
    ...searchBounds(cli, ideal),
    measure: (pods) => run(pods, cli.searchSeconds, cli.searchScale),
    confirm: (pods) => run(pods, cli.seconds, cli.confirmScale),
  });
  if (!found.feasible) {
    console.log(`reference: ${found.reason}`);
    return found;
  }
  const ratio = found.pods / ideal;
  console.log(
    `reference: ${found.pods} pods for p99 < ${cli.sloP99Ms} ms (${ratio.toFixed(2)}× the ideal bound; ` +
      'one central queue with instant knowledge of every slot)',
  );
  if (found.confirmed) console.log(formatReference(found.pods, found.confirmed));
  return {
    feasible: true,
    pods: found.pods,
    ratioToIdeal: ratio,
    steps: found.steps,
    confirmed: found.confirmed,
  };
}

function main(): void {
  const cli = parseCli(process.argv.slice(2));
  if (cli.help) {
    console.log(USAGE);
    return;
  }
  const bound = capacityAtBatchLimit(
    cli.profile,
    meanTokens(cli.inputTokens),
    meanTokens(cli.outputTokens),
    cli.maxNumSeqs,
  );
  const ideal = idealPods(cli.qps, bound);
  console.log(
    `profile ${bound.profile}: ${bound.requestsPerSecondPerPod.toFixed(1)} req/s per pod at batch ${bound.batch} ` +
      `(step ${bound.stepMs.toFixed(1)} ms); ideal bound ${ideal.toFixed(0)} pods for ${cli.qps} req/s; ` +
      `unloaded latency ${bound.minLatencyMs.toFixed(0)} ms`,
  );
  const output: Record<string, unknown> = {
    tool: 'redline-fleet-sim',
    at: new Date().toISOString(),
    argv: process.argv.slice(2),
    options: cli,
    bound: { ...bound, idealPods: ideal },
    node: process.version,
  };
  if (!cli.findMinPods) {
    let reference: PooledReferenceResult | undefined;
    if (cli.reference) {
      reference = runPooledReference(fleetShape(cli, cli.pods, cli.seconds, 1));
      console.log(formatReference(cli.pods, reference));
      output.reference = reference;
    }
    const runs: Record<string, unknown> = {};
    for (const policy of cli.policies) {
      const r = runOnce(cli, policy, cli.pods, cli.seconds);
      console.log(formatRun(policy, cli.pods, r, reference?.latency.p99));
      runs[policy] = r;
    }
    output.runs = runs;
  } else {
    const searches: Record<string, unknown> = {};
    const searched = cli.reference ? ['reference' as const, ...cli.policies] : cli.policies;
    for (const policy of searched) {
      if (bound.minLatencyMs >= cli.sloP99Ms) {
        const reason = `infeasible: unloaded latency ${bound.minLatencyMs.toFixed(0)} ms ≥ SLO ${cli.sloP99Ms} ms`;
        console.log(`${policy}: ${reason}`);
        searches[policy] = { feasible: false, reason };
        continue;
      }
      if (policy === 'reference') {
        searches.reference = searchReference(cli, ideal);
        continue;
      }
      const found = findMinPods({
        ...searchBounds(cli, ideal),
        measure: (pods) => runOnce(cli, policy, pods, cli.searchSeconds, cli.searchScale),
        confirm: (pods) => runOnce(cli, policy, pods, cli.seconds, cli.confirmScale),
        onStep: (s) =>
          console.log(
            `  ${policy} ${s.phase.padEnd(7)} pods=${s.pods} p99=${s.p99Ms.toFixed(0)}ms ` +
              `withinSLO=${(s.withinSloShare * 100).toFixed(2)}% ${s.ok ? 'ok' : 'FAIL'} (cpu ${(s.cpuMs / 1000).toFixed(1)}s)`,
          ),
      });
      if (found.feasible) {
        const ratio = found.pods / ideal;
        console.log(
          `${policy}: ${found.pods} pods for p99 < ${cli.sloP99Ms} ms (${ratio.toFixed(2)}× the ideal bound)`,
        );
        if (found.confirmed) console.log(formatRun(policy, found.pods, found.confirmed));
        searches[policy] = {
          feasible: true,
          pods: found.pods,
          ratioToIdeal: ratio,
          steps: found.steps,
          confirmed: found.confirmed ? summariseRun(found.confirmed) : undefined,
        };
      } else {
        console.log(`${policy}: ${found.reason}`);
        searches[policy] = found;
      }
    }
    output.searches = searches;
  }
  if (cli.json) {
    const file =
      cli.out ?? resolve(RESULTS_DIR, `fleet-sim-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);
    console.log(`results: ${file}`);
  }
}

try {
  main();
} catch (error) {
  if (error instanceof CliUsageError) {
    console.error(`redline-fleet-sim: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
