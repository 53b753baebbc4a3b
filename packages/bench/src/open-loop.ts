import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatClient, RequestResult } from './stream-request.ts';

export interface OpenLoopOptions {
  client: ChatClient;
  /** Intended send times in ms from the start (see poissonSchedule). */
  schedule: readonly number[];
  prompt: string;
  /** max_tokens of each request, index for index with the schedule. */
  maxTokens: readonly number[];
  deadlineMs: number;
}

export interface OpenLoopResult {
  results: RequestResult[];
  /** Wall time from the first intended send to the last response. */
  elapsedMs: number;
  /** Largest lateness of a send behind its intended time: large values mean the load generator itself lagged. */
  maxSendLagMs: number;
}

/** Fires every request at its intended time, whatever the previous ones are doing, and waits for all of them. */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const start = performance.now();
  const pending: Promise<RequestResult>[] = [];
  let maxSendLagMs = 0;
  if (options.maxTokens.length !== options.schedule.length)
    throw new RangeError('runOpenLoop needs one max_tokens per scheduled request');
  for (const [i, at] of options.schedule.entries()) {
    const intendedAt = start + at;
    const wait = intendedAt - performance.now();
    if (wait > 1) await sleep(wait);
    maxSendLagMs = Math.max(maxSendLagMs, performance.now() - intendedAt);
    pending.push(options.client.send(options.prompt, options.maxTokens[i]!, intendedAt, options.deadlineMs));
  }
  const results = await Promise.all(pending);
  return { results, elapsedMs: performance.now() - start, maxSendLagMs };
}
