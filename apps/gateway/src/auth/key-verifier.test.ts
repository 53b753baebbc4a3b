import { describe, expect, it } from 'vitest';
import { bearerToken, isAdminToken } from './admin-token.ts';
import { KeyVerifier } from './key-verifier.ts';

function fakeStore(keys: Record<string, string>) {
  const calls: string[] = [];
  return {
    calls,
    keys,
    async verify(key: string) {
      calls.push(key);
      const id = keys[key];
      return id ? { id, name: `name-${id}` } : null;
    },
  };
}

describe('KeyVerifier', () => {
  it('caches valid keys for ttlMs, then asks the store again', async () => {
    let now = 0;
    const store = fakeStore({ k1: 'id1' });
    const verifier = new KeyVerifier({ store, ttlMs: 1000, now: () => now });
    expect(await verifier.verify('k1')).toEqual({ keyId: 'id1', name: 'name-id1' });
    expect(await verifier.verify('k1')).toEqual({ keyId: 'id1', name: 'name-id1' });
    expect(store.calls).toHaveLength(1);
    now = 1500;
    await verifier.verify('k1');
    expect(store.calls).toHaveLength(2);
  });

  it('shares one store lookup among concurrent verifications', async () => {
    const store = fakeStore({ k1: 'id1' });
    const verifier = new KeyVerifier({ store });
    await Promise.all([verifier.verify('k1'), verifier.verify('k1'), verifier.verify('k1')]);
    expect(store.calls).toHaveLength(1);
  });

  it('remembers invalid keys only for the shorter negative TTL', async () => {
    let now = 0;
    const store = fakeStore({});
    const verifier = new KeyVerifier({ store, ttlMs: 10_000, negativeTtlMs: 100, now: () => now });
    expect(await verifier.verify('nope')).toBeNull();
    expect(await verifier.verify('nope')).toBeNull();
    expect(store.calls).toHaveLength(1);
    store.keys.nope = 'id9';
    now = 150;
    expect(await verifier.verify('nope')).toEqual({ keyId: 'id9', name: 'name-id9' });
  });

  it('forgetKeyId makes a revoked key fail at once', async () => {
    const store = fakeStore({ k1: 'id1', k2: 'id2' });
    const verifier = new KeyVerifier({ store, ttlMs: 60_000 });
    await verifier.verify('k1');
    await verifier.verify('k2');
    delete store.keys.k1;
    verifier.forgetKeyId('id1');
    await new Promise((r) => setTimeout(r, 0));
    expect(await verifier.verify('k1')).toBeNull();
    expect(await verifier.verify('k2')).not.toBeNull();
  });

  it('does not cache store failures', async () => {
    let fail = true;
    const verifier = new KeyVerifier({
      store: {
        async verify() {
          if (fail) throw new Error('db down');
          return { id: 'id1', name: 'n' };
        },
      },
    });
    await expect(verifier.verify('k')).rejects.toThrow('db down');
    fail = false;
    expect(await verifier.verify('k')).toEqual({ keyId: 'id1', name: 'n' });
  });
});

describe('admin token', () => {
  it('compares tokens exactly', () => {
    expect(isAdminToken('s3cret-admin-token', 's3cret-admin-token')).toBe(true);
    expect(isAdminToken('s3cret-admin-tokeN', 's3cret-admin-token')).toBe(false);
    expect(isAdminToken('s3cret', 's3cret-admin-token')).toBe(false);
    expect(isAdminToken(undefined, 's3cret-admin-token')).toBe(false);
    expect(isAdminToken('anything', undefined)).toBe(false);
  });

  it('extracts bearer tokens', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer   abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
