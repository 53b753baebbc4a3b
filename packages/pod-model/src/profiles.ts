/**
 * Named hardware/model profiles for the latency model. All times are milliseconds.
 *
 * Decode on an L40S is memory-bandwidth bound: every engine step streams the whole weight set from
 * 864 GB/s GDDR6, so the per-step `baseMs` is roughly weightBytes / (0.85 × 864 GB/s), and each extra running
 * sequence adds attention/KV reads and sampling work (`perSeqMs`).
 */
export interface ModelProfile {
  readonly name: string;
  readonly description: string;
  /** Fixed cost of one engine step (weights read once per step), ms. */
  readonly baseMs: number;
  /** Extra step time per running sequence (KV reads, sampling), ms. */
  readonly perSeqMs: number;
  /** Extra step time per prompt token prefilled in this step, ms. */
  readonly prefillMsPerToken: number;
  /** vLLM --max-num-seqs: most sequences running at once. */
  readonly maxNumSeqs: number;
  /** vLLM --max-num-batched-tokens: token budget of one step (decodes + prefills). */
  readonly maxNumBatchedTokens: number;
  /** KV-cache capacity in tokens (GPU blocks × block size). */
  readonly kvCapacityTokens: number;
  /** vLLM --max-model-len: longest prompt + output accepted. */
  readonly maxModelLen: number;
}

/**
 * Llama-3.1-8B-Instruct (BF16) on one NVIDIA L40S (48 GB), vLLM V1.
 * Published decode throughput: ~44 / 325 / 1,124 output tokens/s at batch 1 / 8 / 32
 * (single-GPU L40S vLLM benchmarks of Llama-3.1-8B, e.g. the figures vendors quote for L40S vs A100/H100).
 * The inter-token latency "≈ 22 ms + ~0.14 ms × batch" is an ESTIMATE, not a published figure; fitting the
 * published throughputs directly gives base 22.4 ms + 0.19 ms × batch (batch 1: 44.3, batch 8: 334,
 * batch 32: 1,124 tok/s), which we use.
 * Prefill ~0.12 ms/token is an estimate: 16 GFLOP/token at ~135 TFLOPS effective BF16.
 * KV: 32 layers × 8 KV heads × 128 dims × 2 (K,V) × 2 bytes = 128 KiB/token; 48 GB × 0.9 utilisation −
 * 16 GB weights − ~2 GB activations ≈ 25 GB → ~190k tokens. Scheduler limits are vLLM's OpenAI-server
 * defaults for GPUs under 70 GiB (vllm/engine/arg_utils.py get_batch_defaults): max_num_seqs 256,
 * max_num_batched_tokens 2048.
 */
const l40sLlama3_8b: ModelProfile = {
  name: 'l40s-llama3-8b',
  description: 'Llama-3.1-8B (BF16) on one L40S, vLLM V1',
  baseMs: 22.4,
  perSeqMs: 0.19,
  prefillMsPerToken: 0.12,
  maxNumSeqs: 256,
  maxNumBatchedTokens: 2048,
  kvCapacityTokens: 190_000,
  maxModelLen: 8192,
};

/**
 * Llama-3.2-3B-Instruct (BF16) on one L40S — ESTIMATED by scaling the 8B profile: 6.4 GB of weights read per
 * step at the same ~85 % of 864 GB/s gives ~8.7 ms (+ scheduler overhead) → 9.5 ms; per-sequence and prefill
 * costs scale with parameter count (3.2/8). KV: 28 layers × 8 KV heads × 128 × 2 × 2 bytes = 112 KiB/token;
 * 48 GB × 0.9 − 6.4 GB − ~2 GB ≈ 34.8 GB → ~310k tokens. Same vLLM scheduler defaults as above.
 */
const l40sLlama32_3b: ModelProfile = {
  name: 'l40s-llama3.2-3b',
  description: 'Llama-3.2-3B (BF16) on one L40S, vLLM V1 (scaled estimate)',
  baseMs: 9.5,
  perSeqMs: 0.08,
  prefillMsPerToken: 0.05,
  maxNumSeqs: 256,
  maxNumBatchedTokens: 2048,
  kvCapacityTokens: 310_000,
  maxModelLen: 8192,
};

/**
 * Synthetic fast profile for tests and benchmarks on a small machine: the same shape as the L40S profiles,
 * ~10× faster, with small limits so queueing and KV pressure are reachable with little load.
 */
const testFast: ModelProfile = {
  name: 'test-fast',
  description: 'Synthetic fast profile for tests (not a real GPU)',
  baseMs: 2,
  perSeqMs: 0.05,
  prefillMsPerToken: 0.005,
  maxNumSeqs: 32,
  maxNumBatchedTokens: 2048,
  kvCapacityTokens: 16_384,
  maxModelLen: 4096,
};

export const profiles: Readonly<Record<string, ModelProfile>> = Object.freeze({
  [l40sLlama3_8b.name]: l40sLlama3_8b,
  [l40sLlama32_3b.name]: l40sLlama32_3b,
  [testFast.name]: testFast,
});

export const DEFAULT_PROFILE_NAME = 'l40s-llama3-8b';

export const profileNames = (): string[] => Object.keys(profiles);

/** Look up a named profile; throws a RangeError listing the known names. */
export function getProfile(name: string): ModelProfile {
  const profile = profiles[name];
  if (!profile) throw new RangeError(`unknown profile "${name}" (known: ${profileNames().join(', ')})`);
  return profile;
}

/** Step time of one engine step with `running` sequences and `prefillTokens` new prompt tokens, ms. */
export function estimateStepMs(profile: ModelProfile, running: number, prefillTokens = 0): number {
  return profile.baseMs + profile.perSeqMs * running + profile.prefillMsPerToken * prefillTokens;
}

/** Steady-state decode throughput (output tokens/s) at a fixed batch size. */
export function decodeThroughput(profile: ModelProfile, batch: number): number {
  return (batch * 1000) / estimateStepMs(profile, batch, 0);
}
