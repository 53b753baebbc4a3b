import { createRedlineClient } from '@redline/client';
import { startGateway } from '@redline/gateway';
import { startPods } from '@redline/pod-sim';
import type { PolicyName } from '@redline/router';
import { Pool } from 'undici';
import { MutableEndpointSource } from './mutable-source.ts';
import { poissonSchedule, seededRandom } from './poisson.ts';

/**
 * Fault survival: steady open-loop load through a real gateway over real pod-sim pods while, one after another,
 * a pod is killed mid-stream, a pod hangs, a pod answers every request with 503, and a pod is removed from
 * discovery. Half the pool stays healthy throughout.
 *
 * Two kinds of traffic run side by side:
 * - correct.check (the product path): a segment's result is sent only when complete, so a failed attempt may be
 *   retried on another pod; the share completed within the deadline is the availability figure.
 * - /v1 streaming chat completions: bytes reach the client token by token, so an attempt that broke after the
 *   first byte must NOT be retried. Every stream's content is checked against what the echo pods must return:
 *   a retry after bytes would show up as a second role chunk or repeated content.
 */
export interface FaultSurvivalOptions {
  pods?: number;
  ratePerSec?: number;
  durationMs?: number;
  /** Deadline of each request, as the client sees it. */
  deadlineMs?: number;
  /** Share of requests sent through /v1 streaming instead of correct.check. */
  streamShare?: number;
  policy?: PolicyName;
  profile?: string;
  seed?: number;
}

export interface FaultEvent {
  atMs: number;
  what: string;
}

export interface FaultSurvivalResult {
  check: { requests: number; okWithinDeadline: number; share: number; errors: Record<string, number> };
  stream: {
    requests: number;
    okWithinDeadline: number;
    /** Streams cut after bytes reached the client: expected when a pod dies mid-stream, never retried. */
    cutAfterBytes: number;
    /** Streams that looked retried after bytes (duplicated role chunk or content): must be 0. */
    retriedAfterBytes: number;
    failedBeforeBytes: number;
  };
  events: FaultEvent[];
}

export async function runFaultSurvival(options: FaultSurvivalOptions = {}): Promise<FaultSurvivalResult> {
  const podCount = options.pods ?? 8;
  const durationMs = options.durationMs ?? 20_000;
  const deadlineMs = options.deadlineMs ?? 5000;
  const rate = options.ratePerSec ?? 40;
  const streamShare = options.streamShare ?? 0.3;
  const random = seededRandom(options.seed ?? 1);
  const fleet = await startPods({
    count: podCount,
    engine: 'echo',
    profile: options.profile ?? 'l40s-llama3-8b',
  });
  const urls = fleet.pods.map((p) => p.url);
  const source = new MutableEndpointSource(urls);
  const gateway = await startGateway({
    endpointSource: source,
    policy: options.policy ?? 'redline',
    deadlineMs: deadlineMs - 500,
    logLevel: 'silent',
    healthCheck: { intervalMs: 500 },
  });
  const key = await gateway.db.apiKeys.create({ name: 'fault-survival' });
  const client = createRedlineClient({ url: gateway.url, apiKey: key.key });
  const http = new Pool(gateway.url, { connections: 256 });
  const events: FaultEvent[] = [];
  const start = performance.now();
  const at = (fraction: number, what: string, act: () => void | Promise<void>) =>
    new Promise<void>((resolve) =>
      setTimeout(
        async () => {
          events.push({ atMs: Math.round(performance.now() - start), what });
          await act();
          resolve();
        },
        Math.round(durationMs * fraction),
      ),
    );

  const check = { requests: 0, okWithinDeadline: 0, share: 0, errors: {} as Record<string, number> };
  const stream = {
    requests: 0,
    okWithinDeadline: 0,
    cutAfterBytes: 0,
    retriedAfterBytes: 0,
    failedBeforeBytes: 0,
  };
  const schedule = poissonSchedule([{ durationMs, ratePerSec: rate }], random);

  const oneCheck = async (i: number, intendedAt: number) => {
    check.requests++;
    const text = `Request ${i}: their going too the park tomorow with there friends.`;
    try {
      const results = await client.correct.check.query(
        { segments: [{ id: 's', text }] },
        { signal: AbortSignal.timeout(deadlineMs) },
      );
      let got = 0;
      for await (const r of results) if (r.segmentId === 's') got++;
      if (got === 1 && performance.now() - intendedAt <= deadlineMs) check.okWithinDeadline++;
      else check.errors.late = (check.errors.late ?? 0) + 1;
    } catch (err) {
      const code = (err as { data?: { code?: string } }).data?.code ?? (err as Error).name;
      check.errors[code] = (check.errors[code] ?? 0) + 1;
    }
  };

  const oneStream = async (i: number, intendedAt: number) => {
    stream.requests++;
    const content = `Stream ${i} says hello to the pods.`;
    let sawBytes = false;
    try {
      const res = await http.request({
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key.key}` },
        body: JSON.stringify({
          model: 'redline/harper-gec',
          messages: [{ role: 'user', content }],
          max_tokens: 256,
          stream: true,
        }),
        signal: AbortSignal.timeout(deadlineMs),
      });
      let body = '';
      for await (const chunk of res.body) {
        sawBytes = true;
        body += (chunk as Buffer).toString('utf8');
      }
      if (res.statusCode !== 200) {
        stream.failedBeforeBytes++;
        return;
      }
      const { roles, text, done } = parseSse(body);
      if (roles > 1 || (text.length > content.length && text.includes(content))) stream.retriedAfterBytes++;
      else if (done && text === content && performance.now() - intendedAt <= deadlineMs)
        stream.okWithinDeadline++;
      else stream.cutAfterBytes++;
    } catch {
      if (sawBytes) stream.cutAfterBytes++;
      else stream.failedBeforeBytes++;
    }
  };

  const faults = Promise.all([
    at(0.2, 'pod 0 killed mid-stream', async () => {
      fleet.pods[0]!.setFaults({ crashAfterTokens: 3 });
      await new Promise((r) => setTimeout(r, 200));
      await fleet.pods[0]!.close();
    }),
    at(0.4, 'pod 1 hangs', () => fleet.pods[1]!.setFaults({ hang: true })),
    at(0.6, 'pod 2 answers 100% 503', () => fleet.pods[2]!.setFaults({ errorRate: 1 })),
    at(0.8, 'pod 3 removed from discovery', () => source.remove(urls[3]!)),
  ]);

  const pending: Promise<void>[] = [];
  try {
    for (let i = 0; i < schedule.length; i++) {
      const intendedAt = start + schedule[i]!;
      const wait = intendedAt - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      pending.push(random() < streamShare ? oneStream(i, intendedAt) : oneCheck(i, intendedAt));
    }
    await Promise.all(pending);
    await faults;
  } finally {
    await http.close();
    await gateway.close();
    await fleet.close();
  }
  check.share = check.requests ? check.okWithinDeadline / check.requests : 0;
  return { check, stream, events };
}

/** Counts role chunks, concatenates content deltas, and notes whether the stream ended with [DONE]. */
function parseSse(body: string): { roles: number; text: string; done: boolean } {
  let roles = 0;
  let text = '';
  let done = false;
  for (const line of body.split('\n')) {
    if (!line.startsWith('data: ')) continue;
    const data = line.slice(6).trim();
    if (data === '[DONE]') {
      done = true;
      continue;
    }
    const chunk = JSON.parse(data) as { choices?: { delta?: { role?: string; content?: string } }[] };
    const delta = chunk.choices?.[0]?.delta;
    if (delta?.role) roles++;
    if (delta?.content) text += delta.content;
  }
  return { roles, text, done };
}
