import { useEffect, useState } from 'react';
import { isSiteDisabled } from './lib/eligibility.ts';
import type { ConnectionStatus, StatusResponse } from './lib/protocol.ts';
import type { Settings } from './lib/settings.ts';
import { loadSettings, onStorageChange, saveSettings } from './lib/storage.ts';

const REASONS: Record<ConnectionStatus['reason'], string> = {
  'gateway-ok': 'Connected to the Redline gateway',
  'user-chose-on-device': 'On-device only (your choice): no text leaves this browser',
  'gateway-unreachable': 'Gateway unreachable: checking on-device',
  'gateway-rejected': 'Gateway refused the request: checking on-device',
  'not-configured': 'No API key set: checking on-device',
};

function useActiveTab(): chrome.tabs.Tab | null {
  const [tab, setTab] = useState<chrome.tabs.Tab | null>(null);
  useEffect(() => {
    void chrome.tabs.query({ active: true, currentWindow: true }).then(([t]) => setTab(t ?? null));
  }, []);
  return tab;
}

function hostnameOf(url: string | undefined): string {
  try {
    return url ? new URL(url).hostname : '';
  } catch {
    return '';
  }
}

/** Toolbar popup: on/off for this site, which checker is active, suggestions on this page. */
export default function Popup() {
  const tab = useActiveTab();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<StatusResponse | null>(null);
  const host = hostnameOf(tab?.url);

  useEffect(() => {
    void loadSettings().then(setSettings);
    onStorageChange({ settings: setSettings });
  }, []);

  useEffect(() => {
    const poll = () =>
      chrome.runtime
        .sendMessage({ type: 'status', ...(tab?.id !== undefined ? { tabId: tab.id } : {}) })
        .then((r: StatusResponse) => setStatus(r))
        .catch(() => setStatus(null));
    void poll();
    const timer = setInterval(poll, 1000);
    return () => clearInterval(timer);
  }, [tab?.id]);

  const enabled = settings !== null && !isSiteDisabled(host, settings.disabledSites);
  const toggle = () => {
    if (settings === null || host === '') return;
    const disabledSites = enabled
      ? [...settings.disabledSites, host]
      : settings.disabledSites.filter((s) => !isSiteDisabled(host, [s]));
    void saveSettings({ disabledSites }).then(setSettings);
  };
  const connection = status?.connection;

  return (
    <main style={{ width: 300, padding: 14, font: '14px/1.4 system-ui, sans-serif', color: '#1f2328' }}>
      <h1 style={{ fontSize: 16, margin: '0 0 10px', color: '#d62839' }}>Redline</h1>
      <label style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <input
          type="checkbox"
          data-testid="site-toggle"
          checked={enabled}
          disabled={host === ''}
          onChange={toggle}
        />
        <span>
          Check writing on <strong>{host || 'this page'}</strong>
        </span>
      </label>
      <p
        data-testid="connection"
        data-active={connection?.active ?? 'unknown'}
        style={{ margin: '10px 0 4px' }}
      >
        {connection === undefined
          ? 'Service worker starting…'
          : `${connection.active === 'gateway' ? '● Gateway' : '● On-device'} — ${REASONS[connection.reason]}`}
      </p>
      {connection?.detail ? (
        <p style={{ margin: 0, color: '#57606a', fontSize: 12 }}>{connection.detail}</p>
      ) : null}
      <p data-testid="count" style={{ margin: '8px 0' }}>
        {status
          ? `${status.suggestionsOnTab} suggestion${status.suggestionsOnTab === 1 ? '' : 's'} on this page`
          : ''}
      </p>
      <button type="button" onClick={() => void chrome.runtime.openOptionsPage()}>
        Options
      </button>
    </main>
  );
}
