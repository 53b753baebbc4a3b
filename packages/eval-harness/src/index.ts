export { type BootstrapResult, type PairedSentence, pairedBootstrap } from './gate/bootstrap.ts';
export { type LoadedRun, loadRun, RunLoadError } from './gate/load-run.ts';
export { GateInputError, type GateOptions, type GateReport, runGate } from './gate/run-gate.ts';
export { combineVerdicts, EXIT_CODES, latencyVerdict, qualityVerdict, type Verdict } from './gate/verdict.ts';
export {
  type ErrantMode,
  type ErrantOptions,
  type ErrantResult,
  formatErrantReport,
  scoreErrant,
} from './metrics/errant.ts';
export {
  computeGleu,
  formatGleu,
  type GleuResult,
  gleuFromStats,
  gleuStats,
  gleuTokens,
} from './metrics/gleu.ts';
export {
  type GoldEdit,
  type GoldSentence,
  loadM2Gold,
  loadSystemLines,
  M2FormatError,
} from './metrics/m2-gold.ts';
export { buildLattice, LatticeBudgetError } from './metrics/m2-lattice.ts';
export {
  formatM2Report,
  type M2CorpusResult,
  type M2Edit,
  type M2Options,
  type M2SentenceResult,
  prf,
  scoreM2,
  shrinkEdit,
} from './metrics/m2-scorer.ts';
export { pyFormatFixed, pyRound } from './metrics/python-compat.ts';
export { PythonRandom } from './metrics/python-random.ts';
export {
  alignTokens,
  referenceGold,
  type TokenEdit,
  tokenizeForM2,
  toM2Block,
} from './metrics/token-edits.ts';
export {
  createRolloutClient,
  type RolloutClient,
  type RolloutClientOptions,
} from './rollout/rollout-client.ts';
export { type Dataset, type DatasetItem, loadDataset, parseJsonlDataset } from './run/dataset.ts';
export { PROMPT_VERSION } from './run/prompt.ts';
export {
  type ItemRecord,
  type RunOptions,
  type RunResult,
  type RunSummary,
  runEval,
} from './run/run-eval.ts';
