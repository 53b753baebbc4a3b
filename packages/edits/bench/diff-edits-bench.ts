/**
 * diffEdits latency on 2,000-character segments (the extension diffs on keystrokes; budget ≪ 5 ms).
 * Prints a table and writes bench/results/edits-diff.json at the repository root.
 * Run: npx tsx bench/diff-edits-bench.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffEdits, rebaseEdits } from '../src/index.ts';

const WORDS = (
  'the a of to and in is it that was for on are with as his they be at one have this from or had by ' +
  'word but what some we can out other were all there when up use your how said an each she which do ' +
  'their time if will way about many then them write would like so these her long make thing see him ' +
  'café naïve résumé 😀 tomorrow receive definitely'
).split(' ');
const TYPOS: Record<string, string> = { their: "they're", receive: 'recieve', tomorrow: 'tomorow', a: 'an' };

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function segment(random: () => number, chars: number): string {
  let out = '';
  while (out.length < chars) {
    const n = 6 + Math.floor(random() * 12);
    const words = Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)] as string);
    out += `${words.join(' ')}${random() < 0.3 ? ',' : '.'} `;
  }
  return out.slice(0, chars);
}

function corrupt(random: () => number, text: string, rate: number): string {
  return text
    .split(' ')
    .map((w) => (random() < rate ? (TYPOS[w] ?? (random() < 0.5 ? `${w}s` : w.toUpperCase())) : w))
    .join(' ');
}

function measure(label: string, pairs: [string, string][], fn: (a: string, b: string) => unknown) {
  for (const [a, b] of pairs.slice(0, 20)) fn(a, b); // warm-up
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (const [a, b] of pairs) {
    const t0 = performance.now();
    fn(a, b);
    times.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  // CPU time per call is robust to the scheduler preempting us on a shared machine; wall p99 is not.
  const cpuMeanMs = (cpu.user + cpu.system) / 1000 / pairs.length;
  times.sort((x, y) => x - y);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] as number;
  const row = { label, runs: times.length, cpuMeanMs, p50Ms: q(0.5), p99Ms: q(0.99), maxMs: q(1) };
  console.log(
    `${label.padEnd(48)} cpu/call ${cpuMeanMs.toFixed(3)} ms  wall p50 ${row.p50Ms.toFixed(3)} ms  p99 ${row.p99Ms.toFixed(3)} ms  max ${row.maxMs.toFixed(3)} ms`,
  );
  return row;
}

const random = seededRandom(42);
const runs = 300;
const originals = Array.from({ length: runs }, () => segment(random, 2000));
const results = [
  measure(
    'diffEdits 2,000 chars, ~5% words corrected',
    originals.map((o) => [o, corrupt(random, o, 0.05)]),
    diffEdits,
  ),
  measure(
    'diffEdits 2,000 chars, one keystroke apart',
    originals.map((o) => [o, `${o.slice(0, 1000)}x${o.slice(1000)}`]),
    diffEdits,
  ),
  measure(
    'diffEdits 2,000 chars, ~30% words corrected',
    originals.map((o) => [o, corrupt(random, o, 0.3)]),
    diffEdits,
  ),
  measure(
    'diffEdits 2,000 chars, unrelated texts (worst)',
    originals.slice(0, 50).map((o) => [o, segment(random, 2000)]),
    diffEdits,
  ),
  measure(
    'rebaseEdits 2,000 chars, one keystroke apart',
    originals.map((o) => [o, `${o.slice(0, 1000)}x${o.slice(1000)}`]),
    (a, b) => rebaseEdits(diffEdits(a, corrupt(random, a, 0.05)), a, b),
  ),
];

const loadAverage = os.loadavg();
console.log(`load average ${loadAverage.map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
const out = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bench/results/edits-diff.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify({ bench: 'edits-diff', at: new Date().toISOString(), node: process.version, loadAverage, results }, null, 2)}\n`,
);
console.log(`wrote ${out}`);
