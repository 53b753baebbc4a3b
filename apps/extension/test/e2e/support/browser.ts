import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Frame, type Page, type Worker } from 'playwright-core';
import type { Settings } from '../../../src/lib/settings.ts';
import { SETTINGS_KEY } from '../../../src/lib/settings.ts';
import { waitFor } from './stack-client.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
export const EXTENSION_DIR = resolve(here, '../../../build/chrome-mv3-prod');

/** Debian's Chromium (never a downloaded browser); CHROMIUM_PATH overrides. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  close(): Promise<void>;
}

/** Headless Chromium with the built extension loaded unpacked, in a throwaway profile. */
export async function launchWithExtension(): Promise<ExtensionBrowser> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json')))
    throw new Error(`extension not built: run "npm run build -w apps/extension" (${EXTENSION_DIR})`);
  const profile = mkdtempSync(join(tmpdir(), 'redline-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1000, height: 800 },
  });
  const worker =
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  return {
    context,
    worker,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Write the extension's settings as the options page would. */
export async function configure(worker: Worker, settings: Partial<Settings>): Promise<void> {
  await worker.evaluate(
    async ({ key, patch }) => {
      const got = await chrome.storage.local.get(key);
      await chrome.storage.local.set({ [key]: { ...(got[key] ?? {}), ...patch } });
    },
    { key: SETTINGS_KEY, patch: settings },
  );
}

export interface DrawnUnderline {
  start: number;
  end: number;
  category: string;
  strips: number;
}

/** The underlines drawn in a frame, read from the extension's open shadow root. */
export function underlines(frame: Frame | Page): Promise<DrawnUnderline[]> {
  return frame.evaluate(() => {
    const host = document.querySelector('[data-redline-host]');
    const root = host?.shadowRoot;
    if (!root) return [];
    return Array.from(root.querySelectorAll<HTMLElement>('[data-redline-underline]')).map((el) => ({
      start: Number(el.dataset.start),
      end: Number(el.dataset.end),
      category: el.dataset.category ?? '',
      strips: el.children.length,
    }));
  });
}

/** Wait for an underline over `word` in `text` (the field's current text) and return it. */
export async function waitForUnderline(
  frame: Frame | Page,
  text: () => Promise<string>,
  word: string,
  timeoutMs = 20_000,
): Promise<DrawnUnderline> {
  return waitFor(
    async () => {
      const value = await text();
      return (await underlines(frame)).find((u) => value.slice(u.start, u.end) === word && u.strips > 0);
    },
    timeoutMs,
    `underline on "${word}"`,
  );
}

/** Hover the underline (as a user pointing at the word) and wait for its card. */
export async function openCard(frame: Frame | Page, u: DrawnUnderline): Promise<void> {
  await frame
    .locator(`[data-redline-underline][data-start="${u.start}"][data-end="${u.end}"] .strip`)
    .first()
    .hover();
  await frame.locator('[data-redline-card]:not([hidden])').waitFor({ state: 'visible', timeout: 5000 });
}

export async function clickCardAction(
  frame: Frame | Page,
  action: 'apply' | 'dismiss' | 'ignore',
): Promise<void> {
  await frame.locator(`[data-redline-card]:not([hidden]) [data-action="${action}"]`).click();
}
