export { Backoff, type BackoffOptions } from './backoff.ts';
export { type DnsResolver, type DnsSource, type DnsSourceOptions, dnsSource } from './dns-source.ts';
export { canonical, EndpointSetEmitter, sameEndpoints } from './endpoint-set.ts';
export {
  type EndpointSliceSource,
  type EndpointSliceSourceOptions,
  endpointSliceSource,
} from './endpoint-slice-source.ts';
export {
  type EndpointSliceWatcher,
  type EndpointSliceWatcherOptions,
  SERVICE_NAME_LABEL,
  type WatcherStatus,
  watchEndpointSlices,
} from './endpoint-slice-watcher.ts';
export {
  type AddressState,
  addressesFromSlices,
  countAddresses,
  endpointsFromSlices,
  type SliceAddress,
  type SliceSelection,
  stateOf,
} from './endpoint-slices.ts';
export { endpointFromUrl, staticSource } from './static-source.ts';
export { type EndpointSource, type EndpointSpec, realTimers, type Timers } from './types.ts';
