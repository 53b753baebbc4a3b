/**
 * The Firefox build cannot be run here (no Firefox), so it is verified the way addons.mozilla.org does:
 * Mozilla's addons-linter over build/firefox-mv3-prod, plus the manifest rules Firefox MV3 needs that the
 * Chrome build does not show.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const FIREFOX_DIR = resolve(here, '../../build/firefox-mv3-prod');
const require = createRequire(import.meta.url);

interface LinterMessage {
  code: string;
  message: string;
  file?: string;
}
interface LinterReport {
  summary: { errors: number; warnings: number; notices: number };
  errors: LinterMessage[];
  warnings: LinterMessage[];
}

function firefoxBuild(): string {
  if (!existsSync(join(FIREFOX_DIR, 'manifest.json')))
    throw new Error(`Firefox build missing: run "npm run build -w apps/extension" (${FIREFOX_DIR})`);
  return FIREFOX_DIR;
}

async function runAddonsLinter(dir: string): Promise<LinterReport> {
  const bin = join(dirname(require.resolve('addons-linter/package.json')), 'bin', 'addons-linter');
  // Exit code is 1 when there are errors; the JSON report on stdout is what is asserted either way.
  const { stdout } = await promisify(execFile)(process.execPath, [bin, '--output', 'json', dir], {
    maxBuffer: 32 * 1024 * 1024,
    timeout: 120_000,
  }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  return JSON.parse(stdout) as LinterReport;
}

const describeMessages = (ms: readonly LinterMessage[]) =>
  ms.map((m) => `${m.code} ${m.file ?? ''}: ${m.message}`).join('\n');

describe('Firefox MV3 build', () => {
  it('passes addons-linter with no errors, and no warnings in the manifest or content script', async () => {
    const dir = firefoxBuild();
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      content_scripts: Array<{ js: string[] }>;
    };
    const report = await runAddonsLinter(dir);
    expect(report.errors, describeMessages(report.errors)).toEqual([]);
    expect(report.summary.errors).toBe(0);
    // The content script runs in every page: it must be clean. The only warnings allowed are innerHTML
    // setters inside bundled libraries of extension pages (React DOM, the tRPC client), never our manifest.
    const contentScripts = new Set(manifest.content_scripts.flatMap((c) => c.js));
    const unexpected = report.warnings.filter(
      (w) =>
        w.code !== 'UNSAFE_VAR_ASSIGNMENT' ||
        w.file === undefined ||
        !w.file.endsWith('.js') ||
        contentScripts.has(w.file),
    );
    expect(unexpected, describeMessages(unexpected)).toEqual([]);
  }, 150_000);

  it('has the manifest Firefox MV3 needs: gecko id, background scripts, wasm CSP, data collection', () => {
    const dir = firefoxBuild();
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(m.manifest_version).toBe(3);
    // An add-on id is required for storage and for signing.
    expect(m.browser_specific_settings?.gecko?.id).toMatch(/^[a-z0-9._-]+@[a-z0-9.-]+$/i);
    // Firefox MV3 runs background scripts (event page), not a service worker.
    expect(m.background.service_worker).toBeUndefined();
    expect(m.background.scripts.length).toBeGreaterThan(0);
    for (const file of m.background.scripts as string[]) expect(existsSync(join(dir, file)), file).toBe(true);
    // harper.js compiles its wasm in the background page.
    expect(m.content_security_policy.extension_pages).toContain("'wasm-unsafe-eval'");
    expect(readdirSync(dir).some((f) => f.endsWith('.wasm'))).toBe(true);
    // Text from page fields goes to the gateway: declared for Firefox's data-collection consent.
    expect(m.browser_specific_settings.gecko.data_collection_permissions.required).toContain(
      'websiteContent',
    );
    for (const file of [m.action.default_popup, m.options_ui.page, ...m.content_scripts[0].js])
      expect(existsSync(join(dir, file)), file).toBe(true);
  });
});
