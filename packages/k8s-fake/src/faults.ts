/** Which requests an injected fault applies to. Unset fields match anything. */
export interface FaultMatcher {
  verb?: RequestVerb;
  /** Resource plural, e.g. 'endpointslices'. */
  resource?: string;
  name?: string;
}

export interface FaultSpec extends FaultMatcher {
  /** HTTP status to answer with (a Status body of the real server's shape), default 500. */
  status?: number;
  message?: string;
  /** How many matching requests fail, default 1. */
  times?: number;
}

export type RequestVerb = 'list' | 'watch' | 'get' | 'create' | 'update' | 'patch' | 'delete';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  verb: RequestVerb | 'unknown';
  resource?: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  contentType?: string;
  authorization?: string;
  /** HTTP status answered (watches: 200 once the stream opened). */
  status?: number;
}

interface ActiveFault extends Required<Pick<FaultSpec, 'status' | 'times'>>, FaultMatcher {
  message?: string;
}

/** A queue of one-shot (or n-shot) failures, consumed in order by the first request each one matches. */
export class FaultQueue {
  private readonly faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    this.faults.push({ ...spec, status: spec.status ?? 500, times: spec.times ?? 1 });
  }

  clear(): void {
    this.faults.length = 0;
  }

  /** Returns the fault to apply to this request, consuming one use of it. */
  take(request: RecordedRequest): { status: number; message?: string } | undefined {
    const index = this.faults.findIndex(
      (f) =>
        (f.verb === undefined || f.verb === request.verb) &&
        (f.resource === undefined || f.resource === request.resource) &&
        (f.name === undefined || f.name === request.name),
    );
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return { status: fault.status, ...(fault.message !== undefined ? { message: fault.message } : {}) };
  }
}
