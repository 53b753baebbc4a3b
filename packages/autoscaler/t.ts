import { runPolicyOnTrace } from './src/simulate/compare.ts';
import { POLICY_NAMES, setupPolicy } from './src/simulate/policies.ts';
import { calibrateInSim } from './src/simulate/sim-calibration.ts';
import { azureProfile, diurnalProfile, loadAzureCounts, stepProfile } from './src/simulate/traces.ts';

const cal = calibrateInSim({
  profile: 'l40s-llama3.2-3b',
  sloP99Ms: 1000,
  routerPolicy: 'redline',
  seed: 1,
  gateways: 2,
});
console.log(cal.targetConcurrencyPerPod, cal.targetRpsPerPod);
const peak = Number(process.argv[2] ?? 2000);
const which = process.argv[3] ?? 'step';
const profile =
  which === 'step'
    ? stepProfile({ peakRps: peak, durationMs: 15 * 60_000, stepAtMs: 5 * 60_000 })
    : which === 'diurnal'
      ? diurnalProfile({ peakRps: peak, durationMs: 40 * 60_000 })
      : azureProfile(
          which as 'code',
          await loadAzureCounts(`/work/shared/data/traces/azure-llm-2023-${which}.csv`),
          { peakRps: peak, durationMs: 20 * 60_000, smoothSec: 10 },
        );
console.log(profile.description);
let r0 = 0;
for (let t = 0; t < 60000; t += 1000) r0 += profile.rateAt(t) / 60;
const initial = Math.ceil(r0 / (cal.targetRpsPerPod * 0.8));
for (const name of POLICY_NAMES.filter((n) => !process.env.P || n === process.env.P)) {
  const setup = setupPolicy(name, cal);
  const r = runPolicyOnTrace(
    profile,
    setup,
    {
      profile: 'l40s-llama3.2-3b',
      routerPolicy: 'redline',
      gateways: 2,
      podStartupMs: 180_000,
      sloMs: 1000,
      seed: 7,
      sampleEveryMs: 5000,
      warmupMs: 60000,
    },
    initial,
  );
  const { timeline, latency, ...rest } = r;
  console.log(JSON.stringify({ ...rest, p99: latency.p99 }));
  if (process.env.TL)
    console.log(
      timeline
        .filter((x) => x.t % 20000 === 0)
        .map(
          (x) =>
            `${x.t / 1000}:${Math.round(x.arrivalsPerSec)}/${x.desiredPods}/${x.readyPods}/${Math.round(x.p99Ms)}`,
        )
        .join(' '),
    );
}
