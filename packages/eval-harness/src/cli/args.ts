/** Minimal flag parser: `--name value...` (a flag takes every following non-flag token), `--flag` booleans. */
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string[]>;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseArgs(argv: string[], booleans: readonly string[] = []): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const token of argv) {
    if (token.startsWith('--')) {
      const [name, inline] = token.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const values = flags.get(name) ?? [];
      flags.set(name, values);
      if (inline !== undefined) {
        values.push(inline);
        current = null;
      } else current = booleans.includes(name) ? null : values;
    } else if (current) current.push(token);
    else positionals.push(token);
  }
  return { positionals, flags };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  return args.flags.get(name)?.[0];
}

export function required(args: ParsedArgs, name: string): string {
  const v = flag(args, name);
  if (v === undefined) throw new UsageError(`missing --${name}`);
  return v;
}

export function numberFlag(args: ParsedArgs, name: string, fallback: number): number {
  const v = flag(args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got ${v}`);
  return n;
}

export const has = (args: ParsedArgs, name: string) => args.flags.has(name);
