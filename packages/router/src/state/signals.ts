/**
 * Time-aware EWMA helpers shared by policies. All take the sample time explicitly (injected clock).
 */

/** Weight in [0, 1] of the last load report: 1 when fresh, decaying as e^(−age/τ). */
export function reportWeight(reportAt: number, now: number, decayMs: number): number {
  const age = now - reportAt;
  if (!(age < Number.POSITIVE_INFINITY)) return 0;
  return age <= 0 ? 1 : Math.exp(-age / decayMs);
}

/**
 * Time-decayed EWMA step: the old estimate keeps weight e^(−Δt/τ), but each sample gets at least
 * minAlpha so a burst of samples within a few milliseconds still moves the estimate.
 */
export function ewmaStep(
  estimate: number,
  stamp: number,
  sample: number,
  now: number,
  decayMs: number,
  minAlpha: number,
): number {
  if (Number.isNaN(estimate)) return sample;
  const dt = now - stamp;
  let keep = dt > 0 ? Math.exp(-dt / decayMs) : 1;
  if (keep > 1 - minAlpha) keep = 1 - minAlpha;
  return estimate * keep + sample * (1 - keep);
}

/**
 * Linkerd/Finagle peak-EWMA step: a sample above the estimate replaces it at once (react to latency spikes
 * immediately), lower samples blend in with weight 1 − e^(−Δt/τ) (recover slowly).
 */
export function peakEwmaStep(
  estimate: number,
  stamp: number,
  sample: number,
  now: number,
  decayMs: number,
): number {
  if (Number.isNaN(estimate) || sample > estimate) return sample;
  const dt = now - stamp;
  const keep = dt > 0 ? Math.exp(-dt / decayMs) : 1;
  return estimate * keep + sample * (1 - keep);
}
