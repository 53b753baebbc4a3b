import type { TestProject } from 'vitest/node';
import { startStack } from './stack.ts';
import type { StackInfo } from './stack-client.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}

/** One gateway + pod-sim stack for all browser test files (starting harper-backed pods is the slow part). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startStack();
  project.provide('stack', { proxyUrl: stack.proxy.url, apiKey: stack.apiKey });
  return () => stack.close();
}
