/**
 * Penn-Treebank-style word tokenizer, following the rules of NLTK's TreebankWordTokenizer (a port of
 * Robert MacIntyre's tokenizer.sed), which is how the CoNLL-2013/2014 and BEA-2019 m2 data are
 * tokenised: punctuation split off, "don't" → "do n't", "they're" → "they 're", "cannot" → "can not",
 * double quotes become `` and ''. Each line is tokenised on its own (one sentence per line, as in m2
 * files), so only a line's final period is split, exactly as NLTK does for one sentence.
 */
export interface PtbOptions {
  /** Turn " into `` / '' as the Penn Treebank does (default true). Set false to keep ". */
  convertQuotes?: boolean;
}

type Rule = readonly [pattern: RegExp, replacement: string];

const STARTING_QUOTES: readonly Rule[] = [
  [/^"/g, '``'],
  [/(``)/g, ' $1 '],
  [/([ ([{<])("|'{2})/g, '$1 `` '],
];

const PUNCTUATION: readonly Rule[] = [
  [/([:,])([^\d])/g, ' $1 $2'],
  [/([:,])$/g, ' $1 '],
  [/\.\.\./g, ' ... '],
  [/[;@#$%&]/g, ' $& '],
  [/([^.])(\.)([\])}>"']*)\s*$/g, '$1 $2$3 '],
  [/[?!]/g, ' $& '],
  [/([^'])' /g, "$1 ' "],
];

const PARENS_BRACKETS: Rule = [/[\][(){}<>]/g, ' $& '];
const DOUBLE_DASHES: Rule = [/--/g, ' -- '];

const ENDING_QUOTES: readonly Rule[] = [
  [/''/g, " '' "],
  [/"/g, " '' "],
  [/([^' ])('[sS]|'[mM]|'[dD]|') /g, '$1 $2 '],
  [/([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) /g, '$1 $2 '],
];

const CONTRACTIONS: readonly Rule[] = [
  [/\b(can)(not)\b/gi, ' $1 $2 '],
  [/\b(d)('ye)\b/gi, ' $1 $2 '],
  [/\b(gim)(me)\b/gi, ' $1 $2 '],
  [/\b(gon)(na)\b/gi, ' $1 $2 '],
  [/\b(got)(ta)\b/gi, ' $1 $2 '],
  [/\b(lem)(me)\b/gi, ' $1 $2 '],
  [/\b(more)('n)\b/gi, ' $1 $2 '],
  [/\b(wan)(na)(?=\s)/gi, ' $1 $2 '],
  [/ ('t)(is)\b/gi, ' $1 $2 '],
  [/ ('t)(was)\b/gi, ' $1 $2 '],
];

function applyRules(text: string, rules: readonly Rule[]): string {
  let out = text;
  for (const [pattern, replacement] of rules) out = out.replace(pattern, replacement);
  return out;
}

function tokenizeLine(line: string, convertQuotes: boolean): string[] {
  let text = line.replace(/\u2019/g, "'");
  if (convertQuotes) text = applyRules(text, STARTING_QUOTES);
  text = applyRules(text, PUNCTUATION);
  text = applyRules(text, [PARENS_BRACKETS, DOUBLE_DASHES]);
  text = ` ${text} `;
  text = applyRules(text, convertQuotes ? ENDING_QUOTES : ENDING_QUOTES.slice(2));
  if (!convertQuotes) text = text.replace(/"/g, ' " ');
  text = applyRules(text, CONTRACTIONS);
  return text.split(/\s+/).filter((t) => t.length > 0);
}

/** Tokenise text the Penn Treebank way; returns the tokens (whitespace discarded). */
export function ptbTokenize(text: string, options: PtbOptions = {}): string[] {
  const convertQuotes = options.convertQuotes ?? true;
  const tokens: string[] = [];
  for (const line of text.split(/\r?\n/)) tokens.push(...tokenizeLine(line, convertQuotes));
  return tokens;
}
