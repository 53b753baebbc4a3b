/**
 * FIFO of in-transit messages with a constant network delay, in typed-array ring buffers. With one delay for
 * every message, delivery order equals send order, so a queue replaces heap operations for the bulk of the
 * simulation's events (two or three per request). Each entry carries a request slot and its generation
 * (stale messages of a reused slot are recognised) plus up to three numeric fields.
 */
export class TransitQueue {
  private times: Float64Array;
  private slots: Int32Array;
  private gens: Int32Array;
  private kinds: Uint8Array;
  private a: Float64Array;
  private b: Float64Array;
  private c: Float64Array;
  private head = 0;
  private count = 0;
  /** Capacity − 1; capacity is a power of two so wrapping is a mask, not a division. */
  private mask: number;

  constructor(initialCapacity = 4096) {
    if ((initialCapacity & (initialCapacity - 1)) !== 0)
      throw new RangeError('capacity must be a power of two');
    this.mask = initialCapacity - 1;
    this.times = new Float64Array(initialCapacity);
    this.slots = new Int32Array(initialCapacity);
    this.gens = new Int32Array(initialCapacity);
    this.kinds = new Uint8Array(initialCapacity);
    this.a = new Float64Array(initialCapacity);
    this.b = new Float64Array(initialCapacity);
    this.c = new Float64Array(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  /** Delivery time of the head message, or +Infinity when empty. */
  peekTime(): number {
    return this.count > 0 ? this.times[this.head]! : Number.POSITIVE_INFINITY;
  }

  /** Append; `time` must not be earlier than the last pushed time (constant delay guarantees it). */
  push(time: number, slot: number, gen: number, kind = 0, a = 0, b = 0, c = 0): void {
    if (this.count === this.times.length) this.grow();
    const i = (this.head + this.count) & this.mask;
    this.times[i] = time;
    this.slots[i] = slot;
    this.gens[i] = gen;
    this.kinds[i] = kind;
    this.a[i] = a;
    this.b[i] = b;
    this.c[i] = c;
    this.count++;
  }

  headSlot(): number {
    return this.slots[this.head]!;
  }
  headGen(): number {
    return this.gens[this.head]!;
  }
  headKind(): number {
    return this.kinds[this.head]!;
  }
  headA(): number {
    return this.a[this.head]!;
  }
  headB(): number {
    return this.b[this.head]!;
  }
  headC(): number {
    return this.c[this.head]!;
  }

  shift(): void {
    this.head = (this.head + 1) & this.mask;
    this.count--;
  }

  private grow(): void {
    const old = this.times.length;
    const size = old * 2;
    const order = (
      arr: Float64Array | Int32Array | Uint8Array,
      next: Float64Array | Int32Array | Uint8Array,
    ) => {
      for (let k = 0; k < this.count; k++) next[k] = arr[(this.head + k) & (old - 1)]!;
      return next;
    };
    this.times = order(this.times, new Float64Array(size)) as Float64Array;
    this.slots = order(this.slots, new Int32Array(size)) as Int32Array;
    this.gens = order(this.gens, new Int32Array(size)) as Int32Array;
    this.kinds = order(this.kinds, new Uint8Array(size)) as Uint8Array;
    this.a = order(this.a, new Float64Array(size)) as Float64Array;
    this.b = order(this.b, new Float64Array(size)) as Float64Array;
    this.c = order(this.c, new Float64Array(size)) as Float64Array;
    this.head = 0;
    this.mask = size - 1;
  }
}
