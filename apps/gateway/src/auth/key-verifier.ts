import { createHash } from 'node:crypto';

export interface Principal {
  keyId: string;
  name: string;
}

export interface KeyStore {
  verify(key: string): Promise<{ id: string; name: string } | null>;
}

export interface KeyVerifierOptions {
  store: KeyStore;
  /** How long a valid key is trusted without asking the DB; also the most a revoked key can live elsewhere. */
  ttlMs?: number;
  /** How long an unknown key is remembered as invalid (shorter: a key created elsewhere must start working). */
  negativeTtlMs?: number;
  /** Most keys remembered. Default 10,000. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  result: Promise<Principal | null>;
  expiresAt: number;
}

/**
 * Verifies API keys through the database with a short in-memory cache, so the request path does not hit the
 * DB on every call. Concurrent checks of the same key share one DB query. Keys are held by SHA-256 digest.
 */
export class KeyVerifier {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly options: KeyVerifierOptions) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.negativeTtlMs = options.negativeTtlMs ?? 5_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async verify(key: string): Promise<Principal | null> {
    const digest = createHash('sha256').update(key).digest('base64url');
    const cached = this.entries.get(digest);
    if (cached && cached.expiresAt > this.now()) return cached.result;
    const result = this.lookup(key);
    this.remember(digest, result, this.ttlMs);
    const principal = await result.catch((error: unknown) => {
      this.entries.delete(digest);
      throw error;
    });
    if (!principal) this.remember(digest, result, this.negativeTtlMs);
    return principal;
  }

  /** Drop a revoked key from the cache now (other gateway replicas drop it within ttlMs). */
  forgetKeyId(keyId: string): void {
    for (const [digest, entry] of this.entries) {
      void entry.result.then(
        (principal) => {
          if (principal?.keyId === keyId && this.entries.get(digest) === entry) this.entries.delete(digest);
        },
        () => {},
      );
    }
  }

  /** Forget everything, e.g. after a key is created so its earlier "invalid" verdict does not linger. */
  clearNegative(): void {
    for (const [digest, entry] of this.entries) {
      void entry.result.then(
        (principal) => {
          if (!principal && this.entries.get(digest) === entry) this.entries.delete(digest);
        },
        () => {},
      );
    }
  }

  private async lookup(key: string): Promise<Principal | null> {
    const found = await this.options.store.verify(key);
    return found ? { keyId: found.id, name: found.name } : null;
  }

  private remember(digest: string, result: Promise<Principal | null>, ttlMs: number): void {
    this.entries.delete(digest);
    this.entries.set(digest, { result, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }
}
