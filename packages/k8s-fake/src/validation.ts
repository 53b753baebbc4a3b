import type { ResourceType } from './resources.ts';
import { badRequest, invalid, type KubeStatus } from './status.ts';
import type { KubeObject } from './store.ts';

/** metav1.MicroTime is parsed with RFC3339Micro, so exactly six fractional digits are required. */
const MICRO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}(Z|[+-]\d{2}:\d{2})$/;

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** The few server-side validations the fake enforces because clients get them wrong in practice. */
export function validateObject(type: ResourceType, object: KubeObject): KubeStatus | undefined {
  const name = object.metadata?.name ?? '';
  const spec = record(object.spec);
  if (type.plural === 'leases') {
    for (const field of ['renewTime', 'acquireTime'] as const) {
      const value = spec[field];
      if (value !== undefined && value !== null && (typeof value !== 'string' || !MICRO_TIME.test(value))) {
        return badRequest(
          `Lease in version "v1" cannot be handled as a Lease: parsing time ${JSON.stringify(value)} as ` +
            '"2006-01-02T15:04:05.000000Z07:00": cannot parse',
        );
      }
    }
    const duration = spec.leaseDurationSeconds;
    if (
      duration !== undefined &&
      duration !== null &&
      !(Number.isInteger(duration) && Number(duration) > 0)
    ) {
      return invalid(type, name, 'spec.leaseDurationSeconds', 'must be greater than 0');
    }
  }
  if (type.plural === 'deployments') {
    const replicas = spec.replicas;
    if (replicas !== undefined && !(Number.isInteger(replicas) && Number(replicas) >= 0)) {
      return invalid(type, name, 'spec.replicas', 'must be greater than or equal to 0');
    }
  }
  if (type.plural === 'endpointslices') {
    const addressType = object.addressType;
    if (!['IPv4', 'IPv6', 'FQDN'].includes(String(addressType))) {
      return invalid(
        type,
        name,
        'addressType',
        'Unsupported value: supported values: "FQDN", "IPv4", "IPv6"',
      );
    }
  }
  return undefined;
}
