import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// React's own UMD builds (React 18 ships them), served as plain scripts: the page needs no bundler.
const umd = (pkg: string, file: string) => () =>
  readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), 'umd', file), 'utf8');
const reactUmd = umd('react', 'react.production.min.js');
const reactDomUmd = umd('react-dom', 'react-dom.production.min.js');

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:16px/1.5 sans-serif;margin:20px} textarea,input,[contenteditable]{font:16px/1.5 sans-serif;width:520px}
textarea{height:120px} [contenteditable]{min-height:80px;border:1px solid #999;padding:4px}</style></head>
<body>${body}</body></html>`;

/** The test pages: one kind of field each, as a user meets them. */
export const PAGES: Record<string, string> = {
  '/textarea.html': page('textarea', '<label>Message <textarea id="field"></textarea></label>'),
  '/input.html': page('input', '<input id="field" type="text"> <input id="search" type="search">'),
  '/contenteditable.html': page('contenteditable', '<div id="field" contenteditable="true"></div>'),
  '/react.html': page(
    'react',
    `<div id="root"></div><script src="/react.js"></script><script src="/react-dom.js"></script>
<script>
  const e = React.createElement;
  function App() {
    const [text, setText] = React.useState('');
    return e('div', null,
      e('textarea', { id: 'field', value: text, onChange: (ev) => setText(ev.target.value) }),
      e('pre', { id: 'state' }, text));
  }
  ReactDOM.createRoot(document.getElementById('root')).render(e(App));
</script>`,
  ),
  '/iframe.html': page(
    'iframe',
    '<p>Outer page</p><iframe id="frame" src="/textarea.html" width="640" height="260"></iframe>',
  ),
  '/shadow.html': page(
    'shadow',
    `<div id="host"></div><script>
  const root = document.getElementById('host').attachShadow({ mode: 'open' });
  root.innerHTML = '<style>textarea{font:16px/1.5 sans-serif;width:520px;height:120px}</style><textarea id="field"></textarea>';
</script>`,
  ),
  '/late.html': page(
    'late',
    `<button id="add">Add a comment box</button><div id="slot"></div><script>
  document.getElementById('add').onclick = () => {
    const t = document.createElement('textarea'); t.id = 'field'; document.getElementById('slot').append(t); t.focus();
  };
</script>`,
  ),
  '/long-contenteditable.html': page(
    'long contenteditable',
    `<div id="field" contenteditable="true" style="height:200px;overflow:auto">${Array.from(
      { length: 40 },
      (_, i) =>
        `<p>${i === 0 ? 'The first line was recieved.' : i === 39 ? 'The last line has a pakage.' : `Line ${i} is a wrold.`}</p>`,
    ).join('')}</div>`,
  ),
  '/private.html': page(
    'private',
    `<form>
  <input id="password" type="password">
  <input id="card" type="text" autocomplete="cc-number">
  <input id="otp" type="text" autocomplete="one-time-code">
  <input id="street" type="text" autocomplete="shipping street-address">
  <textarea id="optout" data-redline="off"></textarea>
  <textarea id="gramm" data-gramm="false"></textarea>
  <div data-enable-grammarly="false"><textarea id="grammarly"></textarea></div>
  <textarea id="nospell" spellcheck="false"></textarea>
  <textarea id="normal"></textarea>
</form>`,
  ),
};

export interface PageServer {
  origin: string;
  close(): Promise<void>;
}

/** Content scripts do not run on data: URLs, so pages are served over HTTP on 127.0.0.1. */
export async function startPageServer(extra: Record<string, string> = {}): Promise<PageServer> {
  const pages = { ...PAGES, ...extra };
  const scripts: Record<string, () => string> = { '/react.js': reactUmd, '/react-dom.js': reactDomUmd };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const html = pages[path];
    if (html !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
      return;
    }
    const script = scripts[path];
    if (script !== undefined) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(script());
      return;
    }
    res.writeHead(404);
    res.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
