import { CATEGORY_COLOURS, CATEGORY_LABELS, suggestionMessage } from '../lib/categories.ts';
import { type Box, cardPosition } from '../lib/geometry.ts';
import type { PlacedSuggestion } from './field-adapter.ts';

export type CardAction = 'apply' | 'dismiss' | 'ignore';

/**
 * The suggestion card: message, replacement and apply / dismiss / ignore. Pressing its buttons never takes
 * focus from the page's field (mousedown is cancelled), so the caret and the editor's state survive.
 */
export class SuggestionCard {
  readonly element: HTMLDivElement;
  private current: { suggestion: PlacedSuggestion; fieldId: number } | null = null;
  private hideTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly doc: Document,
    onAction: (action: CardAction, suggestion: PlacedSuggestion, fieldId: number) => void,
  ) {
    this.element = doc.createElement('div');
    this.element.setAttribute('data-redline-card', '');
    this.element.setAttribute('role', 'dialog');
    this.element.hidden = true;
    this.element.addEventListener('mousedown', (e) => e.preventDefault());
    this.element.addEventListener('click', (e) => {
      const button = (e.target as Element).closest('button[data-action]');
      if (button === null || this.current === null) return;
      const { suggestion, fieldId } = this.current;
      this.hide();
      onAction(button.getAttribute('data-action') as CardAction, suggestion, fieldId);
    });
    this.element.addEventListener('mouseenter', () => this.cancelHide());
    this.element.addEventListener('mouseleave', () => this.hideSoon());
  }

  get shown(): { suggestion: PlacedSuggestion; fieldId: number } | null {
    return this.current;
  }

  show(suggestion: PlacedSuggestion, fieldId: number, anchor: Box): void {
    this.cancelHide();
    if (this.current?.suggestion.key === suggestion.key && !this.element.hidden) return;
    this.current = { suggestion, fieldId };
    const doc = this.doc;
    const el = this.element;
    el.replaceChildren();
    el.dataset.key = suggestion.key;
    el.setAttribute('aria-label', `${CATEGORY_LABELS[suggestion.category]} suggestion`);
    const kind = doc.createElement('div');
    kind.className = 'kind';
    kind.style.color = CATEGORY_COLOURS[suggestion.category];
    kind.textContent = CATEGORY_LABELS[suggestion.category];
    const message = doc.createElement('p');
    message.className = 'message';
    message.textContent = suggestionMessage(suggestion);
    const buttons = doc.createElement('div');
    buttons.className = 'buttons';
    const apply = button(doc, 'apply', suggestion.replacement === '' ? 'Remove' : suggestion.replacement);
    apply.classList.add('replacement');
    apply.title = 'Apply (Alt+Shift+Enter)';
    buttons.append(apply, button(doc, 'dismiss', 'Dismiss'), button(doc, 'ignore', 'Ignore everywhere'));
    el.append(kind, message, buttons);
    el.hidden = false;
    const view = doc.defaultView;
    const viewport = { left: 0, top: 0, width: view?.innerWidth ?? 1024, height: view?.innerHeight ?? 768 };
    const size = { width: 300, height: el.offsetHeight || 120 };
    const pos = cardPosition(anchor, size, viewport);
    el.style.left = `${pos.left}px`;
    el.style.top = `${pos.top}px`;
  }

  hide(): void {
    this.cancelHide();
    this.current = null;
    this.element.hidden = true;
  }

  /** Hide after a short grace period, so the pointer can travel from the underline to the card. */
  hideSoon(delayMs = 400): void {
    this.cancelHide();
    this.hideTimer = setTimeout(() => this.hide(), delayMs);
  }

  cancelHide(): void {
    if (this.hideTimer !== undefined) clearTimeout(this.hideTimer);
    this.hideTimer = undefined;
  }
}

function button(doc: Document, action: string, label: string): HTMLButtonElement {
  const b = doc.createElement('button');
  b.type = 'button';
  b.dataset.action = action;
  b.textContent = label;
  return b;
}
