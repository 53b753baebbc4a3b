import { defaultSettings, type Settings } from './settings.ts';

/** Settings defaults from the build's environment (Plasmo inlines PLASMO_PUBLIC_* at build time). */
export const BUILD_DEFAULTS: Settings = defaultSettings({
  gatewayUrl: process.env.PLASMO_PUBLIC_GATEWAY_URL,
  apiKey: process.env.PLASMO_PUBLIC_API_KEY,
});
