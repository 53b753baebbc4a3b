import type { DeciderName } from './src/deciders/types.ts';
import { runPolicyOnTrace } from './src/simulate/compare.ts';
import { setupPolicy } from './src/simulate/policies.ts';
import { calibrateInSim } from './src/simulate/sim-calibration.ts';
import { azureProfile, diurnalProfile, loadAzureCounts, stepProfile } from './src/simulate/traces.ts';

const cal = calibrateInSim({
  profile: 'l40s-llama3.2-3b',
  sloP99Ms: 1000,
  routerPolicy: 'redline',
  seed: 1,
  gateways: 2,
});
const peak = 2000;
const which = process.argv[2] ?? 'step';
const pols = (process.argv[3] ?? 'hpa,redline').split(',') as DeciderName[];
const profile =
  which === 'step'
    ? stepProfile({ peakRps: peak, durationMs: 12 * 60_000, stepAtMs: 4 * 60_000 })
    : which === 'diurnal'
      ? diurnalProfile({ peakRps: peak, durationMs: 30 * 60_000 })
      : azureProfile(
          which as 'code',
          await loadAzureCounts(`/work/shared/data/traces/azure-llm-2023-${which}.csv`),
          { peakRps: peak, durationMs: 20 * 60_000, smoothSec: 10 },
        );
let r0 = 0;
for (let t = 0; t < 60000; t += 1000) r0 += profile.rateAt(t) / 60;
const initial = Math.ceil(r0 / (cal.targetRpsPerPod * 0.8));
const runs = pols.map((p) =>
  runPolicyOnTrace(
    profile,
    setupPolicy(p, cal),
    {
      profile: 'l40s-llama3.2-3b',
      routerPolicy: 'redline',
      gateways: 2,
      podStartupMs: 180_000,
      sloMs: 1000,
      seed: 1,
      sampleEveryMs: 5000,
      warmupMs: 60000,
    },
    initial,
  ),
);
for (const r of runs)
  console.log(r.policy, (r.sloAttainment * 100).toFixed(2), r.gpuHours.toFixed(2), r.reversals);
const step = Number(process.env.STEP ?? 30000);
for (let i = 0; i < runs[0]!.timeline.length; i++) {
  const s = runs[0]!.timeline[i]!;
  if (s.t % step !== 0) continue;
  console.log(
    `${s.t / 1000}s ${Math.round(s.arrivalsPerSec)}rps need${(s.arrivalsPerSec / cal.targetRpsPerPod).toFixed(1)} | ` +
      runs
        .map((r) => {
          const x = r.timeline[i]!;
          return `${r.policy} ${x.desiredPods}/${x.readyPods} ${Math.round(x.p99Ms)}`;
        })
        .join(' | '),
  );
}
