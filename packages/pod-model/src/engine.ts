import { FifoQueue } from './fifo-queue.ts';
import { MinHeap } from './min-heap.ts';
import { estimateStepMs, getProfile, type ModelProfile } from './profiles.ts';

export type SequenceId = string | number;
export type SequenceState = 'waiting' | 'running' | 'finished' | 'cancelled';
export type FinishReason = 'stop' | 'length';

export interface SequenceRequest {
  readonly id: SequenceId;
  readonly promptTokens: number;
  /** The request's max_tokens: generation stops here with finish reason `length`. */
  readonly maxOutputTokens: number;
  /** Tokens the model would produce naturally before end-of-sequence. */
  readonly outputTokens: number;
}

/** A submitted request as the engine tracks it. Times are in the caller's clock (ms). */
export interface Sequence {
  readonly id: SequenceId;
  readonly promptTokens: number;
  readonly maxOutputTokens: number;
  /** Tokens this sequence will emit: min(outputTokens, maxOutputTokens). */
  readonly tokens: number;
  readonly finishReason: FinishReason;
  readonly state: SequenceState;
  readonly submittedAt: number;
  /** Start of the step that admitted (prefilled) it; NaN while waiting. */
  readonly admittedAt: number;
  /** End of the admitting step, when the first token exists; NaN before. */
  readonly firstTokenAt: number;
  readonly finishedAt: number;
}

export interface StepResult {
  readonly stepIndex: number;
  readonly startedAt: number;
  readonly endedAt: number;
  /** Sequences that took part in this step (each got one token), counted at step start. */
  readonly batchSize: number;
  readonly prefillTokens: number;
  /** Sequences whose first token was produced by this step. Reused buffer: valid until the next step(). */
  readonly firstTokens: readonly Sequence[];
  /** Sequences that finished with this step. Reused buffer: valid until the next step(). */
  readonly finished: readonly Sequence[];
}

export interface EngineStats {
  readonly running: number;
  readonly waiting: number;
  /** KV tokens held by running sequences / capacity, 0..1. */
  readonly kvCacheUsage: number;
  readonly kvTokensHeld: number;
  readonly stepsCompleted: number;
}

export interface EngineOptions {
  readonly profile: ModelProfile | string;
  /** Multiplies every step's duration (fault injection: 2 = twice as slow). Default 1. */
  readonly slowdown?: number;
}

export class SequenceTooLargeError extends RangeError {
  constructor(
    readonly needed: number,
    readonly limit: number,
  ) {
    super(`sequence needs ${needed} tokens but the model allows at most ${limit}`);
    this.name = 'SequenceTooLargeError';
  }
}

class EngineSequence implements Sequence {
  state: SequenceState = 'waiting';
  admittedAt = Number.NaN;
  firstTokenAt = Number.NaN;
  finishedAt = Number.NaN;
  admittedStep = -1;
  /** Index of the step producing the last token. */
  finishStep = -1;
  readonly tokens: number;
  readonly finishReason: FinishReason;
  /** Engine steps the sequence occupies (an empty answer still takes the prefill step). */
  readonly steps: number;

  constructor(
    readonly id: SequenceId,
    readonly promptTokens: number,
    readonly maxOutputTokens: number,
    outputTokens: number,
    readonly submittedAt: number,
  ) {
    this.tokens = Math.min(outputTokens, maxOutputTokens);
    this.finishReason = outputTokens > maxOutputTokens ? 'length' : 'stop';
    this.steps = Math.max(1, this.tokens);
  }
}

const finishStepOf = (s: EngineSequence): number => s.finishStep;

/**
 * Step-based model of vLLM continuous batching (V1 scheduler, FCFS).
 *
 * Each engine step advances every running sequence by one token. At the start of a step the scheduler admits
 * waiting sequences in FIFO order while max_num_seqs, the step token budget and KV capacity allow; the head of
 * the queue blocks those behind it (as vLLM's FCFS scheduler does). A sequence admitted in step k gets its
 * first token at the end of step k and its last at the end of step k + steps − 1.
 *
 * Cost per step is O(admitted + finished · log running): no per-running-sequence work, so a fleet simulator
 * can run millions of requests. KV admission reserves the sequence's final footprint (prompt + output), so
 * preemption never happens; vLLM allocates blocks lazily and preempts instead — the difference only shows
 * when the cache is nearly full.
 */
export class Engine {
  readonly profile: ModelProfile;
  private slowdownFactor: number;
  private readonly waitingQueue = new FifoQueue<EngineSequence>();
  private readonly finishHeap = new MinHeap<EngineSequence>(finishStepOf);
  private waitingCount = 0;
  private runningCount = 0;
  private reservedTokens = 0;
  private promptTokensHeld = 0;
  private generatedTokensHeld = 0;
  private lastCompletedStep = -1;

  private inFlight = false;
  private stepIndex = 0;
  private stepStartedAt = 0;
  private stepEndsAt = 0;
  private stepBatch = 0;
  private stepPrefill = 0;
  private lastEndedAt = Number.NEGATIVE_INFINITY;
  // Two admitted-lists swap so the one handed out in a StepResult survives until the next step().
  private currentAdmitted: EngineSequence[] = [];
  private spareAdmitted: EngineSequence[] = [];
  private readonly finishedBuf: EngineSequence[] = [];
  private readonly result: { -readonly [K in keyof StepResult]: StepResult[K] } = {
    stepIndex: 0,
    startedAt: 0,
    endedAt: 0,
    batchSize: 0,
    prefillTokens: 0,
    firstTokens: [],
    finished: this.finishedBuf,
  };

  constructor(options: EngineOptions) {
    this.profile = typeof options.profile === 'string' ? getProfile(options.profile) : options.profile;
    this.slowdownFactor = validSlowdown(options.slowdown ?? 1);
  }

  get slowdown(): number {
    return this.slowdownFactor;
  }

  /** Applies from the next step that starts. */
  setSlowdown(factor: number): void {
    this.slowdownFactor = validSlowdown(factor);
  }

  get running(): number {
    return this.runningCount;
  }

  get waiting(): number {
    return this.waitingCount;
  }

  get kvTokensHeld(): number {
    return this.promptTokensHeld + this.generatedTokensHeld;
  }

  get kvCacheUsage(): number {
    return Math.min(1, this.kvTokensHeld / this.profile.kvCapacityTokens);
  }

  stats(): EngineStats {
    return {
      running: this.runningCount,
      waiting: this.waitingCount,
      kvCacheUsage: this.kvCacheUsage,
      kvTokensHeld: this.kvTokensHeld,
      stepsCompleted: this.lastCompletedStep + 1,
    };
  }

  /** Queue a request. If the engine is idle a step starts at `now`. Throws SequenceTooLargeError. */
  submit(request: SequenceRequest, now: number): Sequence {
    const { promptTokens, maxOutputTokens, outputTokens } = request;
    if (!(promptTokens >= 0 && maxOutputTokens >= 0 && outputTokens >= 0)) {
      throw new RangeError('token counts must be non-negative numbers');
    }
    const seq = new EngineSequence(request.id, promptTokens, maxOutputTokens, outputTokens, now);
    const needed = promptTokens + seq.steps;
    const limit = Math.min(this.profile.maxModelLen, this.profile.kvCapacityTokens);
    if (needed > limit) throw new SequenceTooLargeError(needed, limit);
    this.waitingQueue.push(seq);
    this.waitingCount++;
    if (!this.inFlight) this.startStep(Math.max(now, this.lastEndedAt));
    return seq;
  }

  /** Abort a waiting or running sequence (client went away). Returns false if it already ended. */
  cancel(sequence: Sequence): boolean {
    const seq = sequence as EngineSequence;
    if (seq.state === 'waiting') {
      seq.state = 'cancelled';
      this.waitingCount--; // removed lazily from the queue
      return true;
    }
    if (seq.state !== 'running') return false;
    seq.state = 'cancelled'; // removed lazily from the finish heap
    this.release(seq, this.generatedTokens(seq));
    return true;
  }

  /** Tokens produced so far by a sequence (O(1)). */
  generatedTokens(sequence: Sequence): number {
    const seq = sequence as EngineSequence;
    if (seq.state === 'finished') return seq.tokens;
    if (seq.admittedStep < 0 || seq.admittedStep > this.lastCompletedStep) return 0;
    return Math.min(seq.tokens, this.lastCompletedStep - seq.admittedStep + 1);
  }

  /** When the in-flight step ends, or null when idle. */
  nextStepAt(): number | null {
    return this.inFlight ? this.stepEndsAt : null;
  }

  /**
   * Complete the in-flight step if it has ended by `now` (and start the next one if work remains).
   * Returns null when no step ends by `now`. The returned object and its arrays are reused.
   */
  step(now: number): StepResult | null {
    if (!this.inFlight || now < this.stepEndsAt) return null;
    const index = this.stepIndex;
    const endedAt = this.stepEndsAt;
    this.lastCompletedStep = index;
    this.generatedTokensHeld += this.runningCount;

    // First tokens: those admitted at this step's start and not cancelled since.
    const admitted = this.currentAdmitted;
    let kept = 0;
    for (let i = 0; i < admitted.length; i++) {
      const seq = admitted[i] as EngineSequence;
      if (seq.state !== 'running') continue;
      seq.firstTokenAt = endedAt;
      admitted[kept++] = seq;
    }
    admitted.length = kept;

    const finished = this.finishedBuf;
    finished.length = 0;
    const heap = this.finishHeap;
    for (let top = heap.peek(); top !== undefined && top.finishStep <= index; top = heap.peek()) {
      heap.pop();
      if (top.state !== 'running') continue;
      top.state = 'finished';
      top.finishedAt = endedAt;
      this.release(top, top.steps);
      finished.push(top);
    }

    const r = this.result;
    r.stepIndex = index;
    r.startedAt = this.stepStartedAt;
    r.endedAt = endedAt;
    r.batchSize = this.stepBatch;
    r.prefillTokens = this.stepPrefill;
    r.firstTokens = admitted;
    this.currentAdmitted = this.spareAdmitted;
    this.spareAdmitted = admitted;

    this.inFlight = false;
    this.lastEndedAt = endedAt;
    this.stepIndex++;
    if (this.runningCount > 0 || this.waitingCount > 0) this.startStep(endedAt);
    return r;
  }

  /** Run every step that ends by `now`, calling `onStep` for each. Returns the number of steps run. */
  advanceTo(now: number, onStep?: (result: StepResult) => void): number {
    let n = 0;
    for (let r = this.step(now); r !== null; r = this.step(now)) {
      n++;
      onStep?.(r);
    }
    return n;
  }

  private release(seq: EngineSequence, generated: number): void {
    this.runningCount--;
    this.reservedTokens -= seq.promptTokens + seq.steps;
    this.promptTokensHeld -= seq.promptTokens;
    this.generatedTokensHeld -= generated;
  }

  private startStep(at: number): void {
    const p = this.profile;
    const decodes = this.runningCount;
    const admitted = this.currentAdmitted;
    admitted.length = 0;
    let prefill = 0;
    const queue = this.waitingQueue;
    for (let head = queue.peek(); head !== undefined; head = queue.peek()) {
      if (head.state !== 'waiting') {
        queue.shift();
        continue;
      }
      // A caller that steps late may have queued requests "after" this step's start: never admit a request
      // before it arrived; an idle engine simply starts when the head arrives.
      if (head.submittedAt > at) {
        if (this.runningCount > 0) break;
        at = head.submittedAt;
      }
      if (this.runningCount >= p.maxNumSeqs) break;
      const footprint = head.promptTokens + head.steps;
      if (this.reservedTokens + footprint > p.kvCapacityTokens) break;
      // Step token budget: decodes take one token each; an oversized prompt may still go alone (its
      // chunked prefill is charged to this one step).
      if (admitted.length > 0 && decodes + prefill + head.promptTokens > p.maxNumBatchedTokens) break;
      queue.shift();
      this.waitingCount--;
      head.state = 'running';
      head.admittedStep = this.stepIndex;
      head.admittedAt = at;
      head.finishStep = this.stepIndex + head.steps - 1;
      this.runningCount++;
      this.reservedTokens += footprint;
      this.promptTokensHeld += head.promptTokens;
      prefill += head.promptTokens;
      this.finishHeap.push(head);
      admitted.push(head);
    }
    if (this.runningCount === 0) return; // nothing admissible: stay idle
    this.inFlight = true;
    this.stepStartedAt = at;
    this.stepBatch = this.runningCount;
    this.stepPrefill = prefill;
    this.stepEndsAt = at + estimateStepMs(p, this.runningCount, prefill) * this.slowdownFactor;
  }
}

function validSlowdown(factor: number): number {
  if (!(Number.isFinite(factor) && factor > 0)) throw new RangeError(`slowdown must be > 0, got ${factor}`);
  return factor;
}

export const createEngine = (options: EngineOptions): Engine => new Engine(options);
