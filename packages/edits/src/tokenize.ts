export type TokenKind = 'word' | 'number' | 'whitespace' | 'punctuation' | 'symbol';

/** A token of the text; `start`/`end` are UTF-16 offsets, `text === source.slice(start, end)`. */
export interface Token {
  text: string;
  start: number;
  end: number;
  kind: TokenKind;
}

// Order matters: numbers before words so "3.14" / "1,000" stay one token; words keep inner
// apostrophes and hyphens ("they're", "well-known") because a correction usually replaces the
// whole contraction. Emoji keep their modifiers / ZWJ sequences so an edit never splits one.
// Any other single code point (never half a surrogate pair) is its own token.
const TOKEN_PATTERN = new RegExp(
  [
    '(\\s+)',
    '(\\p{N}+(?:[.,:]\\p{N}+)*(?:[\\p{L}\\p{M}]+)?)',
    "([\\p{L}\\p{M}\\p{N}\\p{Pc}]+(?:['\\u2019\\-][\\p{L}\\p{M}\\p{N}\\p{Pc}]+)*)",
    '(\\p{P})',
    '\\p{Extended_Pictographic}(?:\\p{M}|\\uFE0F|\\p{Emoji_Modifier}|\\u200D\\p{Extended_Pictographic}\\uFE0F?)*',
    '\\p{Regional_Indicator}{1,2}',
    '[\\s\\S](?:\\p{M})*',
  ].join('|'),
  'gu',
);

/** Split text into word, number, whitespace-run, punctuation and symbol tokens covering it exactly. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = TOKEN_PATTERN;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    // Numbered groups (not named ones): no per-match groups object on this hot path.
    const kind: TokenKind =
      m[1] !== undefined
        ? 'whitespace'
        : m[2] !== undefined
          ? 'number'
          : m[3] !== undefined
            ? 'word'
            : m[4] !== undefined
              ? 'punctuation'
              : 'symbol';
    tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length, kind });
  }
  return tokens;
}
