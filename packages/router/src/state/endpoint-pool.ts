/**
 * The endpoint set of one router and two dense arrays over it, kept current on every state change so that
 * pick() can sample uniformly in O(1):
 *  - eligible: healthy endpoints (not terminating, not ejected, not unhealthy) — normal routing;
 *  - active: every non-terminating endpoint — panic routing (Envoy: route over all hosts when too few healthy).
 * Arrays use swap-remove, so order is arbitrary; policies must not depend on it except round-robin's cursor.
 */
import type { EndpointSpec } from '../types.ts';
import { EndpointState } from './endpoint-state.ts';

export class EndpointPool {
  readonly byId = new Map<string, EndpointState>();
  readonly eligible: EndpointState[] = [];
  readonly active: EndpointState[] = [];
  private initialised = false;

  /**
   * Replace the endpoint set. Known ids keep their state (counters, EWMAs, ejection); removed ones drain:
   * they leave the routing arrays at once and disappear when their last handle finishes.
   */
  setEndpoints(specs: readonly EndpointSpec[], now: number, slowStartEnabled: boolean): void {
    const seen = new Set<string>();
    for (const spec of specs) {
      if (seen.has(spec.id)) continue;
      seen.add(spec.id);
      let ep = this.byId.get(spec.id);
      if (ep === undefined) {
        ep = new EndpointState(spec, now, slowStartEnabled && this.initialised);
        this.byId.set(spec.id, ep);
      } else {
        ep.spec = spec;
        ep.removed = false;
        ep.terminating = spec.terminating === true;
      }
      this.refresh(ep);
    }
    for (const ep of this.byId.values()) {
      if (seen.has(ep.id)) continue;
      ep.removed = true;
      ep.terminating = true;
      this.refresh(ep);
      this.dropIfDrained(ep);
    }
    this.initialised = true;
  }

  /** Re-derive array membership after any state change of ep. */
  refresh(ep: EndpointState): void {
    setMember(this.eligible, ep, ep.isHealthy(), 'eligibleIndex');
    setMember(this.active, ep, !ep.terminating, 'activeIndex');
  }

  /** Forget a removed endpoint once nothing holds it. */
  dropIfDrained(ep: EndpointState): void {
    if (ep.removed && ep.inFlight === 0 && this.byId.get(ep.id) === ep) {
      this.byId.delete(ep.id);
    }
  }
}

type IndexField = 'eligibleIndex' | 'activeIndex';

function setMember(list: EndpointState[], ep: EndpointState, member: boolean, field: IndexField): void {
  const index = ep[field];
  if (member && index === -1) {
    ep[field] = list.length;
    list.push(ep);
  } else if (!member && index !== -1) {
    const last = list.pop()!;
    if (last !== ep) {
      list[index] = last;
      last[field] = index;
    }
    ep[field] = -1;
  }
}
