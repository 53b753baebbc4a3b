import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA_DIR } from '../paths.ts';
import { poissonArrivals, seededRandom } from './arrival-generator.ts';
import { azureProfile, diurnalProfile, loadAzureCounts, smooth, stepProfile } from './traces.ts';

describe('synthetic traces', () => {
  it('diurnal: trough at 25 % of peak at 04:00, peak mid-afternoon, bursts on top', () => {
    const day = 24 * 60_000; // one simulated minute per hour
    const p = diurnalProfile({ peakRps: 1000, durationMs: day, bursts: [] });
    expect(p.rateAt((4 / 24) * day)).toBeCloseTo(250);
    expect(p.rateAt((16 / 24) * day)).toBeCloseTo(1000);
    expect(p.timeCompression).toBeCloseTo(60);
    const bursty = diurnalProfile({
      peakRps: 1000,
      durationMs: day,
      bursts: [{ atShare: 0.5, plus: 0.5, lengthMs: 20_000 }],
    });
    expect(bursty.rateAt(0.5 * day + 15_000) / p.rateAt(0.5 * day + 15_000)).toBeCloseTo(1.5);
    expect(bursty.burstsAtMs).toEqual([0.5 * day]);
  });

  it('step: +50 % within 10 s', () => {
    const p = stepProfile({ peakRps: 1500, durationMs: 600_000, stepAtMs: 100_000 });
    expect(p.rateAt(50_000)).toBeCloseTo(1000);
    expect(p.rateAt(105_000)).toBeCloseTo(1250);
    expect(p.rateAt(200_000)).toBeCloseTo(1500);
  });

  it('poissonArrivals follows the rate and is reproducible', () => {
    const count = (seed: number) => [...poissonArrivals(() => 500, 10_000, seededRandom(seed))];
    const a = count(3);
    expect(a.length).toBeGreaterThan(4_700);
    expect(a.length).toBeLessThan(5_300);
    expect(count(3)).toEqual(a);
    for (let i = 1; i < a.length; i++) expect(a[i]!.at).toBeGreaterThanOrEqual(a[i - 1]!.at);
    // Token counts: REDLINE_TOKENS (uniform 40–60 in and out), both ends reached.
    for (const key of ['inputTokens', 'outputTokens'] as const) {
      const n = a.map((x) => x[key]);
      expect(Math.min(...n)).toBe(40);
      expect(Math.max(...n)).toBe(60);
    }
  });

  it('smooth is a centred moving average', () => {
    expect(smooth([0, 0, 9, 0, 0], 3)).toEqual([0, 3, 3, 3, 0]);
  });
});

const traces = join(SHARED_DATA_DIR, 'traces');
const here = existsSync(traces);
if (!here) console.warn('skipping Azure trace tests: ../shared/data absent');
describe.skipIf(!here)('Azure traces', () => {
  it('loads per-second counts and rescales the peak', async () => {
    const counts = await loadAzureCounts(join(traces, 'azure-llm-2023-conv.csv'));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(19_366);
    expect(counts.length).toBeGreaterThan(3_400);
    const p = azureProfile('conv', counts, { peakRps: 2_000, durationMs: 20 * 60_000, smoothSec: 10 });
    let max = 0;
    for (let t = 0; t < p.durationMs; t += 250) max = Math.max(max, p.rateAt(t));
    expect(max).toBeCloseTo(2_000, 0);
    expect(p.timeCompression).toBeCloseTo((counts.length * 1000) / (20 * 60_000));
    expect(p.description).toContain('compressed');
  });
});
