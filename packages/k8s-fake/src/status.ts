import { qualifiedName, type ResourceType } from './resources.ts';

/** A meta/v1 Status, the body of every API error and of watch ERROR events. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: { message: string; field?: string }[] };
  code: number;
}

export function failure(
  code: number,
  reason: string,
  message: string,
  details?: KubeStatus['details'],
): KubeStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

function detailsOf(type: ResourceType, name: string): KubeStatus['details'] {
  return { name, group: type.group, kind: type.plural };
}

export function notFound(type: ResourceType, name: string): KubeStatus {
  return failure(404, 'NotFound', `${qualifiedName(type)} "${name}" not found`, detailsOf(type, name));
}

export function alreadyExists(type: ResourceType, name: string): KubeStatus {
  return failure(
    409,
    'AlreadyExists',
    `${qualifiedName(type)} "${name}" already exists`,
    detailsOf(type, name),
  );
}

export function conflict(type: ResourceType, name: string): KubeStatus {
  return failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedName(type)} "${name}": the object has been modified; ` +
      'please apply your changes to the latest version and try again',
    detailsOf(type, name),
  );
}

export function invalid(type: ResourceType, name: string, field: string, message: string): KubeStatus {
  return failure(422, 'Invalid', `${type.kind} "${name}" is invalid: ${field}: ${message}`, {
    ...detailsOf(type, name),
    causes: [{ message, field }],
  });
}

export function badRequest(message: string): KubeStatus {
  return failure(400, 'BadRequest', message);
}

/** What etcd-backed watches answer when the requested resourceVersion fell out of the history window. */
export function expired(requested: number, oldest: number): KubeStatus {
  return failure(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
}

export function routeNotFound(): KubeStatus {
  return failure(404, 'NotFound', 'the server could not find the requested resource');
}

export function methodNotAllowed(): KubeStatus {
  return failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

const REASON_BY_CODE: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'Expired',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** An injected fault, shaped like the real server's error for that code. */
export function injectedFailure(code: number, message?: string): KubeStatus {
  return failure(code, REASON_BY_CODE[code] ?? 'InternalError', message ?? `injected failure (${code})`);
}

/** The body of a successful immediate DELETE. */
export function deleted(type: ResourceType, name: string): Omit<KubeStatus, 'message' | 'reason' | 'code'> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: detailsOf(type, name),
  };
}
