/** The calibration result on disk: what `calibrate` writes and the controller (and `simulate`) read. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

export const levelResultSchema = z.object({
  concurrency: z.number().int().positive(),
  requests: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
  throughputRps: z.number().nonnegative(),
});

export const targetFileSchema = z.object({
  targetConcurrencyPerPod: z.number().nonnegative(),
  sloP99Ms: z.number().positive(),
  curve: z.array(levelResultSchema),
  endpoint: z.string(),
  model: z.string(),
  measuredAt: z.string(),
});

export type TargetFile = z.infer<typeof targetFileSchema>;

export async function writeTargetFile(path: string, target: TargetFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // NaN is not JSON: a level with no successful request has no percentile (null).
  await writeFile(path, `${JSON.stringify(targetFileSchema.parse(target), null, 2)}\n`);
}

export async function readTargetFile(path: string): Promise<TargetFile> {
  const raw = JSON.parse(await readFile(path, 'utf8')) as unknown;
  return targetFileSchema.parse(raw);
}
