import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from './migrate.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const drizzleKitBin = join(packageDir, '../../node_modules/drizzle-kit/bin.cjs');

describe('committed migrations', () => {
  it('match the schema (drizzle-kit generate finds nothing to add)', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'redline-drift-'));
    try {
      cpSync(MIGRATIONS_FOLDER, scratch, { recursive: true });
      const before = readdirSync(scratch).sort();
      // drizzle-kit prefixes "./" to --out, so pass it relative to the package.
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          drizzleKitBin,
          'generate',
          '--dialect',
          'postgresql',
          '--schema',
          './src/schema/index.ts',
          '--out',
          relative(packageDir, scratch),
        ],
        { cwd: packageDir, timeout: 60_000 },
      );
      expect(stdout).toContain('No schema changes');
      expect(readdirSync(scratch).sort()).toEqual(before);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 90_000);
});
