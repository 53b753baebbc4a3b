/**
 * Per-request state in parallel typed arrays indexed by a reusable slot, with a generation counter per slot:
 * messages still in transit for a request that already ended (timed out) carry the old generation and are
 * recognised as stale when they arrive.
 */
import type { RequestHandle } from '@redline/router';

export class RequestSlots {
  arrivalAt = new Float64Array(0);
  firstTokenAt = new Float64Array(0);
  gen = new Int32Array(0);
  pod = new Int32Array(0);
  /** Index of the gateway replica that routes the request (its retries go through the same router). */
  gateway = new Int32Array(0);
  inputTokens = new Int32Array(0);
  outputTokens = new Int32Array(0);
  /** BatchEngine state of the slot's sequence (waiting / running / done) and its admitting step. */
  seqState = new Uint8Array(0);
  admittedStep = new Int32Array(0);
  handles: (RequestHandle | undefined)[] = [];
  private free = new Int32Array(0);
  private freeCount = 0;
  private capacity = 0;

  constructor(initialCapacity = 1 << 16) {
    this.grow(initialCapacity);
  }

  allocate(): number {
    if (this.freeCount === 0) this.grow(this.capacity * 2);
    return this.free[--this.freeCount]!;
  }

  release(slot: number): void {
    this.gen[slot]!++;
    this.seqState[slot] = 0;
    this.handles[slot] = undefined;
    this.free[this.freeCount++] = slot;
  }

  private grow(size: number): void {
    const old = this.capacity;
    this.arrivalAt = extend(this.arrivalAt, new Float64Array(size));
    this.firstTokenAt = extend(this.firstTokenAt, new Float64Array(size));
    this.gen = extend(this.gen, new Int32Array(size));
    this.pod = extend(this.pod, new Int32Array(size));
    this.gateway = extend(this.gateway, new Int32Array(size));
    this.inputTokens = extend(this.inputTokens, new Int32Array(size));
    this.outputTokens = extend(this.outputTokens, new Int32Array(size));
    this.seqState = extend(this.seqState, new Uint8Array(size));
    this.admittedStep = extend(this.admittedStep, new Int32Array(size));
    const free = new Int32Array(size);
    free.set(this.free.subarray(0, this.freeCount));
    // Hand out low slots first (better locality): push new slots in descending order.
    for (let s = size - 1; s >= old; s--) free[this.freeCount++] = s;
    this.free = free;
    this.handles.length = size;
    this.capacity = size;
  }
}

function extend<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
