import { describe, expect, inject, it } from 'vitest';
import { configure, underlines, waitForUnderline } from './support/browser.ts';
import { deadPort, extensionSessionForFile } from './support/session.ts';
import { recordedChecks, sentSegmentTexts, waitFor } from './support/stack-client.ts';

const stack = inject('stack');
const session = extensionSessionForFile();
const open = session.open;

const status = session.status;

describe('privacy', () => {
  it('never reads or sends password, payment, one-time-code, address, or opted-out fields', async () => {
    const page = await open('/private.html');
    const secrets: Record<string, string> = {
      password: 'Secretpasword one.',
      card: 'Cardnumbr two.',
      otp: 'Onetime tres cde.',
      street: 'Streeet four.',
      optout: 'Optedout recieved five.',
      gramm: 'Grammoff recieved six.',
      grammarly: 'Grammarlyoff recieved seven.',
      nospell: 'Nospell recieved eight.',
    };
    for (const [id, text] of Object.entries(secrets)) {
      await page.click(`#${id}`);
      await page.keyboard.type(text);
    }
    // The ordinary field on the same page is checked (so the pipeline is live while the others stay silent).
    await page.click('#normal');
    await page.keyboard.type('Normal pakage text.');
    await waitForUnderline(page, () => page.inputValue('#normal'), 'pakage');
    await page.waitForTimeout(600); // past the debounce of the last private keystrokes
    const sent = (await sentSegmentTexts(stack)).join('\n');
    expect(sent).toContain('Normal pakage text.');
    for (const text of Object.values(secrets)) expect(sent).not.toContain(text.split(' ')[0]);
    expect((await underlines(page)).length).toBe(1);
    await page.close();
  });

  it('does nothing on a site the user switched off', async () => {
    await configure(session.browser.worker, { disabledSites: ['127.0.0.1'] });
    const mark = (await recordedChecks(stack)).length;
    const page = await open('/textarea.html');
    await page.click('#field');
    await page.keyboard.type('Switched off recieved text.');
    await page.waitForTimeout(1200);
    expect((await recordedChecks(stack)).length).toBe(mark);
    expect(await page.evaluate(() => document.querySelector('[data-redline-host]') === null)).toBe(true);
    await page.close();
    await configure(session.browser.worker, { disabledSites: [] });
  });
});

describe('offline and on-device', () => {
  it('falls back to on-device harper.js when the gateway is unreachable, and says so', async () => {
    await configure(session.browser.worker, { gatewayUrl: `http://127.0.0.1:${await deadPort()}` });
    const page = await open('/textarea.html');
    await page.click('#field');
    await page.keyboard.type('Offline we recieved it.');
    // First use compiles Harper's wasm in the worker: allow for a slow, shared CPU.
    await waitForUnderline(page, () => page.inputValue('#field'), 'recieved', 90_000);
    const s = await status();
    expect(s.active).toBe('on-device');
    expect(s.reason).toBe('gateway-unreachable');
    await page.close();
  }, 120_000);

  it('sends nothing in on-device-only mode, yet still underlines', async () => {
    await configure(session.browser.worker, { gatewayUrl: stack.proxyUrl, onDeviceOnly: true });
    const mark = (await recordedChecks(stack)).length;
    const page = await open('/textarea.html');
    await page.click('#field');
    await page.keyboard.type('Local only pakage here.');
    await waitForUnderline(page, () => page.inputValue('#field'), 'pakage', 60_000);
    expect((await recordedChecks(stack)).length).toBe(mark);
    await waitFor(async () => (await status()).reason === 'user-chose-on-device', 5000, 'status');
    await page.close();
  }, 90_000);
});
