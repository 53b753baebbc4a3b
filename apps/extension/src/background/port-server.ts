import type { BackgroundMessage, ContentMessage, RuntimeRequest, StatusResponse } from '../lib/protocol.ts';
import { PORT_NAME } from '../lib/protocol.ts';
import type { CheckService } from './check-service.ts';

/**
 * The service worker's side of every frame's Port: runs checks (one AbortController per request, aborted on
 * cancel or when the frame goes away), streams each segment's result back, relays feedback, and keeps the
 * per-tab suggestion counts the popup shows.
 */
/** What content scripts asked to check since the worker started (diagnostics; never the text). */
export interface CheckStats {
  requests: number;
  segments: number;
  chars: number;
  cancelled: number;
}

export function servePorts(service: CheckService): CheckStats {
  const stats: CheckStats = { requests: 0, segments: 0, chars: 0, cancelled: 0 };
  /** tabId → (port → suggestions shown in that frame) */
  const counts = new Map<number, Map<chrome.runtime.Port, number>>();

  chrome.runtime.onConnect.addListener((port) => {
    if (port.name !== PORT_NAME) return;
    const tabId = port.sender?.tab?.id ?? -1;
    const controllers = new Map<number, AbortController>();
    let open = true;
    const post = (m: BackgroundMessage) => {
      if (!open) return;
      try {
        port.postMessage(m);
      } catch {
        open = false;
      }
    };

    port.onMessage.addListener((m: ContentMessage) => {
      switch (m.type) {
        case 'check': {
          stats.requests++;
          stats.segments += m.segments.length;
          for (const seg of m.segments) stats.chars += seg.text.length;
          const controller = new AbortController();
          controllers.set(m.requestId, controller);
          service
            .check(m.segments, controller.signal, (answer, source) =>
              post({ type: 'result', requestId: m.requestId, ...answer, source }),
            )
            .then(
              () => {
                if (!controller.signal.aborted) post({ type: 'done', requestId: m.requestId });
              },
              (error: unknown) => {
                if (controller.signal.aborted) return;
                const message = error instanceof Error ? error.message : String(error);
                post({ type: 'error', requestId: m.requestId, code: 'CHECK_FAILED', message });
              },
            )
            .finally(() => controllers.delete(m.requestId));
          break;
        }
        case 'cancel':
          if (controllers.has(m.requestId)) stats.cancelled++;
          controllers.get(m.requestId)?.abort();
          controllers.delete(m.requestId);
          break;
        case 'feedback':
          service.feedback({ action: m.action, category: m.category, model: m.model });
          break;
        case 'count': {
          const tab = counts.get(tabId) ?? new Map<chrome.runtime.Port, number>();
          counts.set(tabId, tab);
          tab.set(port, m.suggestions);
          break;
        }
      }
    });

    port.onDisconnect.addListener(() => {
      open = false;
      for (const c of controllers.values()) c.abort();
      controllers.clear();
      const tab = counts.get(tabId);
      tab?.delete(port);
      if (tab?.size === 0) counts.delete(tabId);
    });
  });

  chrome.runtime.onMessage.addListener((request: RuntimeRequest, _sender, sendResponse) => {
    if (request?.type !== 'status') return false;
    let suggestionsOnTab = 0;
    if (request.tabId !== undefined)
      for (const n of counts.get(request.tabId)?.values() ?? []) suggestionsOnTab += n;
    const response: StatusResponse = { connection: service.status, suggestionsOnTab };
    sendResponse(response);
    return false;
  });
  return stats;
}
