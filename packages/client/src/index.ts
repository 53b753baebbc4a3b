export {
  createRedlineClient,
  type RedlineClient,
  type RedlineClientOptions,
} from './create-redline-client.ts';
export { isRedlineError, redlineErrorCode } from './errors.ts';
export type {
  CheckInput,
  CheckResult,
  FeedbackInput,
  RedlineRouterInputs,
  RedlineRouterOutputs,
} from './types.ts';
