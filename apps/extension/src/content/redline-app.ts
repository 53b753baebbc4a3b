import { fieldEligibility, isSiteDisabled } from '../lib/eligibility.ts';
import type { Settings } from '../lib/settings.ts';
import { addIgnored, loadIgnored, loadSettings, onStorageChange } from '../lib/storage.ts';
import { ignoreHash, type Suggestion } from '../lib/suggestions.ts';
import { applySuggestion } from './apply-suggestion.ts';
import { BackgroundConnection } from './background-connection.ts';
import { ContentEditableAdapter } from './contenteditable-adapter.ts';
import {
  deepActiveElement,
  deepTarget,
  describeField,
  type EditableElement,
  fieldFor,
} from './describe-field.ts';
import type { FieldAdapter, PlacedSuggestion } from './field-adapter.ts';
import { FieldSession, type SessionHost } from './field-session.ts';
import { Overlay } from './overlay.ts';
import { type CardAction, SuggestionCard } from './suggestion-card.ts';
import { TextControlAdapter } from './text-control-adapter.ts';

const HOVER_DELAY_MS = 250;
const LAYOUT_POLL_MS = 500;

/**
 * Redline in one frame: finds the field the user writes in (focus, including open shadow roots), runs a
 * FieldSession per eligible field, draws into one overlay and routes card actions.
 */
export class RedlineApp implements SessionHost {
  readonly connection = new BackgroundConnection();
  private overlayInstance: Overlay | null = null;
  private card: SuggestionCard | null = null;
  private readonly sessions = new Map<HTMLElement, FieldSession>();
  private readonly rejected = new WeakSet<HTMLElement>();
  private ignored = new Set<string>();
  private nextId = 1;
  private frameTasks: Array<() => void> = [];
  private frameQueued = false;
  private hoverTimer: ReturnType<typeof setTimeout> | undefined;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private countTimer: ReturnType<typeof setTimeout> | undefined;
  private mutationObserver: MutationObserver | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private running = false;

  constructor(private readonly doc: Document) {}

  async start(): Promise<void> {
    const [settings, ignored] = await Promise.all([loadSettings(), loadIgnored()]);
    this.ignored = ignored;
    this.applySettings(settings);
    onStorageChange({
      settings: (s) => this.applySettings(s),
      ignored: (set) => {
        this.ignored = set;
        for (const s of this.sessions.values()) s.refilter();
      },
    });
  }

  private applySettings(settings: Settings): void {
    const off = isSiteDisabled(siteHostname(this.doc), settings.disabledSites);
    if (off && this.running) this.stop();
    else if (!off && !this.running) this.run();
  }

  private run(): void {
    this.running = true;
    const doc = this.doc;
    doc.addEventListener('focusin', this.onFocusIn, true);
    doc.addEventListener('keydown', this.onKeyDown, true);
    doc.addEventListener('click', this.onCaretMove, true);
    doc.addEventListener('keyup', this.onKeyUp, true);
    doc.defaultView?.addEventListener('scroll', this.onViewportChange, { capture: true, passive: true });
    doc.defaultView?.addEventListener('resize', this.onResize, { passive: true });
    this.resizeObserver = new ResizeObserver((entries) => {
      for (const e of entries) {
        const s = this.sessions.get(e.target as HTMLElement);
        s?.adapter.invalidateLayout();
        s?.scheduleRedraw();
      }
    });
    // Fields removed from the page end their sessions; a field added with focus (autofocus) starts one.
    this.mutationObserver = new MutationObserver((records) => {
      if (records.some((r) => r.removedNodes.length > 0)) this.scheduleFrame(() => this.sweep());
      if (records.some((r) => r.addedNodes.length > 0)) this.scheduleFrame(() => this.adoptActive());
    });
    this.mutationObserver.observe(doc.documentElement, { childList: true, subtree: true });
    this.pollTimer = setInterval(() => {
      for (const s of this.sessions.values()) if (s.movedSinceDraw()) s.scheduleRedraw();
    }, LAYOUT_POLL_MS);
    this.adoptActive();
  }

  private stop(): void {
    this.running = false;
    const doc = this.doc;
    doc.removeEventListener('focusin', this.onFocusIn, true);
    doc.removeEventListener('keydown', this.onKeyDown, true);
    doc.removeEventListener('click', this.onCaretMove, true);
    doc.removeEventListener('keyup', this.onKeyUp, true);
    doc.defaultView?.removeEventListener('scroll', this.onViewportChange, { capture: true });
    doc.defaultView?.removeEventListener('resize', this.onResize);
    this.mutationObserver?.disconnect();
    this.resizeObserver?.disconnect();
    if (this.pollTimer !== undefined) clearInterval(this.pollTimer);
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    this.card?.hide();
    this.overlayInstance?.dispose();
    this.overlayInstance = null;
    this.card = null;
    this.connection.reportCount(0);
  }

  get overlay(): Overlay {
    if (this.overlayInstance === null) {
      this.overlayInstance = new Overlay(this.doc);
      this.card = new SuggestionCard(this.doc, (action, s, fieldId) => this.onCardAction(action, s, fieldId));
      this.overlayInstance.addCard(this.card.element);
      this.overlayInstance.root.addEventListener('mouseover', this.onUnderlineOver);
      this.overlayInstance.root.addEventListener('mouseout', this.onUnderlineOut);
    }
    return this.overlayInstance;
  }

  // ---- SessionHost ----

  isIgnored(s: Suggestion): boolean {
    return this.ignored.has(ignoreHash(s));
  }

  suggestionsChanged(): void {
    if (this.countTimer !== undefined) return;
    this.countTimer = setTimeout(() => {
      this.countTimer = undefined;
      let n = 0;
      for (const s of this.sessions.values()) n += s.suggestions.length;
      this.connection.reportCount(n);
    }, 200);
  }

  /** One requestAnimationFrame for all redraw and refresh work of this frame. */
  scheduleFrame(task: () => void): void {
    this.frameTasks.push(task);
    if (this.frameQueued) return;
    this.frameQueued = true;
    const run = () => {
      this.frameQueued = false;
      const tasks = this.frameTasks;
      this.frameTasks = [];
      for (const t of tasks) t();
    };
    // Hidden tabs get no animation frames; results must still be placed.
    if (this.doc.visibilityState === 'hidden') setTimeout(run, 16);
    else requestAnimationFrame(run);
  }

  // ---- fields ----

  private readonly onFocusIn = (e: FocusEvent): void => {
    const target = deepTarget(e);
    if (target !== null) this.adopt(target);
  };

  private adoptActive(): void {
    const active = deepActiveElement(this.doc);
    if (active !== null) this.adopt(active);
  }

  private adopt(target: Element): FieldSession | undefined {
    if (!this.connection.contextValid) {
      this.stop();
      return undefined;
    }
    const field = fieldFor(target);
    if (field === null || this.rejected.has(field)) return undefined;
    const existing = this.sessions.get(field);
    if (existing !== undefined) return existing;
    // Eligibility reads attributes only; a rejected field's text is never read.
    if (!fieldEligibility(describeField(field)).ok) {
      this.rejected.add(field);
      return undefined;
    }
    const session = new FieldSession(this.nextId++, this.adapterFor(field), this);
    this.sessions.set(field, session);
    this.resizeObserver?.observe(field);
    session.scheduleCheck(0);
    return session;
  }

  private adapterFor(field: EditableElement): FieldAdapter {
    if (field instanceof HTMLTextAreaElement || field instanceof HTMLInputElement)
      return new TextControlAdapter(field, this.overlay.mirrors);
    return new ContentEditableAdapter(field);
  }

  private sweep(): void {
    for (const [el, s] of this.sessions) {
      if (!el.isConnected) {
        s.dispose();
        this.sessions.delete(el);
        this.resizeObserver?.unobserve(el);
        this.suggestionsChanged();
      }
    }
    this.overlayInstance?.attach();
  }

  private readonly onViewportChange = (): void => {
    for (const s of this.sessions.values()) if (s.suggestions.length > 0) s.scheduleRedraw();
    if (this.card?.shown) this.card.hide();
  };

  private readonly onResize = (): void => {
    for (const s of this.sessions.values()) {
      s.adapter.invalidateLayout();
      s.scheduleRedraw();
    }
  };

  private sessionOf(target: EventTarget | null): FieldSession | undefined {
    if (!(target instanceof Element)) return undefined;
    const field = fieldFor(target);
    return field === null ? undefined : this.sessions.get(field);
  }

  // ---- card and keyboard ----

  private readonly onUnderlineOver = (e: Event): void => {
    const underline = this.overlayInstance?.underlineOf(e);
    if (underline == null) return;
    const key = underline.dataset.key ?? '';
    const fieldId = Number(underline.closest<HTMLElement>('[data-field]')?.dataset.field);
    if (this.hoverTimer !== undefined) clearTimeout(this.hoverTimer);
    this.card?.cancelHide();
    this.hoverTimer = setTimeout(() => this.openCard(fieldId, key), HOVER_DELAY_MS);
  };

  private readonly onUnderlineOut = (e: Event): void => {
    if (this.overlayInstance?.underlineOf(e) == null) return;
    if (this.hoverTimer !== undefined) clearTimeout(this.hoverTimer);
    this.card?.hideSoon();
  };

  private openCard(fieldId: number, key: string): void {
    const session = [...this.sessions.values()].find((s) => s.id === fieldId);
    const suggestion = session?.find(key);
    if (session === undefined || suggestion === undefined || this.card === null) return;
    const rect = session.rectsOf(key)[0];
    if (rect === undefined) return;
    this.card.show(suggestion, fieldId, rect);
  }

  /** A click (or arrow key) that puts the caret on a suggestion opens its card. */
  private readonly onCaretMove = (e: Event): void => {
    const target = deepTarget(e);
    const session = this.sessionOf(target);
    if (session === undefined) return;
    const s = session.adapter.suggestionAtCaret(session.suggestions);
    if (s !== undefined) this.openCard(session.id, s.key);
    else this.card?.hide();
  };

  private readonly onKeyUp = (e: KeyboardEvent): void => {
    if (e.key.startsWith('Arrow') || e.key === 'Home' || e.key === 'End') this.onCaretMove(e);
    else if (e.key === 'Escape') this.card?.hide();
  };

  /** Alt+Shift+Enter applies the suggestion at the caret. */
  private readonly onKeyDown = (e: KeyboardEvent): void => {
    if (!(e.key === 'Enter' && e.altKey && e.shiftKey) || e.ctrlKey || e.metaKey) return;
    const session = this.sessionOf(deepTarget(e));
    const s = session?.adapter.suggestionAtCaret(session.suggestions);
    if (session === undefined || s === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    this.act('apply', session, s);
  };

  private onCardAction(action: CardAction, s: PlacedSuggestion, fieldId: number): void {
    const session = [...this.sessions.values()].find((x) => x.id === fieldId);
    if (session !== undefined) this.act(action, session, s);
  }

  private act(action: CardAction, session: FieldSession, s: PlacedSuggestion): void {
    this.card?.hide();
    if (action === 'apply') {
      if (!applySuggestion(session.adapter, s)) return;
      session.drop(s, false);
      this.connection.feedback('applied', s.category, s.model);
    } else if (action === 'dismiss') {
      session.drop(s, true);
      this.connection.feedback('dismissed', s.category, s.model);
    } else {
      const hash = ignoreHash(s);
      this.ignored.add(hash);
      for (const x of this.sessions.values()) x.refilter();
      void addIgnored(hash);
      this.connection.feedback('ignored', s.category, s.model);
    }
  }
}

/** The site a frame belongs to for the on/off switch: the tab's top page when readable (about:blank and
 * same-origin frames), else the frame's own host. */
function siteHostname(doc: Document): string {
  try {
    const top = doc.defaultView?.top?.location.hostname;
    if (top) return top;
  } catch {
    // cross-origin top: fall through to this frame's host
  }
  return doc.location?.hostname ?? '';
}
