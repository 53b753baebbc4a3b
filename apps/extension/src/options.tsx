import { type FormEvent, useEffect, useState } from 'react';
import { DIALECT_SETTINGS, type DialectSetting, type Settings } from './lib/settings.ts';
import { loadSettings, saveSettings } from './lib/storage.ts';

const DIALECT_LABELS: Record<DialectSetting, string> = {
  american: 'American English',
  british: 'British English',
  canadian: 'Canadian English',
  australian: 'Australian English',
};

/** Options page: gateway URL, API key, dialect, on-device only, and the sites switched off. */
export default function Options() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void loadSettings().then(setSettings);
  }, []);

  if (settings === null) return <p>Loading…</p>;
  const update = (patch: Partial<Settings>) => {
    setSaved(false);
    setSettings({ ...settings, ...patch });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void saveSettings({
      ...settings,
      gatewayUrl: settings.gatewayUrl.trim(),
      apiKey: settings.apiKey.trim(),
    }).then((s) => {
      setSettings(s);
      setSaved(true);
    });
  };
  const row = { display: 'grid', gap: 4, marginBottom: 14 } as const;

  return (
    <form
      onSubmit={submit}
      style={{ maxWidth: 520, margin: '24px auto', font: '14px/1.4 system-ui, sans-serif' }}
    >
      <h1 style={{ color: '#d62839' }}>Redline options</h1>
      <label style={row}>
        Gateway URL
        <input
          name="gatewayUrl"
          type="url"
          value={settings.gatewayUrl}
          onChange={(e) => update({ gatewayUrl: e.target.value })}
        />
      </label>
      <label style={row}>
        API key
        <input
          name="apiKey"
          type="password"
          autoComplete="off"
          value={settings.apiKey}
          onChange={(e) => update({ apiKey: e.target.value })}
        />
      </label>
      <label style={row}>
        Dialect
        <select
          name="dialect"
          value={settings.dialect}
          onChange={(e) => update({ dialect: e.target.value as DialectSetting })}
        >
          {DIALECT_SETTINGS.map((d) => (
            <option key={d} value={d}>
              {DIALECT_LABELS[d]}
            </option>
          ))}
        </select>
      </label>
      <label style={{ ...row, display: 'flex', gap: 8 }}>
        <input
          name="onDeviceOnly"
          type="checkbox"
          checked={settings.onDeviceOnly}
          onChange={(e) => update({ onDeviceOnly: e.target.checked })}
        />
        On-device only: check with harper.js in the browser, never send text to the gateway
      </label>
      <label style={row}>
        Sites switched off (one per line)
        <textarea
          name="disabledSites"
          rows={4}
          spellCheck={false}
          data-redline="off"
          value={settings.disabledSites.join('\n')}
          onChange={(e) =>
            update({
              disabledSites: e.target.value
                .split('\n')
                .map((s) => s.trim())
                .filter(Boolean),
            })
          }
        />
      </label>
      <button type="submit">Save</button>
      {saved ? <span style={{ marginLeft: 10, color: '#15803d' }}>Saved</span> : null}
    </form>
  );
}
