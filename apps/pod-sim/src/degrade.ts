/**
 * Deterministic error injection for the `degrade` fault: makes a degraded pod's corrections measurably worse
 * on GEC metrics, identically for the same text (seeded by the text's hash), so eval runs are reproducible.
 */
interface Corruption {
  readonly pattern: RegExp;
  readonly replace: (match: string) => string;
}

const keepCase = (from: string, to: string): string =>
  from[0] && from[0] === from[0].toUpperCase() ? to[0]!.toUpperCase() + to.slice(1) : to;

const swap =
  (to: string) =>
  (match: string): string =>
    keepCase(match, to);

/** Common real-world confusions first, then article drops and agreement breaks. */
const CORRUPTIONS: readonly Corruption[] = [
  { pattern: /\btheir\b/i, replace: swap('there') },
  { pattern: /\bthere\b/i, replace: swap('their') },
  { pattern: /\byour\b/i, replace: swap("you're") },
  { pattern: /\bits\b/i, replace: swap("it's") },
  { pattern: /\bthan\b/i, replace: swap('then') },
  { pattern: /\bto\b/i, replace: swap('too') },
  { pattern: /\b(?:the|a|an) (?=\w)/i, replace: () => '' },
  { pattern: /\bis\b/i, replace: swap('are') },
  { pattern: /\bwere\b/i, replace: swap('was') },
];

/**
 * Inject one error into `text`, chosen by `random` among the corruptions that apply; if none applies,
 * double a word (a Repetition error). Returns the text unchanged only when it has no words at all.
 */
export function injectError(text: string, random: () => number): string {
  const applicable = CORRUPTIONS.filter((c) => c.pattern.test(text));
  if (applicable.length > 0) {
    const c = applicable[Math.floor(random() * applicable.length)]!;
    return text.replace(c.pattern, c.replace);
  }
  const words = [...text.matchAll(/\b\p{L}+\b/gu)];
  if (words.length === 0) return text;
  const w = words[Math.floor(random() * words.length)]!;
  const at = (w.index ?? 0) + w[0].length;
  return `${text.slice(0, at)} ${w[0]}${text.slice(at)}`;
}
