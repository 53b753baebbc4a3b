/**
 * The ideal bound: pods needed if every pod ran at its batch limit (max_num_seqs) all the time with perfect
 * balance. In steady state at batch B with mean I input and O output tokens, each step completes B / O
 * requests and prefills B·I/O prompt tokens, so one step takes base + perSeq·B + prefill·B·I/O ms and a pod
 * serves (B / O) / step requests per ms. The latency SLO usually forbids running at B (a 256-wide batch of an
 * 8B model makes every token ~100 ms), so the real fleet is necessarily larger; the ratio says by how much.
 */
import { getProfile, type ModelProfile } from '@redline/pod-model';

export interface CapacityBound {
  profile: string;
  batch: number;
  stepMs: number;
  requestsPerSecondPerPod: number;
  /** Fastest possible request: batch of one, no queueing (prefill step + remaining decode steps). */
  minLatencyMs: number;
}

export function capacityAtBatchLimit(
  profileName: string,
  inputTokens: number,
  outputTokens: number,
  maxNumSeqs?: number,
): CapacityBound {
  const p: ModelProfile = withBatchLimit(getProfile(profileName), maxNumSeqs);
  const batch = p.maxNumSeqs;
  const stepMs = p.baseMs + p.perSeqMs * batch + (p.prefillMsPerToken * batch * inputTokens) / outputTokens;
  const requestsPerSecondPerPod = ((batch / outputTokens) * 1000) / stepMs;
  const firstStep = p.baseMs + p.perSeqMs + p.prefillMsPerToken * inputTokens;
  const minLatencyMs = firstStep + Math.max(0, outputTokens - 1) * (p.baseMs + p.perSeqMs);
  return { profile: p.name, batch, stepMs, requestsPerSecondPerPod, minLatencyMs };
}

export function idealPods(qps: number, bound: CapacityBound): number {
  return qps / bound.requestsPerSecondPerPod;
}

/** The profile as deployed with `--max-num-seqs` (the batch limit is a server flag, not a property of the GPU). */
export function withBatchLimit(profile: ModelProfile, maxNumSeqs: number | undefined): ModelProfile {
  if (maxNumSeqs === undefined) return profile;
  if (!(Number.isInteger(maxNumSeqs) && maxNumSeqs >= 1))
    throw new RangeError('maxNumSeqs must be an integer >= 1');
  return { ...profile, maxNumSeqs };
}
