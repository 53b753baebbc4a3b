/**
 * Arrival cursor over either a seeded Poisson process or a caller's sorted trace. Exposes the next arrival in
 * plain fields (no object per request for the Poisson case).
 */
import type { RandomSource } from '@redline/router';
import type { ArrivalSource, PoissonArrivals, TokenDistribution, TraceArrival } from '../types.ts';

const DEFAULT_TOKENS: TokenDistribution = { kind: 'fixed', value: 50 };

export class ArrivalOrderError extends Error {
  constructor(previous: number, at: number) {
    super(`trace arrivals must be sorted by time: ${at} after ${previous}`);
    this.name = 'ArrivalOrderError';
  }
}

export function sampleTokens(dist: TokenDistribution, random: RandomSource): number {
  switch (dist.kind) {
    case 'fixed':
      return dist.value;
    case 'uniform':
      return dist.min + Math.floor(random() * (dist.max - dist.min + 1));
    case 'exponential': {
      const v = Math.round(-Math.log(1 - random()) * dist.mean);
      return Math.min(dist.max ?? Number.POSITIVE_INFINITY, Math.max(dist.min ?? 1, v));
    }
  }
}

export function meanTokens(dist: TokenDistribution): number {
  switch (dist.kind) {
    case 'fixed':
      return dist.value;
    case 'uniform':
      return (dist.min + dist.max) / 2;
    case 'exponential':
      return Math.max(dist.min ?? 1, dist.mean);
  }
}

export function isPoisson(source: ArrivalSource): source is PoissonArrivals {
  return (source as PoissonArrivals).kind === 'poisson';
}

export class ArrivalCursor {
  /** Time of the next arrival, +Infinity when exhausted. */
  at = Number.POSITIVE_INFINITY;
  inputTokens = 0;
  outputTokens = 0;
  private readonly iterator: Iterator<TraceArrival> | undefined;
  private readonly poisson: PoissonArrivals | undefined;
  private readonly meanGapMs: number;
  private readonly endMs: number;

  constructor(
    source: ArrivalSource,
    private readonly random: RandomSource,
    maxSimMs = Number.POSITIVE_INFINITY,
  ) {
    if (isPoisson(source)) {
      if (!(source.qps > 0) || !(source.seconds > 0))
        throw new RangeError('poisson arrivals need qps > 0 and seconds > 0');
      this.poisson = source;
      this.meanGapMs = 1000 / source.qps;
      this.endMs = Math.min(source.seconds * 1000, maxSimMs);
      this.at = 0;
      this.advancePoisson();
    } else {
      this.meanGapMs = 0;
      this.endMs = maxSimMs;
      this.iterator = source[Symbol.iterator]();
      this.advanceTrace();
    }
  }

  /** Move to the following arrival. */
  next(): void {
    if (this.poisson !== undefined) this.advancePoisson();
    else this.advanceTrace();
  }

  private advancePoisson(): void {
    const p = this.poisson!;
    this.at += -Math.log(1 - this.random()) * this.meanGapMs;
    if (this.at >= this.endMs) {
      this.at = Number.POSITIVE_INFINITY;
      return;
    }
    this.inputTokens = sampleTokens(p.inputTokens ?? DEFAULT_TOKENS, this.random);
    this.outputTokens = sampleTokens(p.outputTokens ?? DEFAULT_TOKENS, this.random);
  }

  private advanceTrace(): void {
    const item = this.iterator!.next();
    if (item.done === true) {
      this.at = Number.POSITIVE_INFINITY;
      return;
    }
    const { at, inputTokens, outputTokens } = item.value;
    if (at < this.at && Number.isFinite(this.at)) throw new ArrivalOrderError(this.at, at);
    this.at = at >= this.endMs ? Number.POSITIVE_INFINITY : at;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
  }
}
