import { createRedlineDecider } from './src/deciders/redline.ts';
import { runPolicyOnTrace } from './src/simulate/compare.ts';
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
for (const v of process.argv.slice(3)) {
  const [u, w, lead] = v.split(':').map(Number);
  const decider = createRedlineDecider({
    targetConcurrencyPerPod: cal.targetConcurrencyPerPod,
    curve: cal.curve,
    targetUtilization: u,
    scaleDownStabilizationMs: w! * 1000,
    trendLeadMs: (lead ?? 0) * 1000,
  });
  const r = runPolicyOnTrace(
    profile,
    { name: 'redline', decider, decideEveryMs: 2000, extrapolateMissing: false },
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
  );
  console.log(
    which,
    v,
    'SLO',
    (r.sloAttainment * 100).toFixed(2),
    'GPU',
    r.gpuHours.toFixed(2),
    'rev',
    r.reversals,
    'events',
    r.scaleEvents,
    'peak',
    r.peakPods,
  );
}
