import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGate } from '../gate/run-gate.ts';
import { EXIT_CODES } from '../gate/verdict.ts';
import { type ErrantMode, formatErrantReport, scoreErrant } from '../metrics/errant.ts';
import { computeGleu, formatGleu, gleuTokens } from '../metrics/gleu.ts';
import { loadM2Gold, loadSystemLines } from '../metrics/m2-gold.ts';
import { formatM2Report, scoreM2 } from '../metrics/m2-scorer.ts';
import { pyFormatFixed, pyReadlines } from '../metrics/python-compat.ts';
import { alignTokens, tokenizeForM2, toM2Block } from '../metrics/token-edits.ts';
import { createRolloutClient } from '../rollout/rollout-client.ts';
import { runEval } from '../run/run-eval.ts';
import { flag, has, numberFlag, type ParsedArgs, parseArgs, required, UsageError } from './args.ts';

const read = (path: string) => readFileSync(path, 'utf8');
const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
export const DEFAULT_DATASET = join(dirname(fileURLToPath(import.meta.url)), '../../data/redline-mini.jsonl');

export async function scoreCommand(argv: string[]): Promise<number> {
  const [metric, ...rest] = argv;
  const args = parseArgs(rest, ['json']);
  const json = has(args, 'json');
  if (metric === 'm2') {
    const gold = loadM2Gold(read(required(args, 'gold')));
    const result = scoreM2(loadSystemLines(read(required(args, 'hyp'))), gold, {
      beta: numberFlag(args, 'beta', 0.5),
      maxUnchangedWords: numberFlag(args, 'max-unchanged-words', 2),
      ignoreWhitespaceCasing: has(args, 'ignore-whitespace-casing'),
    });
    for (const hit of result.limitHits) process.stderr.write(`warning: line ${hit.line}: ${hit.reason}\n`);
    if (json) {
      const { precision, recall, f: f05, correct, proposed, gold: g, limitHits } = result;
      out(JSON.stringify({ precision, recall, f05, correct, proposed, gold: g, limitHits }));
    } else out(formatM2Report(result));
    return 0;
  }
  if (metric === 'errant') {
    const mode = (flag(args, 'mode') ?? 'cs') as ErrantMode;
    if (!['cs', 'cse', 'ds', 'dt'].includes(mode)) throw new UsageError(`--mode must be cs, cse, ds or dt`);
    const result = scoreErrant(read(required(args, 'hyp')), read(required(args, 'gold')), {
      mode,
      beta: numberFlag(args, 'beta', 0.5),
    });
    if (json) {
      const { tp, fp, fn, precision, recall, f05 } = result;
      out(JSON.stringify({ tp, fp, fn, precision, recall, f05 }));
    } else out(formatErrantReport(result));
    return 0;
  }
  if (metric === 'gleu') {
    const lines = (p: string) => gleuTokens(pyReadlines(read(p)));
    const refs = args.flags.get('ref') ?? [];
    if (refs.length === 0) throw new UsageError('missing --ref');
    const result = computeGleu(lines(required(args, 'src')), refs.map(lines), lines(required(args, 'hyp')), {
      iterations: numberFlag(args, 'iterations', 500),
    });
    if (json) {
      out(
        JSON.stringify({ mean: result.mean, std: result.std, ci: result.ci, iterations: result.iterations }),
      );
    } else {
      out(`${required(args, 'hyp')}\n${formatGleu(result)}`);
      out(`mean ${pyFormatFixed(result.mean, 6)}  std ${pyFormatFixed(result.std, 6)}`);
    }
    return 0;
  }
  throw new UsageError(`unknown metric ${metric ?? ''} (m2, errant, gleu)`);
}

/** Raw source + model output lines → hypothesis M2 (PTB tokens, token Levenshtein edits). */
export function hypM2Command(argv: string[]): number {
  const args = parseArgs(argv);
  const src = pyReadlines(read(required(args, 'src')));
  const hyp = pyReadlines(read(required(args, 'hyp')));
  if (src.length !== hyp.length) throw new UsageError(`--src has ${src.length} lines, --hyp ${hyp.length}`);
  const tokenized = has(args, 'tokenized');
  const blocks = src.map((s, i) => {
    const a = tokenized ? s.split(' ').filter(Boolean) : tokenizeForM2(s);
    const b = tokenizeForM2(hyp[i]!);
    return toM2Block(a, alignTokens(a, b));
  });
  out(`${blocks.join('\n\n')}\n`);
  return 0;
}

export async function runCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['no-progress']);
  const model = required(args, 'model');
  const outDir = flag(args, 'out') ?? join('runs', `${model.replace(/[^\w.-]+/g, '_')}-${Date.now()}`);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted')));
  const limit = flag(args, 'limit');
  const { summary, dir } = await runEval({
    dataset: flag(args, 'dataset') ?? DEFAULT_DATASET,
    references: args.flags.get('refs') ?? [],
    endpoint: required(args, 'endpoint'),
    model,
    apiKey: flag(args, 'api-key') ?? process.env.REDLINE_API_KEY,
    concurrency: numberFlag(args, 'concurrency', 8),
    deadlineMs: numberFlag(args, 'deadline-ms', 10_000),
    retries: numberFlag(args, 'retries', 2),
    out: outDir,
    limit: limit === undefined ? undefined : Number(limit),
    progress: has(args, 'no-progress') ? false : undefined,
    signal: controller.signal,
  });
  const m2 = summary.scores.m2;
  out(`run written to ${dir}`);
  out(
    `items ${summary.counts.items} ok ${summary.counts.ok} errors ${summary.counts.errors} cached ${summary.counts.cached}`,
  );
  out(
    `M2  P ${pyFormatFixed(m2.precision, 4)} R ${pyFormatFixed(m2.recall, 4)} F0.5 ${pyFormatFixed(m2.f05, 4)}`,
  );
  if (summary.scores.gleu) out(`GLEU ${pyFormatFixed(summary.scores.gleu.mean, 6)}`);
  const e2e = summary.latency.e2e;
  out(
    `latency e2e p50 ${e2e.p50?.toFixed(1)} ms p99 ${e2e.p99?.toFixed(1)} ms; ttft p50 ${summary.latency.ttft.p50?.toFixed(1)} ms`,
  );
  return summary.counts.ok === 0 && summary.counts.items > 0 ? 2 : 0;
}

export function gateCommand(argv: string[]): number {
  const args = parseArgs(argv, ['json']);
  const report = runGate({
    baseline: required(args, 'baseline'),
    candidate: required(args, 'candidate'),
    maxDrop: numberFlag(args, 'max-drop', 0.02),
    confidence: numberFlag(args, 'confidence', 0.95),
    maxLatencyRatio: numberFlag(args, 'max-latency-ratio', 1.2),
    resamples: numberFlag(args, 'resamples', 1000),
    seed: numberFlag(args, 'seed', 1),
    reportDir: flag(args, 'report-dir'),
  });
  if (has(args, 'json')) {
    const { verdict, delta, ci, latencyRatio, reportPaths, gleu, verdicts } = report;
    out(JSON.stringify({ verdict, verdicts, delta, ci, gleu, latencyRatio, reportPaths }));
  } else {
    out(`verdict ${report.verdict}`);
    out(
      `F0.5 ${report.f05.baseline.toFixed(4)} -> ${report.f05.candidate.toFixed(4)}  delta ${report.delta.toFixed(4)}  CI [${report.ci[0].toFixed(4)}, ${report.ci[1].toFixed(4)}]  ${report.verdicts.f05}`,
    );
    if (report.gleu)
      out(
        `GLEU delta ${report.gleu.delta.toFixed(4)}  CI [${report.gleu.ci[0].toFixed(4)}, ${report.gleu.ci[1].toFixed(4)}]  ${report.verdicts.gleu}`,
      );
    out(`latency p99 ratio ${report.latencyRatio?.toFixed(3) ?? 'n/a'}  ${report.verdicts.latency}`);
    out(`reports: ${report.reportPaths.markdown} ${report.reportPaths.html}`);
  }
  return EXIT_CODES[report.verdict];
}

export async function rolloutCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const args: ParsedArgs = parseArgs(rest);
  const url = flag(args, 'gateway') ?? process.env.REDLINE_GATEWAY_TRPC ?? 'http://127.0.0.1:8787/trpc';
  const adminToken = flag(args, 'admin-token') ?? process.env.REDLINE_ADMIN_TOKEN;
  if (!adminToken) throw new UsageError('missing --admin-token (or REDLINE_ADMIN_TOKEN)');
  const client = createRolloutClient({ url, adminToken });
  const reason = flag(args, 'reason') ?? 'manual';
  let result: unknown;
  switch (action) {
    case 'start': {
      result = await client.start({
        candidate: required(args, 'candidate'),
        baseline: required(args, 'baseline'),
      });
      const gatePath = flag(args, 'gate-report');
      const id = (result as { id?: string } | null)?.id;
      if (gatePath && id) {
        const report = JSON.parse(read(gatePath)) as { verdict: string };
        await client.recordGate({ rolloutId: id, verdict: report.verdict, report });
      }
      break;
    }
    case 'advance':
      result = await client.advance({ id: required(args, 'id'), reason });
      break;
    case 'status':
      result = await client.status({ id: flag(args, 'id') });
      break;
    case 'rollback':
      result = await client.rollback({ id: required(args, 'id'), reason });
      break;
    default:
      throw new UsageError(`unknown rollout action ${action ?? ''} (start, advance, status, rollback)`);
  }
  out(JSON.stringify(result, null, 2));
  return 0;
}
