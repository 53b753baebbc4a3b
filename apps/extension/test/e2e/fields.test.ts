import { describe, expect, inject, it } from 'vitest';
import { IGNORED_KEY } from '../../src/lib/settings.ts';
import { clickCardAction, openCard, underlines, waitForUnderline } from './support/browser.ts';
import { extensionSessionForFile } from './support/session.ts';
import { recordedChecks, waitFor } from './support/stack-client.ts';

const stack = inject('stack');
const session = extensionSessionForFile();
const open = session.open;

describe('textarea', () => {
  it('underlines errors, applies through the editor (undoable), dismisses, ignores, and resends only changed sentences', async () => {
    const page = await open('/textarea.html');
    const text = 'I recieved the pakage yesterday. She dont like apples.';
    await page.click('#field');
    await page.keyboard.type(text);
    const value = () => page.inputValue('#field');

    const u = await waitForUnderline(page, value, 'recieved');
    expect(u.category).toBe('spelling');
    await openCard(page, u);
    const card = page.locator('[data-redline-card]:not([hidden])');
    await expect.poll(() => card.textContent()).toContain('received');
    await clickCardAction(page, 'apply');
    const applied = text.replace('recieved', 'received');
    await expect.poll(value).toBe(applied);
    await expect.poll(async () => (await underlines(page)).some((x) => x.start === u.start)).toBe(false);

    // The browser's own undo restores the original text.
    await page.keyboard.press('Control+z');
    await expect.poll(value).toBe(text);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(value).toBe(applied);

    // Dismiss: the underline goes and stays gone after the next check.
    const p = await waitForUnderline(page, value, 'pakage');
    await openCard(page, p);
    await clickCardAction(page, 'dismiss');
    await expect.poll(async () => (await underlines(page)).some((x) => x.start === p.start)).toBe(false);

    // Ignore everywhere: stored as a hash, not as text.
    const d = await waitForUnderline(page, value, 'dont');
    await openCard(page, d);
    await clickCardAction(page, 'ignore');
    await expect.poll(async () => (await underlines(page)).some((x) => x.start === d.start)).toBe(false);
    const stored = await session.browser.worker.evaluate(
      async (key) => (await chrome.storage.local.get(key))[key],
      IGNORED_KEY,
    );
    expect(Array.isArray(stored) && stored.length).toBe(1);
    expect(JSON.stringify(stored)).not.toContain('dont');

    // Editing the dismissed word's sentence re-checks it (a new sentence hash): the dismissal stays with the word.
    const markEdit = (await recordedChecks(stack)).length;
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('So ');
    await waitFor(
      async () =>
        (await recordedChecks(stack))
          .slice(markEdit)
          .some((c) => c.segments.some((s) => s.text === 'So I received the pakage yesterday.')),
      20_000,
      'the edited sentence to be re-checked',
    );
    await page.waitForTimeout(800); // its result arrives and is drawn
    const afterEdit = await value();
    expect((await underlines(page)).map((x) => afterEdit.slice(x.start, x.end))).not.toContain('pakage');

    // Typing a new sentence sends that sentence only: unchanged sentences are not re-sent.
    const mark = (await recordedChecks(stack)).length;
    await page.keyboard.press('End');
    await page.keyboard.type(' We saw a wrold record.');
    await waitForUnderline(page, value, 'wrold');
    const sent = (await recordedChecks(stack)).slice(mark).flatMap((c) => c.segments.map((s) => s.text));
    expect(sent.length).toBeGreaterThan(0);
    for (const s of sent) expect('We saw a wrold record.'.startsWith(s)).toBe(true);
    // The dismissed and ignored suggestions did not come back.
    const now = await underlines(page);
    const current = await value();
    expect(now.map((x) => current.slice(x.start, x.end))).not.toContain('pakage');
    expect(now.map((x) => current.slice(x.start, x.end))).not.toContain('dont');
    await page.close();
  });
});

describe('long textarea', () => {
  it('draws the underlines in the field’s view only, and follows its scrolling', async () => {
    const page = await open('/textarea.html');
    const value = () => page.inputValue('#field');
    const lines = Array.from({ length: 40 }, (_, i) =>
      i === 1 ? 'Line one has a wrold in it.' : i === 36 ? 'Line thirty-six has a pakage.' : 'A plain line.',
    );
    await page.click('#field');
    // A paste: one input event; the caret ends at the bottom, and the field scrolls there.
    await page.keyboard.insertText(lines.join('\n'));
    await waitForUnderline(page, value, 'pakage');
    const drawnWords = async () => {
      const v = await value();
      return (await underlines(page)).map((u) => v.slice(u.start, u.end));
    };
    expect(await drawnWords()).not.toContain('wrold');
    await page.evaluate(() => {
      (document.getElementById('field') as HTMLTextAreaElement).scrollTop = 0;
    });
    await waitForUnderline(page, value, 'wrold');
    expect(await drawnWords()).not.toContain('pakage');
    await page.close();
  });
});

describe('long contenteditable', () => {
  it('measures and draws the suggestions in view only, and follows its scrolling', async () => {
    const page = await open('/long-contenteditable.html');
    // The field's text as the extension reads it: one line per paragraph.
    const text = () =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll('#field p'), (p) => p.textContent ?? '').join('\n'),
      );
    const drawnWords = async () => {
      const t = await text();
      return (await underlines(page)).map((u) => t.slice(u.start, u.end));
    };
    await page.click('#field p:first-child');
    await waitForUnderline(page, text, 'recieved');
    // Every line has an error, but only those near the field's 200 px view are drawn.
    await expect.poll(async () => (await underlines(page)).length).toBeGreaterThan(3);
    expect((await underlines(page)).length).toBeLessThan(40);
    expect(await drawnWords()).not.toContain('pakage');
    await page.evaluate(() => {
      const f = document.getElementById('field') as HTMLElement;
      f.scrollTop = f.scrollHeight;
    });
    await expect.poll(drawnWords, { timeout: 10_000 }).toContain('pakage');
    expect(await drawnWords()).not.toContain('recieved');
    await page.close();
  });
});

describe('input', () => {
  it('underlines in a text input and applies the suggestion at the caret with Alt+Shift+Enter', async () => {
    const page = await open('/input.html');
    await page.click('#field');
    await page.keyboard.type('Hello wrold, how are you');
    const value = () => page.inputValue('#field');
    const u = await waitForUnderline(page, value, 'wrold');
    await page.evaluate(
      (at) => (document.getElementById('field') as HTMLInputElement).setSelectionRange(at, at),
      u.start + 2,
    );
    await page.keyboard.press('Alt+Shift+Enter');
    await expect.poll(value).toBe('Hello world, how are you');
    await page.close();
  });
});

describe('contenteditable', () => {
  it('underlines from DOM ranges, applies with the editor’s undo intact', async () => {
    const page = await open('/contenteditable.html');
    await page.click('#field');
    const text = 'The teh cat is here.';
    await page.keyboard.type(text);
    const value = () => page.evaluate(() => document.getElementById('field')?.textContent ?? '');
    const u = await waitForUnderline(page, value, 'teh');
    await openCard(page, u);
    await clickCardAction(page, 'apply');
    await expect.poll(value).toBe('The the cat is here.');
    await page.keyboard.press('Control+z');
    await expect.poll(value).toBe(text);
    await page.close();
  });
});

describe('React-controlled textarea', () => {
  it('applies so React’s state follows the field', async () => {
    const page = await open('/react.html');
    await page.click('#field');
    const text = 'It is an usefull tool.';
    await page.keyboard.type(text);
    const value = () => page.inputValue('#field');
    const u = await waitForUnderline(page, value, 'usefull');
    await openCard(page, u);
    await clickCardAction(page, 'apply');
    await expect.poll(value).toBe('It is an useful tool.');
    await expect.poll(() => page.textContent('#state')).toBe('It is an useful tool.');
    await page.close();
  });
});

describe('same-origin iframe, open shadow root, field added after load', () => {
  it('works inside a same-origin iframe', async () => {
    const page = await open('/iframe.html');
    const frame = await waitFor(() => page.frame({ url: /textarea\.html/ }), 10_000, 'iframe');
    await frame.waitForSelector('#field');
    await frame.click('#field');
    await page.keyboard.type('Hello wrold.');
    const u = await waitForUnderline(frame, () => frame.inputValue('#field'), 'wrold');
    await openCard(frame, u);
    await clickCardAction(frame, 'apply');
    await expect.poll(() => frame.inputValue('#field')).toBe('Hello world.');
    await page.close();
  });

  it('works in a textarea inside an open shadow root', async () => {
    const page = await open('/shadow.html');
    await page.locator('#host textarea').click();
    await page.keyboard.type('The teh dog runs.');
    const value = () =>
      page.evaluate(
        () => document.getElementById('host')?.shadowRoot?.querySelector('textarea')?.value ?? '',
      );
    const u = await waitForUnderline(page, value, 'teh');
    await openCard(page, u);
    await clickCardAction(page, 'apply');
    await expect.poll(value).toBe('The the dog runs.');
    await page.close();
  });

  it('picks up a field added after load', async () => {
    const page = await open('/late.html');
    await page.click('#add');
    await page.keyboard.type('Hello wrold.');
    await waitForUnderline(page, () => page.inputValue('#field'), 'wrold');
    await page.close();
  });
});
