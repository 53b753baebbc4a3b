import { CoordinationV1Api } from '@kubernetes/client-node';
import { type FakeApiServerHandle, startFakeApiServer } from '@redline/k8s-fake';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LeaderLease } from './leader-lease.ts';

const START = Date.parse('2026-01-01T00:00:00Z');

function manualClock(at = START) {
  let now = at;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

let fake: FakeApiServerHandle;
beforeEach(async () => {
  fake = await startFakeApiServer();
});
afterEach(async () => {
  await fake.close();
});

function candidate(identity: string, clock: { now(): number }, changes: string[] = []) {
  return new LeaderLease({
    api: fake.kubeConfig().makeApiClient(CoordinationV1Api),
    namespace: 'default',
    name: 'autoscaler-model',
    identity,
    leaseDurationSeconds: 15,
    renewDeadlineMs: 10_000,
    clock,
    onChange: (leader, reason) => changes.push(`${identity}:${leader}:${reason}`),
  });
}

describe('LeaderLease on coordination.k8s.io/v1', () => {
  it('creates the lease, renews it, and keeps a second instance standing by', async () => {
    const clockA = manualClock();
    const clockB = manualClock();
    const a = candidate('a', clockA);
    const b = candidate('b', clockB);
    expect(await a.tryAcquireOrRenew()).toBe(true);
    const created = fake.store.get('leases', 'default', 'autoscaler-model');
    expect(created?.spec).toMatchObject({
      holderIdentity: 'a',
      leaseDurationSeconds: 15,
      leaseTransitions: 0,
    });
    expect(String((created?.spec as { renewTime?: string } | undefined)?.renewTime)).toMatch(/\.\d{6}Z$/);

    expect(await b.tryAcquireOrRenew()).toBe(false);
    clockA.advance(2000);
    clockB.advance(2000);
    expect(await a.tryAcquireOrRenew()).toBe(true);
    expect(await b.tryAcquireOrRenew()).toBe(false);
    const renewed = fake.store.get('leases', 'default', 'autoscaler-model')?.spec as { renewTime: string };
    expect(Date.parse(renewed.renewTime)).toBe(START + 2000);
    expect(a.isLeader()).toBe(true);
    expect(b.isLeader()).toBe(false);
  });

  it('lets a standby take over after a full lease duration without renewals; the old leader then loses', async () => {
    const clockA = manualClock();
    const clockB = manualClock();
    const changes: string[] = [];
    const a = candidate('a', clockA, changes);
    const b = candidate('b', clockB, changes);
    await a.tryAcquireOrRenew();
    expect(await b.tryAcquireOrRenew()).toBe(false);
    // a stalls (no renewals). b's view: the record has not changed for 14 s, then for 15 s.
    clockB.advance(14_000);
    expect(await b.tryAcquireOrRenew()).toBe(false);
    clockA.advance(10_000);
    expect(a.isLeader()).toBe(false); // a stopped acting at its renew deadline, before b could take over
    clockB.advance(1_000);
    expect(await b.tryAcquireOrRenew()).toBe(true);
    expect(fake.store.get('leases', 'default', 'autoscaler-model')?.spec).toMatchObject({
      holderIdentity: 'b',
      leaseTransitions: 1,
    });
    // a comes back: it sees b holding a fresh lease and stays a follower.
    clockA.advance(1_000);
    expect(await a.tryAcquireOrRenew()).toBe(false);
    expect(changes).toContain('a:false:renew deadline passed');
    expect(changes).toContain('b:true:acquired from a');
  });

  it('stops leading at once when its update conflicts', async () => {
    const clock = manualClock();
    const a = candidate('a', clock);
    await a.tryAcquireOrRenew();
    // Another writer changes the lease between a's read and write.
    fake.failNext({ verb: 'update', resource: 'leases', status: 409 });
    clock.advance(2000);
    expect(await a.tryAcquireOrRenew()).toBe(false);
    expect(a.isLeader()).toBe(false);
  });

  it('keeps leading through a transient API error until the renew deadline', async () => {
    const clock = manualClock();
    const a = candidate('a', clock);
    await a.tryAcquireOrRenew();
    fake.failNext({ verb: 'get', resource: 'leases', status: 500, times: 10 });
    clock.advance(4000);
    expect(await a.tryAcquireOrRenew()).toBe(true);
    clock.advance(6000);
    expect(await a.tryAcquireOrRenew()).toBe(false);
  });

  it('releases the lease on shutdown so a standby acquires without waiting', async () => {
    const clockA = manualClock();
    const clockB = manualClock();
    const a = candidate('a', clockA);
    const b = candidate('b', clockB);
    await a.tryAcquireOrRenew();
    expect(await b.tryAcquireOrRenew()).toBe(false);
    await a.release();
    expect(a.isLeader()).toBe(false);
    expect(await b.tryAcquireOrRenew()).toBe(true);
  });
});
