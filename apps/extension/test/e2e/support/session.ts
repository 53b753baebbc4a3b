import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import type { ConnectionStatus } from '../../../src/lib/protocol.ts';
import { configure, type ExtensionBrowser, launchWithExtension } from './browser.ts';
import { type PageServer, startPageServer } from './pages.ts';

/** One test file's Chromium with the built extension, pointed at the shared gateway, and the page server. */
export interface ExtensionSession {
  readonly browser: ExtensionBrowser;
  readonly pages: PageServer;
  /** A new tab on one of the test pages (served on 127.0.0.1: content scripts do not run on data: URLs). */
  open(path: string): Promise<Page>;
  /** The service worker's connection status (gateway or on-device). */
  status(): Promise<ConnectionStatus>;
}

/** Launches in beforeAll and closes in afterAll of the enclosing file or describe. */
export function extensionSessionForFile(): ExtensionSession {
  const stack = inject('stack');
  let browser: ExtensionBrowser | undefined;
  let pages: PageServer | undefined;
  beforeAll(async () => {
    pages = await startPageServer();
    browser = await launchWithExtension();
    await configure(browser.worker, {
      gatewayUrl: stack.proxyUrl,
      apiKey: stack.apiKey,
      onDeviceOnly: false,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await pages?.close();
  });
  const session: ExtensionSession = {
    get browser() {
      if (!browser) throw new Error('extensionSessionForFile(): the browser starts in beforeAll');
      return browser;
    },
    get pages() {
      if (!pages) throw new Error('extensionSessionForFile(): the page server starts in beforeAll');
      return pages;
    },
    async open(path) {
      const page = await session.browser.context.newPage();
      await page.goto(`${session.pages.origin}${path}`);
      return page;
    },
    status: () =>
      session.browser.worker.evaluate(() =>
        (self as unknown as { redline: { status(): ConnectionStatus } }).redline.status(),
      ),
  };
  return session;
}

/** A port nothing listens on: the gateway "down". */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
