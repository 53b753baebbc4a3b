import type { Category } from '@redline/edits';
import {
  type BackgroundMessage,
  type ContentMessage,
  type FeedbackAction,
  PORT_NAME,
} from '../lib/protocol.ts';

type ResultMessage = Extract<BackgroundMessage, { type: 'result' }>;

export interface CheckHandlers {
  onResult(message: ResultMessage): void;
  /** The request ended: normally, by error, or because the service worker went away. */
  onEnd(error?: { code: string; message: string }): void;
}

/**
 * This frame's Port to the service worker. Opened lazily, reopened after the worker restarts; requests in
 * flight when it drops end with an error so their segments are sent again.
 */
export class BackgroundConnection {
  private port: chrome.runtime.Port | null = null;
  private nextId = 1;
  private readonly requests = new Map<number, CheckHandlers>();

  /** False once the extension was reloaded or removed: this content script is an orphan and must stop. */
  get contextValid(): boolean {
    try {
      return typeof chrome !== 'undefined' && chrome.runtime?.id !== undefined;
    } catch {
      return false;
    }
  }

  private ensurePort(): chrome.runtime.Port | null {
    if (this.port !== null) return this.port;
    if (!this.contextValid) return null;
    try {
      const port = chrome.runtime.connect({ name: PORT_NAME });
      port.onMessage.addListener((m: BackgroundMessage) => this.dispatch(m));
      port.onDisconnect.addListener(() => {
        void chrome.runtime.lastError; // read so Chrome does not log it as unchecked
        this.port = null;
        const pending = [...this.requests.values()];
        this.requests.clear();
        for (const h of pending) h.onEnd({ code: 'DISCONNECTED', message: 'service worker disconnected' });
      });
      this.port = port;
      return port;
    } catch {
      return null;
    }
  }

  private post(message: ContentMessage): boolean {
    const port = this.ensurePort();
    if (port === null) return false;
    try {
      port.postMessage(message);
      return true;
    } catch {
      this.port = null;
      return false;
    }
  }

  private dispatch(m: BackgroundMessage): void {
    const handlers = this.requests.get(m.requestId);
    if (handlers === undefined) return;
    if (m.type === 'result') handlers.onResult(m);
    else {
      this.requests.delete(m.requestId);
      handlers.onEnd(m.type === 'error' ? { code: m.code, message: m.message } : undefined);
    }
  }

  /** Send segments for checking; returns the request id, or null when the worker cannot be reached. */
  check(segments: Array<{ id: string; text: string }>, handlers: CheckHandlers): number | null {
    const requestId = this.nextId++;
    this.requests.set(requestId, handlers);
    if (!this.post({ type: 'check', requestId, segments })) {
      this.requests.delete(requestId);
      return null;
    }
    return requestId;
  }

  /** Cancel a superseded request; the worker aborts its gateway call. */
  cancel(requestId: number): void {
    if (!this.requests.delete(requestId)) return;
    this.post({ type: 'cancel', requestId });
  }

  feedback(action: FeedbackAction, category: Category, model: string): void {
    this.post({ type: 'feedback', action, category, model });
  }

  reportCount(suggestions: number): void {
    if (this.port !== null || suggestions > 0) this.post({ type: 'count', suggestions });
  }

  dispose(): void {
    for (const id of [...this.requests.keys()]) this.cancel(id);
    this.port?.disconnect();
    this.port = null;
  }
}
