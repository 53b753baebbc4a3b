import type { PlasmoCSConfig } from 'plasmo';
import { RedlineApp } from '../content/redline-app.ts';

// Plasmo's type drops match_about_blank (Omit over a union); the manifest field is valid for isolated worlds.
export const config: PlasmoCSConfig & { match_about_blank?: boolean } = {
  matches: ['<all_urls>'],
  all_frames: true,
  match_about_blank: true,
  run_at: 'document_idle',
};

// One app per frame (same-origin iframes get their own, with their own overlay).
void new RedlineApp(document).start();
