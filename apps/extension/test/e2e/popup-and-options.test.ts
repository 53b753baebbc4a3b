import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { SETTINGS_KEY, type Settings } from '../../src/lib/settings.ts';
import { underlines, waitForUnderline } from './support/browser.ts';
import { deadPort, extensionSessionForFile } from './support/session.ts';
import { recordedChecks, waitFor } from './support/stack-client.ts';

const stack = inject('stack');
const session = extensionSessionForFile();
const open = session.open;
let extensionId: string;
beforeAll(() => {
  extensionId = new URL(session.browser.worker.url()).host;
});

/**
 * The toolbar popup is about the active tab of its window. Load popup.html in a background tab of the same
 * window while `target` is the active tab, so the popup resolves its tab exactly as it does when opened from
 * the toolbar (chrome.tabs.query for the active tab).
 */
async function openPopupFor(target: Page): Promise<Page> {
  const popup = await session.browser.context.newPage();
  await target.bringToFront();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect.poll(() => popup.locator('main strong').textContent()).toBe('127.0.0.1');
  return popup;
}

const connection = (popup: Page) => popup.getByTestId('connection');
const countText = (popup: Page) => popup.getByTestId('count').textContent();

const storedSettings = () =>
  session.browser.worker.evaluate(
    async (key) => (await chrome.storage.local.get(key))[key] as Settings,
    SETTINGS_KEY,
  );

const status = session.status;

const checksSoFar = async () => (await recordedChecks(stack)).length;

describe('popup', () => {
  it('shows the gateway connection and the page’s suggestion count, and switches the site off and on', async () => {
    const page = await open('/textarea.html');
    const value = () => page.inputValue('#field');
    await page.click('#field');
    await page.keyboard.type('I recieved the pakage yesterday.');
    await waitForUnderline(page, value, 'recieved');
    await waitForUnderline(page, value, 'pakage');

    const popup = await openPopupFor(page);
    await expect.poll(() => connection(popup).getAttribute('data-active')).toBe('gateway');
    expect(await connection(popup).textContent()).toContain('Connected to the Redline gateway');
    // The count is what the page's content script reports, which is what it draws.
    const drawn = (await underlines(page)).length;
    expect(drawn).toBeGreaterThanOrEqual(2);
    await expect.poll(() => countText(popup), { timeout: 10_000 }).toBe(`${drawn} suggestions on this page`);

    // Switch the site off: the content script takes its overlay down and stops sending.
    const toggle = popup.getByTestId('site-toggle');
    expect(await toggle.isChecked()).toBe(true);
    await toggle.click();
    await expect.poll(() => toggle.isChecked()).toBe(false);
    expect((await storedSettings()).disabledSites).toEqual(['127.0.0.1']);
    await expect
      .poll(() => page.evaluate(() => document.querySelector('[data-redline-host]') === null))
      .toBe(true);
    await expect.poll(() => countText(popup), { timeout: 10_000 }).toBe('0 suggestions on this page');
    const mark = await checksSoFar();
    await page.click('#field');
    await page.keyboard.press('End');
    await page.keyboard.type(' Off we went to the wrold.');
    await page.waitForTimeout(1200); // well past the 300 ms debounce
    expect(await checksSoFar()).toBe(mark);
    expect(await underlines(page)).toEqual([]);

    // And on again: the field is checked again, and the new sentence reaches the gateway.
    await toggle.click();
    await expect.poll(() => toggle.isChecked()).toBe(true);
    expect((await storedSettings()).disabledSites).toEqual([]);
    await page.click('#field');
    await page.keyboard.press('End');
    await page.keyboard.type(' Back on.');
    await waitForUnderline(page, value, 'wrold');
    const sent = (await recordedChecks(stack)).slice(mark).flatMap((c) => c.segments.map((s) => s.text));
    expect(sent).toContain('Off we went to the wrold.');
    await popup.close();
    await page.close();
  });
});

describe('options', () => {
  it('saves gateway URL, API key, dialect and on-device only, and each takes effect', async () => {
    const options = await session.browser.context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    const save = async () => {
      await options.click('button[type="submit"]');
      await options.getByText('Saved').waitFor({ timeout: 5000 });
    };

    // A gateway URL where nothing listens: nothing reaches the real gateway, checks run on-device instead.
    const deadUrl = `http://127.0.0.1:${await deadPort()}`;
    await options.fill('input[name="gatewayUrl"]', deadUrl);
    await options.fill('input[name="apiKey"]', stack.apiKey);
    await options.selectOption('select[name="dialect"]', 'american');
    await options.setChecked('input[name="onDeviceOnly"]', false);
    await save();
    expect(await storedSettings()).toMatchObject({
      gatewayUrl: deadUrl,
      apiKey: stack.apiKey,
      dialect: 'american',
      onDeviceOnly: false,
    });
    let mark = await checksSoFar();
    const page = await open('/textarea.html');
    const value = () => page.inputValue('#field');
    await page.click('#field');
    await page.keyboard.type('We recieved nothing.');
    // On-device harper.js may still be compiling its wasm on a busy CPU.
    await waitForUnderline(page, value, 'recieved', 90_000);
    expect(await checksSoFar()).toBe(mark);
    await waitFor(async () => (await status()).reason === 'gateway-unreachable', 10_000, 'unreachable');
    let popup = await openPopupFor(page);
    await expect.poll(() => connection(popup).getAttribute('data-active')).toBe('on-device');
    expect(await connection(popup).textContent()).toContain('Gateway unreachable');
    await popup.close();

    // The real gateway, but a key it does not know: it refuses, the popup says so, checks stay on-device.
    await options.bringToFront();
    await options.fill('input[name="gatewayUrl"]', stack.proxyUrl);
    await options.fill('input[name="apiKey"]', 'rl_not_a_real_key');
    await save();
    mark = await checksSoFar();
    await page.bringToFront();
    await page.click('#field');
    await page.keyboard.press('End');
    await page.keyboard.type(' It was a refusal wich hurt.');
    await waitForUnderline(page, value, 'wich', 30_000);
    expect(await checksSoFar()).toBeGreaterThan(mark); // the new address was tried at once
    await waitFor(async () => (await status()).reason === 'gateway-rejected', 10_000, 'gateway-rejected');
    popup = await openPopupFor(page);
    await expect.poll(() => connection(popup).getAttribute('data-active')).toBe('on-device');
    expect(await connection(popup).textContent()).toContain('Gateway refused the request');
    await popup.close();

    // The right key and British English: the next check goes to the gateway at once, asking for en-GB.
    await options.bringToFront();
    await options.fill('input[name="apiKey"]', stack.apiKey);
    await options.selectOption('select[name="dialect"]', 'british');
    await save();
    mark = await checksSoFar();
    await page.bringToFront();
    await page.click('#field');
    await page.keyboard.press('End');
    await page.keyboard.type(' Then the pakage came.');
    await waitForUnderline(page, value, 'pakage');
    const viaGateway = (await recordedChecks(stack)).slice(mark);
    expect(viaGateway.flatMap((c) => c.segments.map((s) => s.text))).toContain('Then the pakage came.');
    expect(viaGateway.every((c) => c.dialect === 'british')).toBe(true);
    await waitFor(async () => (await status()).active === 'gateway', 10_000, 'gateway active');

    // On-device only: nothing more reaches the gateway, yet harper.js in the worker still underlines.
    await options.bringToFront();
    await options.setChecked('input[name="onDeviceOnly"]', true);
    await save();
    mark = await checksSoFar();
    await page.bringToFront();
    await page.click('#field');
    await page.keyboard.press('End');
    await page.keyboard.type(' Hello wrold again.');
    await waitForUnderline(page, value, 'wrold', 60_000);
    expect(await checksSoFar()).toBe(mark);
    const localPopup = await openPopupFor(page);
    await expect.poll(() => connection(localPopup).getAttribute('data-active')).toBe('on-device');
    expect(await connection(localPopup).textContent()).toContain('On-device only');
    await localPopup.close();

    // What was saved is what the options page shows next time.
    await options.reload();
    expect(await options.inputValue('input[name="gatewayUrl"]')).toBe(stack.proxyUrl);
    expect(await options.inputValue('input[name="apiKey"]')).toBe(stack.apiKey);
    expect(await options.inputValue('select[name="dialect"]')).toBe('british');
    expect(await options.isChecked('input[name="onDeviceOnly"]')).toBe(true);
    await options.close();
    await page.close();
  }, 180_000);
});
