import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runFaultSurvival } from './fault-survival.ts';

const { values } = parseArgs({
  options: {
    'duration-ms': { type: 'string', default: '60000' },
    rate: { type: 'string', default: '60' },
    pods: { type: 'string', default: '8' },
    policy: { type: 'string', default: 'redline' },
  },
});
const result = await runFaultSurvival({
  durationMs: Number(values['duration-ms']),
  ratePerSec: Number(values.rate),
  pods: Number(values.pods),
  policy: values.policy as 'redline',
});
for (const e of result.events) console.log(`t=${(e.atMs / 1000).toFixed(1)} s  ${e.what}`);
const pct = (x: number) => `${(x * 100).toFixed(3)}%`;
console.log(
  `correct.check: ${result.check.okWithinDeadline}/${result.check.requests} within deadline (${pct(result.check.share)}); errors ${JSON.stringify(result.check.errors)}`,
);
console.log(
  `/v1 streams: ${result.stream.okWithinDeadline}/${result.stream.requests} ok, ${result.stream.cutAfterBytes} cut after bytes (not retried), ${result.stream.failedBeforeBytes} failed before bytes, ${result.stream.retriedAfterBytes} retried after bytes`,
);
const outDir = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
mkdirSync(outDir, { recursive: true });
const file = `fault-survival-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(`${outDir}${file}`, `${JSON.stringify({ options: values, ...result }, null, 2)}\n`);
console.log(`wrote bench/results/${file}`);
