import type { FieldAdapter, PlacedSuggestion } from './field-adapter.ts';

/**
 * Replace a suggestion's text so the page's editor notices and the browser's undo stack records it.
 * 1. Select the span and run execCommand('insertText') — a real user edit: input events, native undo,
 *    and rich editors (ProseMirror, Lexical, Slate…) see the beforeinput they handle.
 * 2. Otherwise, text controls: the native value setter (bypassing React's instance-level tracker) plus an
 *    input event, so controlled inputs update their state.
 * 3. Otherwise, contenteditable: a cancelable beforeinput (insertReplacementText) the editor may handle,
 *    then a direct DOM replacement with an input event.
 */
export function applySuggestion(adapter: FieldAdapter, s: PlacedSuggestion): boolean {
  if (!adapter.select(s)) return false;
  const el = adapter.element;
  const doc = el.ownerDocument;
  const before = adapter.readText();
  const expected = before.slice(0, s.start) + s.replacement + before.slice(s.end);
  const viaCommand =
    s.replacement === ''
      ? doc.execCommand('delete', false)
      : doc.execCommand('insertText', false, s.replacement);
  if (viaCommand && adapter.readText() !== before) return true;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement)
    return setNativeValue(el, s, expected);
  return replaceInContentEditable(el, s);
}

function setNativeValue(
  el: HTMLTextAreaElement | HTMLInputElement,
  s: PlacedSuggestion,
  expected: string,
): boolean {
  const proto =
    el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  if (setter === undefined) return false;
  setter.call(el, expected);
  const caret = s.start + s.replacement.length;
  el.setSelectionRange(caret, caret);
  el.dispatchEvent(
    new InputEvent('input', { bubbles: true, inputType: 'insertReplacementText', data: s.replacement }),
  );
  return el.value === expected;
}

function replaceInContentEditable(el: HTMLElement, s: PlacedSuggestion): boolean {
  const range = s.range;
  if (range === undefined) return false;
  const init = { bubbles: true, cancelable: true, inputType: 'insertReplacementText', data: s.replacement };
  const proceed = el.dispatchEvent(new InputEvent('beforeinput', init));
  if (!proceed) return range.toString() === s.replacement; // the editor handled it
  range.deleteContents();
  if (s.replacement !== '') range.insertNode(el.ownerDocument.createTextNode(s.replacement));
  el.dispatchEvent(
    new InputEvent('input', { bubbles: true, inputType: 'insertReplacementText', data: s.replacement }),
  );
  return true;
}
