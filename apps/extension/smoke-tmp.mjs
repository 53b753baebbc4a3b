import { chromium } from 'playwright-core';

const ext = '/work/main/apps/extension/build/chrome-mv3-prod';
const ctx = await chromium.launchPersistentContext('/tmp/smoke-profile-' + Date.now(), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  ignoreDefaultArgs: ['--disable-extensions'],
  args: [
    `--disable-extensions-except=${ext}`,
    `--load-extension=${ext}`,
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
let [sw] = ctx.serviceWorkers();
if (!sw) sw = await ctx.waitForEvent('serviceworker', { timeout: 10000 });
const t0 = Date.now();
const r = await sw.evaluate(async () => {
  try {
    return JSON.stringify(await self.redline.check('This is a sentance with a eror.'));
  } catch (e) {
    return 'ERR ' + (e.stack || e);
  }
});
console.log(Date.now() - t0, 'ms', r);
console.log(JSON.stringify(await sw.evaluate(() => self.redline.status())));
await ctx.close();
