import { CheckService } from './background/check-service.ts';
import { servePorts } from './background/port-server.ts';
import { BUILD_DEFAULTS } from './lib/build-env.ts';
import { parseSettings, SETTINGS_KEY, type Settings } from './lib/settings.ts';

// The service worker owns the connection to the gateway and the on-device checker.
let settings: Settings = BUILD_DEFAULTS;
const ready = chrome.storage.local.get(SETTINGS_KEY).then((got) => {
  settings = parseSettings(got[SETTINGS_KEY], BUILD_DEFAULTS);
});
const service = new CheckService({ settings: () => settings, ready, now: () => Date.now() });
chrome.storage.onChanged.addListener((changes, area) => {
  const change = changes[SETTINGS_KEY];
  if (area !== 'local' || !change) return;
  const previous = settings;
  settings = parseSettings(change.newValue, BUILD_DEFAULTS);
  service.settingsChanged(previous);
  void service.prepare();
});
// Listeners are registered synchronously at startup (MV3); checks wait for the settings read.
const stats = servePorts(service);
void service.prepare();

// Diagnostics for the devtools console and browser tests (the worker's global is private to the extension).
Object.assign(self, {
  redline: {
    status: () => service.status,
    stats: () => ({ ...stats }),
    check: async (text: string) => {
      const answers: unknown[] = [];
      await service.check([{ id: 'diag', text }], new AbortController().signal, (a, source) =>
        answers.push({ ...a, source }),
      );
      return answers;
    },
  },
});
