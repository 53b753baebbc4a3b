import { describe, expect, it } from 'vitest';
import {
  type FieldDescriptor,
  fieldEligibility,
  isSensitiveAutocomplete,
  isSiteDisabled,
} from './eligibility.ts';

const none = { spellcheck: null, dataGramm: null, dataEnableGrammarly: null, dataRedline: null };
const field = (patch: Partial<FieldDescriptor> = {}): FieldDescriptor => ({
  kind: 'textarea',
  inputType: '',
  autocomplete: '',
  name: '',
  id: '',
  readOnly: false,
  disabled: false,
  lineage: [none, none],
  ...patch,
});
const reason = (f: FieldDescriptor) => {
  const e = fieldEligibility(f);
  return e.ok ? 'ok' : e.reason;
};

describe('fieldEligibility', () => {
  it('accepts textareas, text and search inputs, and contenteditable', () => {
    expect(reason(field())).toBe('ok');
    expect(reason(field({ kind: 'input', inputType: 'text' }))).toBe('ok');
    expect(reason(field({ kind: 'input', inputType: 'search' }))).toBe('ok');
    expect(reason(field({ kind: 'contenteditable' }))).toBe('ok');
  });

  it('never reads passwords or other non-prose inputs', () => {
    for (const t of ['password', 'email', 'url', 'tel', 'number', 'hidden'])
      expect(reason(field({ kind: 'input', inputType: t }))).toBe('input-type');
    expect(reason(field({ kind: 'other' }))).toBe('not-a-text-field');
    expect(reason(field({ readOnly: true }))).toBe('read-only');
  });

  it('skips payment, one-time-code and address autocomplete tokens, with section and hint prefixes', () => {
    for (const ac of [
      'cc-number',
      'section-pay billing cc-csc',
      'one-time-code',
      'shipping street-address',
      'address-line2',
      'postal-code',
      'new-password',
    ])
      expect(reason(field({ kind: 'input', inputType: 'text', autocomplete: ac }))).toBe(
        'sensitive-autocomplete',
      );
    expect(isSensitiveAutocomplete('on')).toBe(false);
    expect(isSensitiveAutocomplete('')).toBe(false);
  });

  it('skips fields whose name gives away card data or codes', () => {
    expect(reason(field({ kind: 'input', inputType: 'text', name: 'cardnumber' }))).toBe('sensitive-name');
    expect(reason(field({ kind: 'input', inputType: 'text', id: 'otp-code' }))).toBe('sensitive-name');
    expect(reason(field({ kind: 'input', inputType: 'text', name: 'comment' }))).toBe('ok');
  });

  it('honours spellcheck=false, nearest setting wins', () => {
    expect(reason(field({ lineage: [{ ...none, spellcheck: 'false' }] }))).toBe('spellcheck-off');
    expect(reason(field({ lineage: [none, { ...none, spellcheck: 'false' }] }))).toBe('spellcheck-off');
    expect(
      reason(
        field({
          lineage: [
            { ...none, spellcheck: 'true' },
            { ...none, spellcheck: 'false' },
          ],
        }),
      ),
    ).toBe('ok');
  });

  it('honours data-gramm, data-enable-grammarly and data-redline opt-outs on the field or an ancestor', () => {
    expect(reason(field({ lineage: [{ ...none, dataGramm: 'false' }] }))).toBe('opted-out');
    expect(reason(field({ lineage: [none, { ...none, dataEnableGrammarly: 'false' }] }))).toBe('opted-out');
    expect(reason(field({ lineage: [none, { ...none, dataRedline: 'off' }] }))).toBe('opted-out');
    expect(reason(field({ lineage: [{ ...none, dataGramm: 'true' }] }))).toBe('ok');
  });
});

describe('isSiteDisabled', () => {
  it('matches the host and its subdomains only', () => {
    expect(isSiteDisabled('mail.example.com', ['example.com'])).toBe(true);
    expect(isSiteDisabled('example.com', ['example.com'])).toBe(true);
    expect(isSiteDisabled('notexample.com', ['example.com'])).toBe(false);
    expect(isSiteDisabled('example.com', [])).toBe(false);
  });
});
