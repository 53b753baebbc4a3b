import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root (this file is packages/autoscaler/src/paths.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where calibrate writes, and the controller reads, the per-pod target. */
export const DEFAULT_TARGET_FILE = resolve(REPO_ROOT, '.redline/autoscaler-target.json');

/** Benchmark output (repo root bench/results). */
export const DEFAULT_RESULTS_DIR = resolve(REPO_ROOT, 'bench/results');

/** Shared real data (traces), outside the repository. */
export const SHARED_DATA_DIR = resolve(REPO_ROOT, '../shared/data');
