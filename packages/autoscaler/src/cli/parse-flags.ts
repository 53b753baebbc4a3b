/**
 * Flag parsing shared by the subcommands: node:util parseArgs (strict: unknown flags are errors) for syntax,
 * then a zod schema for meaning. Failures become a UsageError carrying every problem at once.
 */
import { parseArgs } from 'node:util';
import type { z } from 'zod';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

export function parseFlags<S extends z.ZodType>(
  argv: readonly string[],
  spec: FlagSpec,
  schema: S,
): z.infer<S> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: [...argv], options: spec, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `--${i.path.join('.') || '?'}: ${i.message}`);
    throw new UsageError(problems.join('\n'));
  }
  return parsed.data;
}
