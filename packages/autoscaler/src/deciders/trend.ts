/**
 * Least-squares slope of a value over a sliding time window. The redline decider fits it to its own stable
 * (60 s) load estimate: a ramp seen over minutes is projected over the pods' start-up, so capacity ordered now
 * is ready when the ramp gets there. The stable window keeps the panic window's noise out of the projection.
 */
export class SlidingTrend {
  private readonly points: { t: number; v: number }[] = [];

  constructor(private readonly windowMs: number) {}

  add(t: number, v: number): void {
    this.points.push({ t, v });
    while (this.points.length > 0 && this.points[0]!.t <= t - this.windowMs) this.points.shift();
  }

  /** Slope per ms; 0 until the window is at least half full. */
  slope(): number {
    const n = this.points.length;
    if (n < 3) return 0;
    const span = this.points[n - 1]!.t - this.points[0]!.t;
    if (span < this.windowMs / 2) return 0;
    let st = 0;
    let sv = 0;
    for (const p of this.points) {
      st += p.t;
      sv += p.v;
    }
    const mt = st / n;
    const mv = sv / n;
    let num = 0;
    let den = 0;
    for (const p of this.points) {
      num += (p.t - mt) * (p.v - mv);
      den += (p.t - mt) ** 2;
    }
    return den > 0 ? num / den : 0;
  }
}
