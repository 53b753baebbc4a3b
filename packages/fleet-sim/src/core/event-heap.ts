/**
 * Binary min-heap of timed events stored in parallel typed arrays (no object per event). Ordered by time,
 * then by insertion sequence, so events at the same instant pop in the order they were scheduled — the
 * simulation is deterministic and causally sensible (a step scheduled first finishes first).
 */
export class EventHeap {
  private times: Float64Array;
  private seqs: Float64Array;
  private kinds: Uint8Array;
  private payloads: Int32Array;
  private count = 0;
  private nextSeq = 0;

  constructor(initialCapacity = 1024) {
    this.times = new Float64Array(initialCapacity);
    this.seqs = new Float64Array(initialCapacity);
    this.kinds = new Uint8Array(initialCapacity);
    this.payloads = new Int32Array(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event, or +Infinity when empty. */
  peekTime(): number {
    return this.count > 0 ? this.times[0]! : Number.POSITIVE_INFINITY;
  }

  peekKind(): number {
    return this.kinds[0]!;
  }

  peekPayload(): number {
    return this.payloads[0]!;
  }

  push(time: number, kind: number, payload: number): void {
    if (this.count === this.times.length) this.grow();
    const seq = this.nextSeq++;
    let i = this.count++;
    const times = this.times;
    const seqs = this.seqs;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      this.move(parent, i);
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    this.kinds[i] = kind;
    this.payloads[i] = payload;
  }

  /** Remove the earliest event (read it first with peek*). */
  pop(): void {
    const n = --this.count;
    if (n === 0) return;
    const times = this.times;
    const seqs = this.seqs;
    const time = times[n]!;
    const seq = seqs[n]!;
    const kind = this.kinds[n]!;
    const payload = this.payloads[n]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (
        right < n &&
        (times[right]! < times[left]! || (times[right] === times[left] && seqs[right]! < seqs[left]!))
      ) {
        child = right;
      }
      const ct = times[child]!;
      if (ct > time || (ct === time && seqs[child]! > seq)) break;
      this.move(child, i);
      i = child;
    }
    times[i] = time;
    seqs[i] = seq;
    this.kinds[i] = kind;
    this.payloads[i] = payload;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!;
    this.seqs[to] = this.seqs[from]!;
    this.kinds[to] = this.kinds[from]!;
    this.payloads[to] = this.payloads[from]!;
  }

  private grow(): void {
    const size = this.times.length * 2;
    const times = new Float64Array(size);
    times.set(this.times);
    this.times = times;
    const seqs = new Float64Array(size);
    seqs.set(this.seqs);
    this.seqs = seqs;
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    this.kinds = kinds;
    const payloads = new Int32Array(size);
    payloads.set(this.payloads);
    this.payloads = payloads;
  }
}
