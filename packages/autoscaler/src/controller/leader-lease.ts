import { type CoordinationV1Api, type V1Lease, V1MicroTime } from '@kubernetes/client-node';
import { briefError, httpCodeOf } from './kube-errors.ts';

export interface LeaderLeaseOptions {
  api: CoordinationV1Api;
  namespace: string;
  /** Lease object name. */
  name: string;
  /** Unique per controller instance (pod name + random suffix). */
  identity: string;
  /** How long others wait after the last renewal they saw before taking over. Default 15 s. */
  leaseDurationSeconds?: number;
  /** The holder stops acting if it has not renewed for this long; must be < lease duration. Default 10 s. */
  renewDeadlineMs?: number;
  /** Wall clock in ms (renewTime is a timestamp other instances read). */
  clock: { now(): number };
  onChange?: (leader: boolean, reason: string) => void;
}

interface ObservedRecord {
  key: string;
  holder: string;
  at: number;
}

/**
 * Leader election on a coordination.k8s.io/v1 Lease, with client-go's rules: a candidate takes over only after
 * a full lease duration without seeing the record change (measured on its own clock, so clock skew between
 * nodes does not matter), every write is an optimistic-concurrency update, and the holder stops acting as
 * soon as a write conflicts or it has not renewed within the renew deadline (< lease duration, so the old
 * leader has stopped before anyone else can start).
 */
export class LeaderLease {
  private readonly durationSeconds: number;
  private readonly renewDeadlineMs: number;
  private observed: ObservedRecord | undefined;
  private lastRenewedAt: number | undefined;
  private leading = false;

  constructor(private readonly options: LeaderLeaseOptions) {
    this.durationSeconds = options.leaseDurationSeconds ?? 15;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    if (this.renewDeadlineMs >= this.durationSeconds * 1000) {
      throw new RangeError('renewDeadlineMs must be shorter than leaseDurationSeconds');
    }
  }

  get identity(): string {
    return this.options.identity;
  }

  /** True while this instance holds a lease it renewed within the renew deadline. */
  isLeader(): boolean {
    if (!this.leading || this.lastRenewedAt === undefined) return false;
    if (this.options.clock.now() - this.lastRenewedAt >= this.renewDeadlineMs) {
      this.setLeading(false, 'renew deadline passed');
      return false;
    }
    return true;
  }

  /** One election round (call every retry period). Returns whether this instance leads afterwards. */
  async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.options.clock.now();
    let lease: V1Lease;
    try {
      lease = await this.options.api.readNamespacedLease({
        name: this.options.name,
        namespace: this.options.namespace,
      });
    } catch (error) {
      if (httpCodeOf(error) === 404) return this.create(now);
      return this.failedRound(error);
    }
    const spec = lease.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    const key = `${lease.metadata?.resourceVersion}`;
    if (this.observed?.key !== key) this.observed = { key, holder, at: now };
    const duration = (spec.leaseDurationSeconds ?? this.durationSeconds) * 1000;
    const heldByOther = holder !== '' && holder !== this.identity && now - this.observed.at < duration;
    if (heldByOther) {
      this.setLeading(false, `held by ${holder}`);
      return false;
    }
    const renewing = holder === this.identity;
    const body: V1Lease = {
      ...lease,
      spec: {
        ...spec,
        holderIdentity: this.identity,
        leaseDurationSeconds: this.durationSeconds,
        renewTime: new V1MicroTime(now),
        acquireTime:
          renewing && spec.acquireTime
            ? new V1MicroTime(new Date(spec.acquireTime).getTime())
            : new V1MicroTime(now),
        leaseTransitions: (spec.leaseTransitions ?? 0) + (renewing || holder === '' ? 0 : 1),
      },
    };
    try {
      const updated = await this.options.api.replaceNamespacedLease({
        name: this.options.name,
        namespace: this.options.namespace,
        body,
      });
      return this.won(updated, now, renewing ? 'renewed' : `acquired from ${holder || 'nobody'}`);
    } catch (error) {
      if (httpCodeOf(error) === 409) {
        // Someone else wrote the lease since we read it: they may hold it now, so stop acting at once.
        this.setLeading(false, 'conflict on lease update');
        return false;
      }
      return this.failedRound(error);
    }
  }

  /** Gives the lease up (on shutdown) so a standby can take over without waiting for expiry. */
  async release(): Promise<void> {
    if (!this.leading) return;
    this.setLeading(false, 'released');
    try {
      const lease = await this.options.api.readNamespacedLease({
        name: this.options.name,
        namespace: this.options.namespace,
      });
      if (lease.spec?.holderIdentity !== this.identity) return;
      const now = new V1MicroTime(this.options.clock.now());
      await this.options.api.replaceNamespacedLease({
        name: this.options.name,
        namespace: this.options.namespace,
        body: {
          ...lease,
          spec: {
            ...lease.spec,
            holderIdentity: undefined,
            leaseDurationSeconds: 1,
            renewTime: now,
            acquireTime: now,
          },
        },
      });
    } catch {
      // Best effort: the lease expires by itself.
    }
  }

  private async create(now: number): Promise<boolean> {
    try {
      const created = await this.options.api.createNamespacedLease({
        namespace: this.options.namespace,
        body: {
          metadata: { name: this.options.name, namespace: this.options.namespace },
          spec: {
            holderIdentity: this.identity,
            leaseDurationSeconds: this.durationSeconds,
            acquireTime: new V1MicroTime(now),
            renewTime: new V1MicroTime(now),
            leaseTransitions: 0,
          },
        },
      });
      return this.won(created, now, 'created lease');
    } catch (error) {
      if (httpCodeOf(error) === 409) {
        this.setLeading(false, 'lost the race to create the lease');
        return false;
      }
      return this.failedRound(error);
    }
  }

  private won(lease: V1Lease, now: number, reason: string): boolean {
    this.observed = { key: `${lease.metadata?.resourceVersion}`, holder: this.identity, at: now };
    this.lastRenewedAt = now;
    this.setLeading(true, reason);
    return true;
  }

  /** Transient API failure: keep leading until the renew deadline says otherwise. */
  private failedRound(error: unknown): boolean {
    this.lastError = briefError(error);
    return this.isLeader();
  }

  lastError: string | undefined;

  private setLeading(leading: boolean, reason: string): void {
    if (this.leading === leading) return;
    this.leading = leading;
    if (!leading) this.lastRenewedAt = undefined;
    this.options.onChange?.(leading, reason);
  }
}
