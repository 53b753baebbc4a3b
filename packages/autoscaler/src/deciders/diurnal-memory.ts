/**
 * Diurnal memory: what the fleet needed at this time of day one period ago (yesterday). Traffic for a writing
 * assistant follows the working day, so yesterday's count a few minutes ahead is a good floor for today: it
 * orders capacity before the morning ramp instead of after it, hiding the GPU pods' minutes-long start-up.
 */
export interface MemoryPoint {
  /** ms on the decider's clock. */
  t: number;
  /**
   * Pods the load needed then (its stable-window rate at the per-pod target rate). Recording the needed
   * count rather than yesterday's orders keeps yesterday's mistakes out of today's floor: in `simulate`,
   * pods bought for a burst that was over before they arrived became a floor of 52 for a 40-pod afternoon.
   */
  desiredPods: number;
}

export const DEFAULT_MEMORY_LEAD_MS = 300_000;

export interface DiurnalMemoryOptions {
  /** Recorded history, ascending by t (yesterday's needed pods). */
  series: readonly MemoryPoint[];
  /** Length of a "day". Default 86 400 000 ms; the simulator compresses it with the trace. */
  periodMs?: number;
  /** Look this far ahead in yesterday's series (cover start-up). Default 300 000 ms. */
  leadMs?: number;
  /** Floor = fraction × yesterday's count. Default 0.8 (yesterday is a hint, not a promise). */
  fraction?: number;
}

/** Floor for `now`: fraction × the highest count yesterday within [now, now + lead]; 0 without history. */
export function memoryFloor(memory: DiurnalMemoryOptions, now: number): number {
  const period = memory.periodMs ?? 86_400_000;
  const lead = memory.leadMs ?? DEFAULT_MEMORY_LEAD_MS;
  const fraction = memory.fraction ?? 0.8;
  const from = now - period;
  const to = from + lead;
  const s = memory.series;
  // First point at or after `from`, then also the one before it (its value holds until the next point).
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid]!.t < from) lo = mid + 1;
    else hi = mid;
  }
  let best = lo > 0 ? s[lo - 1]!.desiredPods : 0;
  if (lo === 0 && (s.length === 0 || s[0]!.t > to)) return 0;
  for (let i = lo; i < s.length && s[i]!.t <= to; i++) best = Math.max(best, s[i]!.desiredPods);
  return Math.ceil(fraction * best);
}

/** Records the pods needed over a period so the next period can use it as memory. */
export class MemoryRecorder {
  readonly series: MemoryPoint[] = [];

  constructor(private readonly minIntervalMs = 10_000) {}

  record(t: number, desiredPods: number): void {
    const last = this.series[this.series.length - 1];
    if (last && t - last.t < this.minIntervalMs && last.desiredPods >= desiredPods) return;
    this.series.push({ t, desiredPods });
  }
}
