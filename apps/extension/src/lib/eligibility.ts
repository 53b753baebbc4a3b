/**
 * Which fields Redline may read. A field's text never leaves the page unless it is an ordinary text field
 * the user writes prose in: passwords, payment data, one-time codes, addresses and fields the page or the user
 * opted out are skipped before any text is read.
 */

/** What eligibility needs to know about an element, gathered from the DOM by describeField (content script). */
export interface FieldDescriptor {
  kind: 'textarea' | 'input' | 'contenteditable' | 'other';
  /** The input's type attribute, lower-cased ('' when absent). */
  inputType: string;
  autocomplete: string;
  name: string;
  id: string;
  readOnly: boolean;
  disabled: boolean;
  /** Opt-out attributes of the element and each ancestor, nearest first. */
  lineage: ReadonlyArray<OptOutAttributes>;
}

export interface OptOutAttributes {
  spellcheck: string | null;
  dataGramm: string | null;
  dataEnableGrammarly: string | null;
  dataRedline: string | null;
}

export type Eligibility = { ok: true } | { ok: false; reason: IneligibleReason };
export type IneligibleReason =
  | 'not-a-text-field'
  | 'input-type'
  | 'read-only'
  | 'sensitive-autocomplete'
  | 'sensitive-name'
  | 'spellcheck-off'
  | 'opted-out';

const TEXT_INPUT_TYPES = new Set(['', 'text', 'search']);

// Autofill tokens (HTML spec) whose values are private or not prose.
const SENSITIVE_TOKENS = new Set([
  'current-password',
  'new-password',
  'one-time-code',
  'street-address',
  'address-line1',
  'address-line2',
  'address-line3',
  'address-level1',
  'address-level2',
  'address-level3',
  'address-level4',
  'postal-code',
  'country',
  'country-name',
  'email',
  'tel',
  'tel-national',
  'tel-local',
  'username',
  'bday',
  'transaction-amount',
]);

// Names and ids that give away payment or identity data even without autocomplete.
const SENSITIVE_NAME =
  /(pass(word|wd)?|card.?num|cc.?(num|cvc|cvv|exp)|cvc|cvv|iban|ssn|otp|one.?time|postal|zip.?code)/i;

export function isSensitiveAutocomplete(autocomplete: string): boolean {
  for (const token of autocomplete.toLowerCase().split(/\s+/)) {
    if (token === '') continue;
    if (token.startsWith('cc-') || SENSITIVE_TOKENS.has(token) || token.startsWith('address-')) return true;
  }
  return false;
}

export function fieldEligibility(field: FieldDescriptor): Eligibility {
  if (field.kind === 'other') return { ok: false, reason: 'not-a-text-field' };
  if (field.kind === 'input' && !TEXT_INPUT_TYPES.has(field.inputType))
    return { ok: false, reason: 'input-type' };
  if (field.readOnly || field.disabled) return { ok: false, reason: 'read-only' };
  if (isSensitiveAutocomplete(field.autocomplete)) return { ok: false, reason: 'sensitive-autocomplete' };
  if (field.kind !== 'contenteditable' && (SENSITIVE_NAME.test(field.name) || SENSITIVE_NAME.test(field.id)))
    return { ok: false, reason: 'sensitive-name' };
  // spellcheck is inherited: the nearest element that sets it decides.
  const spell = field.lineage.find((a) => a.spellcheck !== null)?.spellcheck;
  if (spell !== undefined && spell !== null && spell.toLowerCase() === 'false')
    return { ok: false, reason: 'spellcheck-off' };
  for (const a of field.lineage) {
    if (a.dataGramm?.toLowerCase() === 'false') return { ok: false, reason: 'opted-out' };
    if (a.dataEnableGrammarly?.toLowerCase() === 'false') return { ok: false, reason: 'opted-out' };
    if (a.dataRedline?.toLowerCase() === 'off') return { ok: false, reason: 'opted-out' };
  }
  return { ok: true };
}

/** Is a site (hostname) in the user's switched-off list? Subdomains of a switched-off domain are off too. */
export function isSiteDisabled(hostname: string, disabledSites: readonly string[]): boolean {
  const host = hostname.toLowerCase();
  return disabledSites.some((site) => {
    const s = site.toLowerCase();
    return host === s || host.endsWith(`.${s}`);
  });
}
