import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `<repo root>/../shared/data`, where the team's third-party evaluation data lives (never in the repo). */
export const SHARED_DATA = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data');
export const GEC = join(SHARED_DATA, 'gec');

/** True when `relative` (under shared/data/gec) exists; otherwise prints why the suite is skipped. */
export function hasGecData(relative: string, what: string): boolean {
  const here = existsSync(join(GEC, relative));
  if (!here) console.warn(`skipping ${what}: ../shared/data/gec/${relative} absent`);
  return here;
}
