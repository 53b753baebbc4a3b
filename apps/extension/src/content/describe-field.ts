import type { FieldDescriptor, OptOutAttributes } from '../lib/eligibility.ts';

export type EditableElement = HTMLTextAreaElement | HTMLInputElement | HTMLElement;

/** The element that really received focus, looking through open shadow roots. */
export function deepTarget(event: Event): Element | null {
  const path = event.composedPath();
  const first = path[0];
  return first instanceof Element ? first : null;
}

/** document.activeElement, descending into open shadow roots. */
export function deepActiveElement(doc: Document): Element | null {
  let el: Element | null = doc.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

/** The editing host of a contenteditable region containing `el` (its outermost editable ancestor). */
export function editingHost(el: Element): HTMLElement | null {
  if (!(el instanceof HTMLElement) || !el.isContentEditable) return null;
  let host: HTMLElement = el;
  for (;;) {
    const parent = parentAcrossShadow(host);
    if (!(parent instanceof HTMLElement) || !parent.isContentEditable) return host;
    host = parent;
  }
}

function parentAcrossShadow(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const root = el.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/** The field a focus target belongs to, if it is a kind Redline handles at all. */
export function fieldFor(target: Element): EditableElement | null {
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement) return target;
  return editingHost(target);
}

const optOuts = (el: Element): OptOutAttributes => ({
  spellcheck: el.getAttribute('spellcheck'),
  dataGramm: el.getAttribute('data-gramm'),
  dataEnableGrammarly: el.getAttribute('data-enable-grammarly'),
  dataRedline: el.getAttribute('data-redline'),
});

/** Gather what eligibility needs, reading attributes only (never the field's text). */
export function describeField(el: EditableElement): FieldDescriptor {
  const lineage: OptOutAttributes[] = [];
  for (let e: Element | null = el; e !== null; e = parentAcrossShadow(e)) lineage.push(optOuts(e));
  const base = {
    autocomplete: el.getAttribute('autocomplete') ?? '',
    name: el.getAttribute('name') ?? '',
    id: el.id,
    lineage,
  };
  if (el instanceof HTMLTextAreaElement)
    return { ...base, kind: 'textarea', inputType: '', readOnly: el.readOnly, disabled: el.disabled };
  if (el instanceof HTMLInputElement)
    return {
      ...base,
      kind: 'input',
      inputType: el.type.toLowerCase(),
      readOnly: el.readOnly,
      disabled: el.disabled,
    };
  if (el.isContentEditable)
    return { ...base, kind: 'contenteditable', inputType: '', readOnly: false, disabled: false };
  return { ...base, kind: 'other', inputType: '', readOnly: false, disabled: false };
}
