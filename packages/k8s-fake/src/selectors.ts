/**
 * Label and field selectors with the API server's grammar:
 *   a=b, a==b, a!=b, a in (x,y), a notin (x,y), a, !a   (comma separated, all must hold)
 * Field selectors support metadata.name and metadata.namespace with = / == / !=.
 */
export type LabelRequirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | 'notexists'; key: string };

export type Labels = Record<string, string> | undefined;

/** Splits on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.map((t) => t.trim()).filter((t) => t.length > 0);
}

export class SelectorError extends Error {}

export function parseLabelSelector(selector: string): LabelRequirement[] {
  return splitTerms(selector).map((term) => {
    const setMatch = /^([^\s!=()]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (setMatch) {
      const values = (setMatch[3] ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v.length > 0);
      return { op: setMatch[2] === 'in' ? 'in' : 'notin', key: setMatch[1] ?? '', values };
    }
    const eqMatch = /^([^\s!=()]+)\s*(==|=|!=)\s*([^\s!=()]*)$/.exec(term);
    if (eqMatch) {
      return { op: eqMatch[2] === '!=' ? 'neq' : 'eq', key: eqMatch[1] ?? '', value: eqMatch[3] ?? '' };
    }
    const existsMatch = /^(!?)([^\s!=()]+)$/.exec(term);
    if (existsMatch) {
      return { op: existsMatch[1] === '!' ? 'notexists' : 'exists', key: existsMatch[2] ?? '' };
    }
    throw new SelectorError(`unable to parse requirement: ${term}`);
  });
}

export function matchesLabels(requirements: readonly LabelRequirement[], labels: Labels): boolean {
  const l = labels ?? {};
  return requirements.every((r) => matchesRequirement(r, l));
}

function matchesRequirement(r: LabelRequirement, l: Record<string, string>): boolean {
  {
    const has = Object.hasOwn(l, r.key);
    const value = l[r.key];
    switch (r.op) {
      case 'eq':
        return has && value === r.value;
      case 'neq':
        return !has || value !== r.value;
      case 'in':
        return has && r.values.includes(value ?? '');
      case 'notin':
        return !has || !r.values.includes(value ?? '');
      case 'exists':
        return has;
      case 'notexists':
        return !has;
    }
  }
}

export interface FieldRequirement {
  field: 'metadata.name' | 'metadata.namespace';
  negate: boolean;
  value: string;
}

export function parseFieldSelector(selector: string): FieldRequirement[] {
  return splitTerms(selector).map((term) => {
    const m = /^([a-zA-Z.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    const field = m?.[1];
    if (!m || (field !== 'metadata.name' && field !== 'metadata.namespace')) {
      throw new SelectorError(`field label not supported: ${term}`);
    }
    return { field, negate: m[2] === '!=', value: m[3] ?? '' };
  });
}

export function matchesFields(
  requirements: readonly FieldRequirement[],
  metadata: { name?: string; namespace?: string },
): boolean {
  return requirements.every((r) => {
    const actual = r.field === 'metadata.name' ? metadata.name : metadata.namespace;
    return r.negate ? actual !== r.value : actual === r.value;
  });
}
