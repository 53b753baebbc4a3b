/**
 * How long a request sent to a full pod waits for a batch slot: the time until the k-th of the pod's running
 * requests finishes, k = how many slot releases it waits for (the requests queued ahead of it, plus one).
 *
 * A count of requests (least-request, HAProxy leastconn) treats every full pod alike. But a router that
 * streams the responses knows when each of its own requests started decoding, and so how far along it is:
 * a pod whose oldest request is one token from done frees a slot in milliseconds, one whose batch just
 * started frees none for a whole service time. The running requests this router cannot see (sent by other
 * gateway replicas, counted only through the pod's load report) are taken at evenly spaced residuals over
 * [0, S], the mean order statistics of a uniform residual: with no own requests this falls back to the
 * classic k·S/(running + 1); with all of them known it is exact. Our own requests admitted but still in
 * prefill (`starting`) have a whole service time left. Beyond one batch (k > running) each further round waits
 * a whole service time.
 */

/** Reused between calls: the router is single-threaded and this never escapes. */
const scratch: number[] = [];

export interface SlotWaitInput {
  /** First-token times of this router's requests decoding on the pod. */
  decodingSince: readonly number[];
  /** Their expected output tokens, index for index (NaN or absent: serviceMs). */
  decodingTokens?: readonly number[];
  now: number;
  /** Expected decode time of one request (tpot × output tokens), ms. */
  serviceMs: number;
  /** Time per output token, ms: a request past its expected length still needs at least one more. */
  tpotMs: number;
  /** Requests running on the pod (≤ its batch limit), ours and others'. */
  running: number;
  /** Of those, ours still in prefill (sent, admitted, no first token yet): each has a whole service time left. */
  starting?: number;
  /** Slot releases to wait for (≥ 1). */
  k: number;
}

export function expectedSlotWaitMs(input: SlotWaitInput): number {
  const { decodingSince, serviceMs, k } = input;
  // Our own decoding requests are running for sure, whatever the (possibly stale) estimate says.
  const running = Math.max(1, Math.round(input.running), decodingSince.length);
  const starting = Math.min(Math.max(0, Math.round(input.starting ?? 0)), running - decodingSince.length);
  const unknownCount = running - decodingSince.length - starting;
  if (k === 1) {
    // The common case, without a sort: the sooner of our nearest-done request and the first unknown residual.
    let soonest =
      unknownCount > 0 ? serviceMs / (unknownCount + 1) : starting > 0 ? serviceMs : Number.POSITIVE_INFINITY;
    for (let i = 0; i < decodingSince.length; i++) soonest = Math.min(soonest, residualMs(input, i));
    return soonest;
  }
  const known = scratch;
  known.length = 0;
  for (let i = 0; i < decodingSince.length; i++) known.push(residualMs(input, i));
  for (let s = 0; s < starting; s++) known.push(serviceMs);
  known.sort((a, b) => a - b);
  const unknown = unknownCount;
  const rounds = Math.floor((k - 1) / running);
  const nth = k - rounds * running; // 1-based rank within one round
  // Merge the sorted known residuals with the unknown ones at S·j/(unknown + 1), up to rank nth.
  let i = 0;
  let j = 1;
  let value = 0;
  for (let rank = 0; rank < nth; rank++) {
    const nextUnknown = j <= unknown ? (serviceMs * j) / (unknown + 1) : Number.POSITIVE_INFINITY;
    const nextKnown = i < known.length ? known[i]! : Number.POSITIVE_INFINITY;
    if (nextKnown <= nextUnknown) {
      value = nextKnown;
      i++;
    } else {
      value = nextUnknown;
      j++;
    }
  }
  known.length = 0;
  return rounds * serviceMs + value;
}

/** Time left to decode our i-th request there: its own length when hinted, else the pod's average. */
function residualMs(input: SlotWaitInput, i: number): number {
  const tokens = input.decodingTokens?.[i];
  const service = tokens !== undefined && !Number.isNaN(tokens) ? tokens * input.tpotMs : input.serviceMs;
  return Math.max(input.tpotMs, service - (input.now - input.decodingSince[i]!));
}
