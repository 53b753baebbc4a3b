#!/usr/bin/env node
// npm run demo -- "Their going too the park tomorow."
// Sends the text to the gateway through the typed client and prints each segment's corrections as they stream.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { createRedlineClient, redlineErrorCode } = await import('@redline/client');
const { applyEdits } = await import('@redline/edits');

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const text = process.argv.slice(2).join(' ').trim() || 'Their going too the park tomorow. Its a nice day.';
const { url, apiKey } = findGateway();
const client = createRedlineClient({ url, apiKey });

// One segment per sentence, so you can watch them stream back in completion order.
const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const segments = [...segmenter.segment(text)]
  .map((s, i) => ({ id: `s${i + 1}`, text: s.segment }))
  .filter((s) => s.text.trim() !== '')
  .slice(0, 50);
const byId = new Map(segments.map((s) => [s.id, s]));
const corrected = new Map();

console.log(`gateway ${url}: ${segments.length} segment(s)\n`);
const started = performance.now();
try {
  for await (const result of await client.correct.check.query({ segments })) {
    const segment = byId.get(result.segmentId);
    const ms = Math.round(performance.now() - started);
    const source = result.cached ? 'cache' : result.model;
    console.log(`[${result.segmentId}] +${ms} ms (${source}) ${JSON.stringify(segment.text.trim())}`);
    if (result.edits.length === 0) console.log('    no corrections');
    for (const edit of result.edits) {
      console.log(
        `    ${JSON.stringify(edit.original)} → ${JSON.stringify(edit.replacement)}  [${edit.category}]`,
      );
    }
    corrected.set(result.segmentId, applyEdits(segment.text, result.edits));
  }
} catch (error) {
  const code = redlineErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  console.error(`\nRequest failed${code ? ` (${code})` : ''}: ${message}`);
  if (/fetch failed|ECONNREFUSED/.test(message))
    console.error(`Is the gateway running? Start it with: npm start`);
  process.exit(1);
}
console.log(`\ncorrected: ${segments.map((s) => corrected.get(s.id) ?? s.text).join('')}`);

function findGateway() {
  if (process.env.REDLINE_URL && process.env.REDLINE_API_KEY) {
    return { url: process.env.REDLINE_URL, apiKey: process.env.REDLINE_API_KEY };
  }
  const devFile = join(repoRoot, '.redline', 'dev.json');
  if (!existsSync(devFile)) {
    console.error('No gateway configured: set REDLINE_URL and REDLINE_API_KEY, or run `npm start` first.');
    process.exit(2);
  }
  const dev = JSON.parse(readFileSync(devFile, 'utf8'));
  return { url: process.env.REDLINE_URL ?? dev.url, apiKey: process.env.REDLINE_API_KEY ?? dev.apiKey };
}
