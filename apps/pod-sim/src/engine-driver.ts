import type { Engine, Sequence, SequenceRequest } from '@redline/pod-model';

/** Receives a sequence's progress in wall-clock time. */
export interface SequenceListener {
  /** `total` tokens now exist (monotonic); `wallMs` is when the producing step ended. */
  onTokens(total: number, wallMs: number): void;
  onFinished(sequence: Sequence, wallMs: number): void;
}

/**
 * Runs a pod-model Engine against the wall clock. Modelled time advances `1 / timeScale` times faster than
 * real time (timeScale 0.1 → a 22 ms modelled step takes 2.2 ms). One timer is armed only while the engine
 * has a step in flight; late timers catch up by running every overdue step, and since step boundaries come
 * from the model (not from when the timer fired) timer jitter never accumulates.
 */
export class EngineDriver {
  private readonly origin = performance.now();
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners = new Map<Sequence, { listener: SequenceListener; delivered: number }>();
  private closed = false;
  private stepsRun = 0;
  private lagSumMs = 0;
  private lagMaxMs = 0;

  constructor(
    readonly engine: Engine,
    readonly timeScale: number,
  ) {
    if (!(timeScale > 0 && Number.isFinite(timeScale))) throw new RangeError('timeScale must be > 0');
  }

  /** Modelled now, ms. */
  modelNow(): number {
    return (performance.now() - this.origin) / this.timeScale;
  }

  private toWall(modelMs: number): number {
    return this.origin + modelMs * this.timeScale;
  }

  get active(): number {
    return this.listeners.size;
  }

  submit(request: SequenceRequest, listener: SequenceListener): Sequence {
    if (this.closed) throw new Error('engine driver closed');
    // Deliver steps that already ended (a late timer) so the new request joins the right step.
    const now = this.modelNow();
    this.pump(now);
    const seq = this.engine.submit(request, now);
    this.listeners.set(seq, { listener, delivered: 0 });
    this.arm();
    return seq;
  }

  cancel(seq: Sequence): void {
    this.listeners.delete(seq);
    this.engine.cancel(seq);
  }

  setSlowdown(factor: number): void {
    this.engine.setSlowdown(factor);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const seq of this.listeners.keys()) this.engine.cancel(seq);
    this.listeners.clear();
  }

  private arm(): void {
    if (this.timer || this.closed) return;
    const next = this.engine.nextStepAt();
    if (next === null) return;
    const delay = Math.max(0, (next - this.modelNow()) * this.timeScale);
    this.timer = setTimeout(this.onTimer, delay);
  }

  private readonly onTimer = (): void => {
    this.timer = null;
    this.pump(this.modelNow());
    this.arm();
  };

  /** Run every step that ended by `now`, handing tokens and completions to listeners. */
  private pump(now: number): void {
    const engine = this.engine;
    engine.advanceTo(now, (step) => {
      const wall = this.toWall(step.endedAt);
      const lag = performance.now() - wall;
      this.lagSumMs += lag;
      this.lagMaxMs = Math.max(this.lagMaxMs, lag);
      this.stepsRun++;
      for (const seq of step.finished) {
        const entry = this.listeners.get(seq);
        if (!entry) continue;
        this.listeners.delete(seq);
        if (seq.tokens > entry.delivered) entry.listener.onTokens(seq.tokens, wall);
        entry.listener.onFinished(seq, wall);
      }
      for (const [seq, entry] of this.listeners) {
        const total = engine.generatedTokens(seq);
        if (total > entry.delivered) {
          entry.delivered = total;
          entry.listener.onTokens(total, wall);
        }
      }
    });
  }

  /** How late (wall ms) steps were delivered versus the model: the pod's fidelity under CPU pressure. */
  lag(): { steps: number; meanMs: number; maxMs: number } {
    return {
      steps: this.stepsRun,
      meanMs: this.stepsRun ? this.lagSumMs / this.stepsRun : 0,
      maxMs: this.lagMaxMs,
    };
  }
}
