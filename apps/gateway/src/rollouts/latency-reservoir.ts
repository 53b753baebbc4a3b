/** The most recent `capacity` latencies, for p50/p99 in status (bounded memory, recent behaviour). */
export class LatencyReservoir {
  private readonly samples: number[] = [];
  private next = 0;
  private total = 0;

  constructor(private readonly capacity = 2048) {}

  add(ms: number): void {
    this.total++;
    if (this.samples.length < this.capacity) this.samples.push(ms);
    else {
      this.samples[this.next] = ms;
      this.next = (this.next + 1) % this.capacity;
    }
  }

  /** Nearest-rank percentiles over the retained samples; null when there are none. */
  summary(): { count: number; p50: number | null; p99: number | null; max: number | null } {
    if (this.samples.length === 0) return { count: this.total, p50: null, p99: null, max: null };
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (q: number) => round(sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!);
    return { count: this.total, p50: at(0.5), p99: at(0.99), max: round(sorted[sorted.length - 1]!) };
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;
