import wasmUrl from 'url:../../../../node_modules/harper.js/dist/harper_wasm_bg.wasm';
import { createBinaryModuleFromUrl, Dialect, type Lint, LocalLinter, SuggestionKind } from 'harper.js';
import { lintsToEdits, type PlainLint } from '../lib/harper-edits.ts';
import type { DialectSetting } from '../lib/settings.ts';
import type { SegmentEdit } from '../lib/suggestions.ts';

export const LOCAL_MODEL = 'harper-local';

const DIALECTS: Record<DialectSetting, Dialect> = {
  american: Dialect.American,
  british: Dialect.British,
  canadian: Dialect.Canadian,
  australian: Dialect.Australian,
};

function toPlain(lint: Lint): PlainLint {
  const span = lint.span();
  const plain: PlainLint = {
    start: span.start,
    end: span.end,
    kind: lint.lint_kind(),
    message: lint.message(),
    suggestions: lint.suggestions().map((s) => {
      const kind = s.kind();
      const text = s.get_replacement_text();
      s.free();
      return {
        kind:
          kind === SuggestionKind.Remove
            ? 'remove'
            : kind === SuggestionKind.InsertAfter
              ? 'insert-after'
              : 'replace',
        text,
      };
    }),
  };
  span.free();
  lint.free();
  return plain;
}

/**
 * harper.js running inside the service worker (no network). Its wasm ships with the extension and is loaded
 * from the extension's own URL; compiled once per worker life, on first use.
 */
export class LocalChecker {
  private linter: LocalLinter | null = null;
  private dialect: DialectSetting = 'american';
  private ready: Promise<void> | null = null;

  private ensure(dialect: DialectSetting): Promise<void> {
    if (this.linter === null) {
      const binary = createBinaryModuleFromUrl(new URL(wasmUrl, self.location.href).href, 'full');
      this.linter = new LocalLinter({ binary, dialect: DIALECTS[dialect] });
      this.dialect = dialect;
      this.ready = this.linter.setup();
    } else if (dialect !== this.dialect) {
      const linter = this.linter;
      this.dialect = dialect;
      this.ready = linter.setDialect(DIALECTS[dialect]);
    }
    return this.ready as Promise<void>;
  }

  /** Start compiling the wasm ahead of need (the gateway just became unreachable). */
  warm(dialect: DialectSetting): void {
    void this.ensure(dialect).catch(() => {});
  }

  async check(text: string, dialect: DialectSetting): Promise<SegmentEdit[]> {
    await this.ensure(dialect);
    const linter = this.linter as LocalLinter;
    const lints = await linter.lint(text, { language: 'plaintext' });
    return lintsToEdits(text, lints.map(toPlain));
  }
}
