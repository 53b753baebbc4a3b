/** Resolution of the split: a key falls in one of 10 000 buckets, so percentages down to 0.01 are exact. */
export const CANARY_BUCKETS = 10_000;

/**
 * The bucket (0 … 9 999) of an API key within a rollout: FNV-1a over "rolloutId:keyId" (UTF-16 code units)
 * followed by MurmurHash3's fmix32 finaliser, so near-identical ids (UUIDs differing in one digit) still
 * spread uniformly. Non-cryptographic on purpose: it runs for every correct.check segment, and nothing is
 * secret about which users are in a canary. Stable, so a user stays on one model for the whole rollout;
 * salted with the rollout id, so each rollout canaries a different slice of users.
 */
export function canaryBucket(rolloutId: string, keyId: string): number {
  const input = `${rolloutId}:${keyId}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % CANARY_BUCKETS;
}

/**
 * True when the key is served by the candidate at `percent` (0–100). Monotone in `percent`: a key in the
 * 5 % canary stays in the 25 % canary, so raising the share never moves users back to the baseline.
 */
export function inCanary(rolloutId: string, keyId: string, percent: number): boolean {
  if (percent <= 0) return false;
  if (percent >= 100) return true;
  return canaryBucket(rolloutId, keyId) < Math.round((percent / 100) * CANARY_BUCKETS);
}
