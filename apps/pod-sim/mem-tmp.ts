import { correctWithHarper, warmUpHarper } from './src/harper-corrector.ts';
await warmUpHarper();
const rss = () => Math.round(process.memoryUsage().rss / 1e6);
const r = [rss()];
for (let k = 0; k < 4; k++) {
  for (let i = 0; i < 1000; i++) await correctWithHarper(`Their going too the park tomorow ${i} with teh dog ${k}.`, 'American');
  r.push(rss());
}
console.log('rss MB per 1000 lints', r);
