/**
 * What browser test files use of the shared stack, without importing the gateway (started once in
 * global-setup.ts): its address, the API key, and what the counting proxy recorded.
 */

/** Where the counting proxy serves what it recorded. */
export const CHECKS_PATH = '/__redline-e2e/checks';

/** One correct.check call as the gateway received it. */
export interface RecordedCheck {
  at: number;
  segments: Array<{ id: string; text: string }>;
  /** The dialect the extension asked for (from its options). */
  dialect?: string;
}

/** What a test file needs of the shared stack (started once by global-setup.ts). */
export interface StackInfo {
  proxyUrl: string;
  apiKey: string;
}

/** The correct.check calls the gateway has received so far (read from the proxy). */
export async function recordedChecks(info: StackInfo): Promise<RecordedCheck[]> {
  const res = await fetch(`${info.proxyUrl}${CHECKS_PATH}`);
  return (await res.json()) as RecordedCheck[];
}

export async function sentSegmentTexts(info: StackInfo): Promise<string[]> {
  return (await recordedChecks(info)).flatMap((c) => c.segments.map((s) => s.text));
}

/** Poll until `check` returns truthy or time runs out (then throw with a label). */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeoutMs: number,
  label: string,
): Promise<NonNullable<T>> {
  const started = Date.now();
  let last: T | undefined;
  while (Date.now() - started < timeoutMs) {
    try {
      last = await check();
      if (last) return last as NonNullable<T>;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${label} (last: ${JSON.stringify(last)})`);
}
