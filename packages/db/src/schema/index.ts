export { apiKeys } from './api-keys.ts';
export { FEEDBACK_ACTIONS, type FeedbackAction, feedback } from './feedback.ts';
export { GATE_VERDICTS, type GateVerdict, gateResults } from './gate-results.ts';
export { models } from './models.ts';
export { ROLLOUT_STAGES, type RolloutStage, rollouts, rolloutTransitions } from './rollouts.ts';
export { usage } from './usage.ts';
