/** User settings (chrome.storage.local) with build-time defaults, and the ignore list. */

export type DialectSetting = 'american' | 'british' | 'canadian' | 'australian';
export const DIALECT_SETTINGS: readonly DialectSetting[] = ['american', 'british', 'canadian', 'australian'];

export interface Settings {
  gatewayUrl: string;
  apiKey: string;
  dialect: DialectSetting;
  /** Never send text off the device: harper.js in the extension checks everything. */
  onDeviceOnly: boolean;
  /** Hostnames the user switched Redline off for. */
  disabledSites: string[];
}

export const SETTINGS_KEY = 'redline.settings';
export const IGNORED_KEY = 'redline.ignored';

/** Defaults baked in at build time (PLASMO_PUBLIC_* env vars are inlined by Plasmo). */
export function defaultSettings(env: {
  gatewayUrl?: string | undefined;
  apiKey?: string | undefined;
}): Settings {
  return {
    gatewayUrl: env.gatewayUrl?.trim() || 'http://127.0.0.1:8787',
    apiKey: env.apiKey?.trim() || '',
    dialect: 'american',
    onDeviceOnly: false,
    disabledSites: [],
  };
}

/** Merge what storage holds over the defaults, ignoring fields of the wrong type (old or hand-edited data). */
export function parseSettings(stored: unknown, defaults: Settings): Settings {
  if (typeof stored !== 'object' || stored === null) return { ...defaults };
  const s = stored as Record<string, unknown>;
  const str = (v: unknown, d: string) => (typeof v === 'string' ? v : d);
  return {
    gatewayUrl: str(s.gatewayUrl, defaults.gatewayUrl),
    apiKey: str(s.apiKey, defaults.apiKey),
    dialect: DIALECT_SETTINGS.includes(s.dialect as DialectSetting)
      ? (s.dialect as DialectSetting)
      : defaults.dialect,
    onDeviceOnly: typeof s.onDeviceOnly === 'boolean' ? s.onDeviceOnly : defaults.onDeviceOnly,
    disabledSites: Array.isArray(s.disabledSites)
      ? s.disabledSites.filter((x): x is string => typeof x === 'string')
      : defaults.disabledSites,
  };
}

export function parseIgnored(stored: unknown): Set<string> {
  return new Set(Array.isArray(stored) ? stored.filter((x): x is string => typeof x === 'string') : []);
}
