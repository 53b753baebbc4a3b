/**
 * A typed-array twin of @redline/pod-model's Engine for the simulator's hot path. Same model, same numbers:
 * FCFS continuous batching, admission while max_num_seqs, the step token budget and KV capacity allow (the
 * queue head blocks those behind it), first token at the end of the admitting step, one token per step, step
 * time from pod-model's estimateStepMs × slowdown. The difference is representation: sequences are request
 * slots (typed arrays in RequestSlots), queues and the finish heap hold slot numbers, so a run of 12 million
 * requests allocates nothing per request here. batch-engine.test.ts replays random workloads through both
 * engines and requires identical steps, so the model has one definition: pod-model's.
 * Entries carry the slot's generation: a slot recycled after a timeout never revives a stale queue entry.
 */
import { estimateStepMs, getProfile, type ModelProfile } from '@redline/pod-model';
import type { RequestSlots } from './slots.ts';

export const SEQ_WAITING = 1;
export const SEQ_RUNNING = 2;
export const SEQ_DONE = 3;

export class BatchEngine {
  readonly profile: ModelProfile;
  running = 0;
  waiting = 0;
  /** Slots whose first token / last token the last step() produced (valid until the next step). */
  firstTokens = new Int32Array(64);
  firstTokenCount = 0;
  finished = new Int32Array(64);
  finishedCount = 0;
  /** Timing of the last completed step. */
  lastStepStartedAt = 0;
  lastStepEndedAt = 0;
  lastStepBatch = 0;

  private queue = new Int32Array(64);
  private queueGen = new Int32Array(64);
  private queueHead = 0;
  private queueLength = 0;
  private heapSlot = new Int32Array(64);
  private heapGen = new Int32Array(64);
  private heapKey = new Float64Array(64);
  private heapSize = 0;
  private admitted = new Int32Array(64);
  private admittedGen = new Int32Array(64);
  private admittedCount = 0;

  private reservedTokens = 0;
  private promptTokensHeld = 0;
  private generatedTokensHeld = 0;
  private stepIndex = 0;
  private inFlight = false;
  private stepStartedAt = 0;
  private stepEndsAt = 0;
  private stepBatch = 0;
  private lastEndedAt = Number.NEGATIVE_INFINITY;
  private readonly kvLimit: number;

  constructor(
    profile: string | ModelProfile,
    private readonly slots: RequestSlots,
    private readonly slowdown = 1,
  ) {
    this.profile = typeof profile === 'string' ? getProfile(profile) : profile;
    this.kvLimit = Math.min(this.profile.maxModelLen, this.profile.kvCapacityTokens);
  }

  get kvCacheUsage(): number {
    return Math.min(1, (this.promptTokensHeld + this.generatedTokensHeld) / this.profile.kvCapacityTokens);
  }

  nextStepAt(): number {
    return this.inFlight ? this.stepEndsAt : Number.POSITIVE_INFINITY;
  }

  /** Queue the request in `slot` (slots.inputTokens/outputTokens). Returns false if it can never fit. */
  submit(slot: number, now: number): boolean {
    const s = this.slots;
    const steps = Math.max(1, s.outputTokens[slot]!);
    if (s.inputTokens[slot]! + steps > this.kvLimit) return false;
    this.enqueue(slot);
    if (!this.inFlight) this.startStep(Math.max(now, this.lastEndedAt));
    return true;
  }

  /**
   * Draw from a queue shared with other engines (the pooled-queue reference, pooled-reference.ts; routed
   * fleets never set it): whenever a step starts with a free batch slot and nothing waiting here, `pull` gives
   * the next shared request's slot, or −1. Its requests must fit the KV limit (submit's check).
   */
  setSharedQueue(pull: () => number): void {
    this.pull = pull;
  }

  private pull: (() => number) | undefined;

  private enqueue(slot: number): void {
    const s = this.slots;
    s.seqState[slot] = SEQ_WAITING;
    if (this.queueLength === this.queue.length) this.growQueue();
    const i = (this.queueHead + this.queueLength) & (this.queue.length - 1);
    this.queue[i] = slot;
    this.queueGen[i] = s.gen[slot]!;
    this.queueLength++;
    this.waiting++;
  }

  /** One request from the shared queue into this engine's own, if a slot is free and one is there. */
  private pullShared(): boolean {
    if (this.pull === undefined || this.running >= this.profile.maxNumSeqs) return false;
    const slot = this.pull();
    if (slot < 0) return false;
    this.enqueue(slot);
    return true;
  }

  /** Abort the request in `slot` (waiting or running); call before the slot is released. */
  cancel(slot: number): void {
    const s = this.slots;
    const state = s.seqState[slot];
    if (state === SEQ_WAITING) this.waiting--;
    else if (state === SEQ_RUNNING) {
      const admittedStep = s.admittedStep[slot]!;
      const completed = this.stepIndex - 1; // last completed step (pod-model's lastCompletedStep)
      const steps = Math.max(1, s.outputTokens[slot]!);
      const generated = admittedStep > completed ? 0 : Math.min(steps, completed - admittedStep + 1);
      this.release(slot, steps, generated);
    } else return;
    s.seqState[slot] = SEQ_DONE;
  }

  /** Complete the in-flight step if it ended by `now`; false when none did. Fills firstTokens/finished. */
  step(now: number): boolean {
    if (!this.inFlight || now < this.stepEndsAt) return false;
    const s = this.slots;
    const index = this.stepIndex;
    this.generatedTokensHeld += this.running;
    this.firstTokenCount = 0;
    for (let k = 0; k < this.admittedCount; k++) {
      const slot = this.admitted[k]!;
      if (s.gen[slot] === this.admittedGen[k] && s.seqState[slot] === SEQ_RUNNING) {
        this.firstTokens[this.firstTokenCount++] = slot;
      }
    }
    this.finishedCount = 0;
    while (this.heapSize > 0 && this.heapKey[0]! <= index) {
      const slot = this.heapSlot[0]!;
      const gen = this.heapGen[0]!;
      this.heapPop();
      if (s.gen[slot] !== gen || s.seqState[slot] !== SEQ_RUNNING) continue;
      s.seqState[slot] = SEQ_DONE;
      const steps = Math.max(1, s.outputTokens[slot]!);
      this.release(slot, steps, steps);
      if (this.finishedCount === this.finished.length) this.finished = grow32(this.finished);
      this.finished[this.finishedCount++] = slot;
    }
    this.lastStepStartedAt = this.stepStartedAt;
    this.lastStepEndedAt = this.stepEndsAt;
    this.lastStepBatch = this.stepBatch;
    this.inFlight = false;
    this.lastEndedAt = this.stepEndsAt;
    this.stepIndex++;
    if (this.running > 0 || this.waiting > 0 || this.pull !== undefined) this.startStep(this.lastEndedAt);
    return true;
  }

  private release(slot: number, steps: number, generated: number): void {
    const prompt = this.slots.inputTokens[slot]!;
    this.running--;
    this.reservedTokens -= prompt + steps;
    this.promptTokensHeld -= prompt;
    this.generatedTokensHeld -= generated;
  }

  private startStep(at: number): void {
    const p = this.profile;
    const s = this.slots;
    const decodes = this.running;
    this.admittedCount = 0;
    let prefill = 0;
    while (this.queueLength > 0 || this.pullShared()) {
      const slot = this.queue[this.queueHead]!;
      if (s.gen[slot] !== this.queueGen[this.queueHead] || s.seqState[slot] !== SEQ_WAITING) {
        this.shiftQueue();
        continue;
      }
      if (this.running >= p.maxNumSeqs) break;
      const prompt = s.inputTokens[slot]!;
      const steps = Math.max(1, s.outputTokens[slot]!);
      if (this.reservedTokens + prompt + steps > p.kvCapacityTokens) break;
      if (this.admittedCount > 0 && decodes + prefill + prompt > p.maxNumBatchedTokens) break;
      const gen = this.queueGen[this.queueHead]!;
      this.shiftQueue();
      this.waiting--;
      s.seqState[slot] = SEQ_RUNNING;
      s.admittedStep[slot] = this.stepIndex;
      this.running++;
      this.reservedTokens += prompt + steps;
      this.promptTokensHeld += prompt;
      prefill += prompt;
      this.heapPush(slot, gen, this.stepIndex + steps - 1);
      if (this.admittedCount === this.admitted.length) {
        this.admitted = grow32(this.admitted);
        this.admittedGen = grow32(this.admittedGen);
        this.firstTokens = grow32(this.firstTokens);
      }
      this.admitted[this.admittedCount] = slot;
      this.admittedGen[this.admittedCount++] = gen;
    }
    if (this.running === 0) return;
    this.inFlight = true;
    this.stepStartedAt = at;
    this.stepBatch = this.running;
    this.stepEndsAt = at + estimateStepMs(p, this.running, prefill) * this.slowdown;
  }

  private shiftQueue(): void {
    this.queueHead = (this.queueHead + 1) & (this.queue.length - 1);
    this.queueLength--;
  }

  private growQueue(): void {
    const size = this.queue.length * 2;
    const q = new Int32Array(size);
    const g = new Int32Array(size);
    for (let k = 0; k < this.queueLength; k++) {
      const i = (this.queueHead + k) & (this.queue.length - 1);
      q[k] = this.queue[i]!;
      g[k] = this.queueGen[i]!;
    }
    this.queue = q;
    this.queueGen = g;
    this.queueHead = 0;
  }

  private heapPush(slot: number, gen: number, key: number): void {
    if (this.heapSize === this.heapKey.length) {
      this.heapSlot = grow32(this.heapSlot);
      this.heapGen = grow32(this.heapGen);
      const keys = new Float64Array(this.heapKey.length * 2);
      keys.set(this.heapKey);
      this.heapKey = keys;
    }
    let i = this.heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.heapKey[parent]! <= key) break;
      this.heapSlot[i] = this.heapSlot[parent]!;
      this.heapGen[i] = this.heapGen[parent]!;
      this.heapKey[i] = this.heapKey[parent]!;
      i = parent;
    }
    this.heapSlot[i] = slot;
    this.heapGen[i] = gen;
    this.heapKey[i] = key;
  }

  private heapPop(): void {
    const n = --this.heapSize;
    if (n === 0) return;
    const slot = this.heapSlot[n]!;
    const gen = this.heapGen[n]!;
    const key = this.heapKey[n]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.heapKey[right]! < this.heapKey[left]! ? right : left;
      if (this.heapKey[child]! >= key) break;
      this.heapSlot[i] = this.heapSlot[child]!;
      this.heapGen[i] = this.heapGen[child]!;
      this.heapKey[i] = this.heapKey[child]!;
      i = child;
    }
    this.heapSlot[i] = slot;
    this.heapGen[i] = gen;
    this.heapKey[i] = key;
  }
}

function grow32(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
