/**
 * The few Python behaviours the official scorers depend on, reproduced exactly: which characters
 * `str.split()` treats as whitespace, how `splitlines` breaks lines, and how `'%.Nf' % x` and
 * `round(x, N)` round (half-to-even on the exact binary value, where JS `toFixed` rounds ties up).
 */

// Python 2.7 `unicode.isspace()` (Unicode 5.2): m2scorer decodes its inputs to unicode before split().
const PY2_UNICODE_SPACE =
  '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u180e\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY2_UNICODE_SPLIT = new RegExp(`[${PY2_UNICODE_SPACE}]+`, 'u');
const PY2_UNICODE_TRIM = new RegExp(`^[${PY2_UNICODE_SPACE}]+|[${PY2_UNICODE_SPACE}]+$`, 'gu');
// Python 2 byte strings (the GLEU script never decodes): ASCII whitespace only.
const PY_BYTES_SPLIT = /[ \t\n\r\v\f]+/;

function splitOn(text: string, separator: RegExp): string[] {
  return text.split(separator).filter((t) => t.length > 0);
}

/** `u"...".split()` in Python 2.7. */
export function pyUnicodeSplit(text: string): string[] {
  return splitOn(text, PY2_UNICODE_SPLIT);
}

/** `u"...".strip()` in Python 2.7. */
export function pyUnicodeStrip(text: string): string {
  return text.replace(PY2_UNICODE_TRIM, '');
}

/** `b"...".split()` in Python 2. */
export function pyBytesSplit(text: string): string[] {
  return splitOn(text, PY_BYTES_SPLIT);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: Python's splitlines breaks on FS/GS/RS (U+001C–U+001E).
const LINE_BREAK = /\r\n|[\n\r\v\f\u001c\u001d\u001e\u0085\u2028\u2029]/g;

/** `unicode.splitlines(keepends)`: breaks on every Unicode line boundary Python knows. */
export function pySplitlines(text: string, keepEnds: boolean): string[] {
  const lines: string[] = [];
  let start = 0;
  LINE_BREAK.lastIndex = 0;
  for (let m = LINE_BREAK.exec(text); m !== null; m = LINE_BREAK.exec(text)) {
    const end = m.index + m[0].length;
    lines.push(text.slice(start, keepEnds ? end : m.index));
    start = end;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** Lines of a file read with Python 2 `readlines()` (binary-ish: only `\n` ends a line). */
export function pyReadlines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const TWO = 2n;

/** Exact decimal rendering of a finite double with `digits` decimals, ties to even (Python `'%.Nf'`). */
export function pyFormatFixed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : value < 0 ? '-inf' : 'nan';
  const negative = value < 0 || Object.is(value, -0);
  const [mantissa, exponent] = decompose(Math.abs(value));
  // value = mantissa * 2^exponent exactly; scaled = value * 10^digits as a fraction num/den.
  let num = mantissa * 10n ** BigInt(digits);
  let den = 1n;
  if (exponent >= 0) num <<= BigInt(exponent);
  else den <<= BigInt(-exponent);
  let quotient = num / den;
  const twiceRemainder = (num % den) * TWO;
  if (twiceRemainder > den || (twiceRemainder === den && quotient % TWO === 1n)) quotient += 1n;
  let text = quotient.toString();
  if (digits > 0) {
    text = text.padStart(digits + 1, '0');
    text = `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  }
  return negative ? `-${text}` : text;
}

/** Python 3 `round(x, n)` for floats: correctly rounded, ties to even. */
export function pyRound(value: number, digits: number): number {
  return Number(pyFormatFixed(value, digits));
}

/** Python 3 `str(float)` / `repr(float)` for the ranges scorers print (shortest round-trip digits). */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e16)) {
    const [digits, exp] = value.toExponential().split('e');
    const e = Number(exp);
    const sign = e < 0 ? '-' : '+';
    return `${digits}e${sign}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

function decompose(abs: number): [bigint, number] {
  if (abs === 0) return [0n, 0];
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, abs);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biasedExponent = (hi >>> 20) & 0x7ff;
  const fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biasedExponent === 0) return [fraction, -1074];
  return [fraction | (1n << 52n), biasedExponent - 1075];
}
