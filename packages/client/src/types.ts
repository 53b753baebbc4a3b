import type { AppRouter } from '@redline/gateway/app-router';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

export type RedlineRouterInputs = inferRouterInputs<AppRouter>;
export type RedlineRouterOutputs = inferRouterOutputs<AppRouter>;

export type CheckInput = RedlineRouterInputs['correct']['check'];
/** One streamed segment result of correct.check. */
export type CheckResult = RedlineRouterOutputs['correct']['check'] extends AsyncIterable<infer R> ? R : never;
export type FeedbackInput = RedlineRouterInputs['feedback']['record'];
