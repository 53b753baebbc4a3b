import type { Category } from '@redline/edits';
import type { CheckSource, ConnectionReason, ConnectionStatus, FeedbackAction } from '../lib/protocol.ts';
import type { Settings } from '../lib/settings.ts';
import { GatewayChecker, GatewayFailure, type SegmentAnswer } from './gateway-checker.ts';
import { LOCAL_MODEL, LocalChecker } from './local-checker.ts';

/** After the gateway fails, check on-device for this long before trying it again. */
export const GATEWAY_RETRY_MS = 15_000;

export interface ServiceDeps {
  settings(): Settings;
  /** Resolves once stored settings were read (the worker may have just started). */
  ready: Promise<void>;
  now(): number;
}

/**
 * Chooses the checker for each request: the gateway normally; harper.js on-device when the user chose it,
 * when no API key is set, or when the gateway is unreachable or refuses (then retried after a pause).
 * Segments the gateway did not answer before failing are finished on-device, so the page always gets results.
 */
export class CheckService {
  private readonly gateway = new GatewayChecker();
  private readonly local = new LocalChecker();
  private gatewayRetryAt = 0;
  /** Outcome of the last gateway call. */
  private gatewayState: { reason: ConnectionReason; detail?: string; since: number };

  constructor(private readonly deps: ServiceDeps) {
    this.gatewayState = { reason: 'gateway-ok', since: deps.now() };
  }

  get status(): ConnectionStatus {
    const s = this.deps.settings();
    const base = { gatewayUrl: s.gatewayUrl, since: this.gatewayState.since };
    if (s.onDeviceOnly) return { ...base, active: 'on-device', reason: 'user-chose-on-device' };
    if (!configured(s)) return { ...base, active: 'on-device', reason: 'not-configured' };
    const { reason, detail } = this.gatewayState;
    return {
      ...base,
      active: reason === 'gateway-ok' ? 'gateway' : 'on-device',
      reason,
      ...(detail ? { detail } : {}),
    };
  }

  /** When checks will run on-device, compile Harper now rather than on the user's first keystroke. */
  async prepare(): Promise<void> {
    await this.deps.ready;
    const s = this.deps.settings();
    if (s.onDeviceOnly || !configured(s)) this.local.warm(s.dialect);
  }

  /**
   * Settings changed (options page). A new gateway address or API key is tried on the next check rather than
   * after the pause that followed a failure of the old one: the user who just fixed a key sees it work.
   */
  settingsChanged(previous: Settings): void {
    const s = this.deps.settings();
    if (s.gatewayUrl !== previous.gatewayUrl || s.apiKey !== previous.apiKey) this.gatewayRetryAt = 0;
  }

  private setGatewayState(reason: ConnectionReason, detail?: string): void {
    if (this.gatewayState.reason === reason && this.gatewayState.detail === detail) return;
    this.gatewayState = { reason, since: this.deps.now(), ...(detail ? { detail } : {}) };
  }

  async check(
    segments: Array<{ id: string; text: string }>,
    signal: AbortSignal,
    onAnswer: (answer: SegmentAnswer, source: CheckSource) => void,
  ): Promise<void> {
    await this.deps.ready;
    const s = this.deps.settings();
    if (s.onDeviceOnly || !configured(s) || this.deps.now() < this.gatewayRetryAt)
      return this.checkLocally(segments, signal, onAnswer);
    const answered = new Set<string>();
    try {
      await this.gateway.check(
        { url: s.gatewayUrl, apiKey: s.apiKey, dialect: s.dialect },
        segments,
        signal,
        (answer) => {
          answered.add(answer.segmentId);
          onAnswer(answer, 'gateway');
        },
      );
      if (!signal.aborted) this.setGatewayState('gateway-ok');
    } catch (error) {
      if (signal.aborted) return;
      const failure =
        error instanceof GatewayFailure ? error : new GatewayFailure('unreachable', 'UNKNOWN', String(error));
      this.gatewayRetryAt = this.deps.now() + GATEWAY_RETRY_MS;
      this.setGatewayState(
        failure.kind === 'unreachable' ? 'gateway-unreachable' : 'gateway-rejected',
        failure.code,
      );
      await this.checkLocally(
        segments.filter((x) => !answered.has(x.id)),
        signal,
        onAnswer,
      );
    }
  }

  private async checkLocally(
    segments: Array<{ id: string; text: string }>,
    signal: AbortSignal,
    onAnswer: (answer: SegmentAnswer, source: CheckSource) => void,
  ): Promise<void> {
    const { dialect } = this.deps.settings();
    for (const seg of segments) {
      if (signal.aborted) return;
      const edits = await this.local.check(seg.text, dialect);
      if (signal.aborted) return;
      onAnswer({ segmentId: seg.id, edits, model: LOCAL_MODEL, cached: false }, 'on-device');
    }
  }

  feedback(input: { action: FeedbackAction; category: Category; model: string }): void {
    const s = this.deps.settings();
    if (s.onDeviceOnly || !configured(s)) return;
    void this.gateway.feedback({ url: s.gatewayUrl, apiKey: s.apiKey }, input);
  }
}

function configured(s: Settings): boolean {
  return s.apiKey !== '' && s.gatewayUrl !== '';
}
