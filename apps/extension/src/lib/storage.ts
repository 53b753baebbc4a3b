import { BUILD_DEFAULTS } from './build-env.ts';
import { IGNORED_KEY, parseIgnored, parseSettings, SETTINGS_KEY, type Settings } from './settings.ts';

export async function loadSettings(): Promise<Settings> {
  const got = await chrome.storage.local.get(SETTINGS_KEY);
  return parseSettings(got[SETTINGS_KEY], BUILD_DEFAULTS);
}

export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = { ...(await loadSettings()), ...patch };
  await chrome.storage.local.set({ [SETTINGS_KEY]: next });
  return next;
}

export async function loadIgnored(): Promise<Set<string>> {
  const got = await chrome.storage.local.get(IGNORED_KEY);
  return parseIgnored(got[IGNORED_KEY]);
}

export async function addIgnored(hash: string): Promise<void> {
  const set = await loadIgnored();
  set.add(hash);
  await chrome.storage.local.set({ [IGNORED_KEY]: [...set] });
}

/** Call back with fresh settings / ignore list whenever another context changes them. */
export function onStorageChange(handlers: {
  settings?: (s: Settings) => void;
  ignored?: (set: Set<string>) => void;
}): void {
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    const s = changes[SETTINGS_KEY];
    if (s && handlers.settings) handlers.settings(parseSettings(s.newValue, BUILD_DEFAULTS));
    const i = changes[IGNORED_KEY];
    if (i && handlers.ignored) handlers.ignored(parseIgnored(i.newValue));
  });
}
