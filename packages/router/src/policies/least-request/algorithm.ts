/**
 * least-request: power of two choices on this router's own in-flight count, exactly Envoy's LEAST_REQUEST
 * (choice_count 2): sample two distinct endpoints, route to the one with fewer active requests.
 * Sources: Envoy docs, "Load balancers → Weighted least request"; Mitzenmacher, "The Power of Two Choices in
 * Randomized Load Balancing" (2001). The cost is (in-flight + 1)^bias as in Envoy's weighted variant, so a
 * slow-start weight w turns into (in-flight + 1)^bias / w. Only local knowledge: with G independent gateways
 * each sees ~1/G of a pod's load, which is what the redline policy adds server-reported load for.
 */
import { chooseTwo } from '../../selection/p2c.ts';
import type { EndpointState } from '../../state/endpoint-state.ts';
import type { Policy, SelectionContext } from '../policy.ts';
import type { LeastRequestConfig } from './config.ts';

export class LeastRequestPolicy implements Policy {
  readonly name = 'least-request' as const;

  constructor(readonly config: LeastRequestConfig) {}

  choose(list: readonly EndpointState[], ctx: SelectionContext): EndpointState | undefined {
    return chooseTwo(this, list, ctx);
  }

  cost(ep: EndpointState): number {
    const bias = this.config.activeRequestBias;
    return bias === 1 ? ep.inFlight + 1 : (ep.inFlight + 1) ** bias;
  }
}
