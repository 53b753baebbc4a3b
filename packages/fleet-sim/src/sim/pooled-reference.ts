/**
 * The pooled-queue reference: the same arrivals and the same pods as runFleet, with one thing no gateway has,
 * instant and exact knowledge of every batch slot in the fleet. A request starts at once on a pod with a free
 * slot (round-robin over those, which spaces prefills as the best routers do), or waits in one central FIFO
 * queue that the first pod to start a step with a free slot draws from. That is the pooled M/G/c queue every
 * dispatcher approximates: a router that binds a request to one pod on arrival, with a view one network hop
 * old, cannot pool better (Harchol-Balter, "Performance Modeling and Design of Computer Systems", 2013, on
 * central-queue vs. immediate dispatching). It is a reference, not a proof of optimality: which free pod a
 * request takes still matters a little, through the prefill stalls it adds to that pod's running requests.
 *
 * What it is for: a router's p99 over the reference's says how much tail any better routing could still win
 * (redline is within 2 % of it at the routing benchmark's shape); least-request's over the reference's says how
 * far apart the best and a plain P2C can be at that shape at all.
 *
 * Identical pods only. With a slow pod, taking any free slot is no longer near the best: a request may do better
 * waiting for a fast pod's slot than starting at once on a 3×-slower one, and redline's p99 is half of this
 * reference's there (fleet-sim README).
 *
 * Same arrival cursor and random source as FleetSimulation (so the same requests for the same seed), same
 * BatchEngine and warm-up; every latency also carries the two one-way network delays. No deadlines: every
 * request is served; those still open when the drain limit hits count as unfinished.
 */
import { getProfile } from '@redline/pod-model';
import { mulberry32 } from '@redline/router/testing';
import { EventHeap } from '../core/event-heap.ts';
import { LatencyHistogram, summariseLatency } from '../core/latency-histogram.ts';
import type { LatencySummary, RunFleetOptions } from '../types.ts';
import { ArrivalCursor } from './arrivals.ts';
import { BatchEngine } from './batch-engine.ts';
import { withBatchLimit } from './capacity.ts';
import { RequestSlots } from './slots.ts';

export interface PooledReferenceOptions
  extends Pick<
    RunFleetOptions,
    'arrivals' | 'profile' | 'maxNumSeqs' | 'pods' | 'seed' | 'networkDelayMs' | 'maxSimMs'
  > {
  /** Requests arriving before this time are served but not counted (default 0). */
  warmupMs?: number;
  /** After the last arrival, stop after this long (default 120 s). */
  drainLimitMs?: number;
  /** Latency SLO for withinSloShare (default 1000 ms, as runFleet). */
  sloMs?: number;
}

export interface PooledReferenceResult {
  latency: LatencySummary;
  /** Share of counted requests finished within the SLO (unfinished and rejected ones count against it). */
  withinSloShare: number;
  /** Every arrival, warm-up included (as FleetResult.requests). */
  requests: number;
  /** Counted requests still queued or running when the drain limit hit (the fleet could not keep up). */
  unfinished: number;
  /** Requests that can never fit a pod's KV cache (vLLM rejects them); not counted in the latency. */
  rejected: number;
  simulatedMs: number;
  cpuMs: number;
}

export function runPooledReference(options: PooledReferenceOptions): PooledReferenceResult {
  if (!(options.pods >= 1)) throw new RangeError('the pooled reference needs pods >= 1');
  const profile = withBatchLimit(getProfile(options.profile), options.maxNumSeqs);
  const maxSeqs = profile.maxNumSeqs;
  const warmupMs = options.warmupMs ?? 0;
  const drainLimitMs = options.drainLimitMs ?? 120_000;
  const roundTrip = 2 * (options.networkDelayMs ?? 0.5);
  const sloMs = options.sloMs ?? 1000;
  const cpuStarted = process.cpuUsage();
  const slots = new RequestSlots();
  const arrivals = new ArrivalCursor(options.arrivals, mulberry32(options.seed >>> 0), options.maxSimMs);

  const central = new CentralQueue();
  const pull = () => central.pull();

  const engines: BatchEngine[] = [];
  for (let i = 0; i < options.pods; i++) {
    const engine = new BatchEngine(profile, slots);
    engine.setSharedQueue(pull);
    engines.push(engine);
  }
  const kvLimit = Math.min(profile.maxModelLen, profile.kvCapacityTokens);

  const heap = new EventHeap();
  const schedule = (pod: number) => {
    const at = engines[pod]!.nextStepAt();
    if (at !== Number.POSITIVE_INFINITY) heap.push(at, 0, pod);
  };
  const histogram = new LatencyHistogram();
  let requests = 0;
  let rejected = 0;
  let counted = 0;
  let withinSlo = 0;
  let openCounted = 0;
  let cursor = 0;
  let now = 0;
  let stopAt = Number.POSITIVE_INFINITY;
  for (;;) {
    const stepAt = heap.peekTime();
    const arrivalAt = arrivals.at;
    if (arrivalAt === Number.POSITIVE_INFINITY && stopAt === Number.POSITIVE_INFINITY)
      stopAt = now + drainLimitMs;
    const t = Math.min(stepAt, arrivalAt);
    if (t === Number.POSITIVE_INFINITY || t > stopAt) break;
    now = t;
    if (arrivalAt < stepAt) {
      requests++;
      const slot = slots.allocate();
      slots.arrivalAt[slot] = now;
      slots.inputTokens[slot] = arrivals.inputTokens;
      slots.outputTokens[slot] = arrivals.outputTokens;
      arrivals.next();
      if (now >= warmupMs) counted++;
      if (slots.inputTokens[slot]! + Math.max(1, slots.outputTokens[slot]!) > kvLimit) {
        rejected++;
        slots.release(slot);
        continue;
      }
      if (now >= warmupMs) openCounted++;
      const free = nextFreePod(engines, cursor, maxSeqs);
      if (free < 0) central.push(slot);
      else {
        cursor = free + 1;
        const idle = engines[free]!.nextStepAt() === Number.POSITIVE_INFINITY;
        engines[free]!.submit(slot, now);
        if (idle) schedule(free);
      }
      continue;
    }
    const pod = heap.peekPayload();
    heap.pop();
    const engine = engines[pod]!;
    if (!engine.step(now)) continue;
    schedule(pod);
    for (let k = 0; k < engine.finishedCount; k++) {
      const slot = engine.finished[k]!;
      const arrivedAt = slots.arrivalAt[slot]!;
      if (arrivedAt >= warmupMs) {
        openCounted--;
        const latency = now - arrivedAt + roundTrip;
        histogram.record(latency);
        if (latency <= sloMs) withinSlo++;
      }
      slots.release(slot);
    }
  }
  const cpu = process.cpuUsage(cpuStarted);
  return {
    latency: summariseLatency(histogram),
    withinSloShare: counted === 0 ? 0 : withinSlo / counted,
    requests,
    unfinished: openCounted,
    rejected,
    simulatedMs: now,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

/** The first pod from `cursor` on (round-robin) with a batch slot neither running nor claimed; −1 if none. */
function nextFreePod(engines: readonly BatchEngine[], cursor: number, maxSeqs: number): number {
  const n = engines.length;
  for (let k = 0; k < n; k++) {
    const i = (cursor + k) % n;
    const e = engines[i]!;
    if (e.running + e.waiting < maxSeqs) return i;
  }
  return -1;
}

/** The central FIFO of request slots: a growable ring (a run can queue thousands at once). */
class CentralQueue {
  private ring = new Int32Array(1024);
  private head = 0;
  private length = 0;

  push(slot: number): void {
    if (this.length === this.ring.length) {
      const bigger = new Int32Array(this.ring.length * 2);
      for (let k = 0; k < this.length; k++) bigger[k] = this.ring[(this.head + k) & (this.ring.length - 1)]!;
      this.ring = bigger;
      this.head = 0;
    }
    this.ring[(this.head + this.length) & (this.ring.length - 1)] = slot;
    this.length++;
  }

  /** The oldest queued slot, or −1 when empty. */
  pull(): number {
    if (this.length === 0) return -1;
    const slot = this.ring[this.head]!;
    this.head = (this.head + 1) & (this.ring.length - 1);
    this.length--;
    return slot;
  }
}
