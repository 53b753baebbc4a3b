import type { Category } from '@redline/edits';
import type { SegmentEdit } from './suggestions.ts';

/** Name of the chrome.runtime Port each frame's content script opens to the service worker. */
export const PORT_NAME = 'redline';

export type FeedbackAction = 'applied' | 'dismissed' | 'ignored';

/** Content script → service worker. */
export type ContentMessage =
  | { type: 'check'; requestId: number; segments: Array<{ id: string; text: string }> }
  | { type: 'cancel'; requestId: number }
  | { type: 'feedback'; action: FeedbackAction; category: Category; model: string }
  | { type: 'count'; suggestions: number };

/** Which checker answered: the gateway, or harper.js inside the extension. */
export type CheckSource = 'gateway' | 'on-device';

/** Service worker → content script. */
export type BackgroundMessage =
  | {
      type: 'result';
      requestId: number;
      segmentId: string;
      edits: SegmentEdit[];
      model: string;
      cached: boolean;
      source: CheckSource;
    }
  | { type: 'done'; requestId: number }
  | { type: 'error'; requestId: number; code: string; message: string };

/** Why the active checker is the one it is (shown in the popup). */
export type ConnectionReason =
  | 'gateway-ok'
  | 'user-chose-on-device'
  | 'gateway-unreachable'
  | 'gateway-rejected'
  | 'not-configured';

export interface ConnectionStatus {
  active: CheckSource;
  reason: ConnectionReason;
  gatewayUrl: string;
  detail?: string;
  /** When the status last changed (ms since epoch). */
  since: number;
}

/** One-shot runtime messages (popup → service worker). */
export type RuntimeRequest = { type: 'status'; tabId?: number };
export interface StatusResponse {
  connection: ConnectionStatus;
  suggestionsOnTab: number;
}
