export {
  createEngine,
  Engine,
  type EngineOptions,
  type EngineStats,
  type FinishReason,
  type Sequence,
  type SequenceId,
  type SequenceRequest,
  type SequenceState,
  SequenceTooLargeError,
  type StepResult,
} from './engine.ts';
export {
  DEFAULT_PROFILE_NAME,
  decodeThroughput,
  estimateStepMs,
  getProfile,
  type ModelProfile,
  profileNames,
  profiles,
} from './profiles.ts';
