/**
 * A host page on another origin for the iframe tests (../shared/TESTING.md): serves
 * `/?src=URL&sandbox=FLAGS&width=W&height=H` as a page whose only content is that iframe
 * (`sandbox` absent: a plain iframe), and `/?html=SNIPPET` as a page whose body is that HTML
 * verbatim (the Embed dialog's snippet as a blogger pastes it; a page fulfilled by the test
 * itself may not frame 127.0.0.1: Chromium's local network access checks block it).
 * Usage: `node e2e/hostServer.mjs PORT`.
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 4174);
const attr = (s) => String(s).replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

createServer((req, res) => {
  const q = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const sandbox = q.has('sandbox') ? ` sandbox="${attr(q.get('sandbox'))}"` : '';
  const size = `width="${attr(q.get('width') ?? 320)}" height="${attr(q.get('height') ?? 240)}"`;
  const html = q.get('html');
  const body =
    html !== null
      ? `<!doctype html><html lang="en"><title>snippet host</title>
<body style="margin:0">${html}</body></html>`
      : `<!doctype html><html lang="en"><title>iframe host</title>
<body style="margin:0"><iframe${sandbox} ${size} style="border:0" title="embedded playground"
src="${attr(q.get('src') ?? '')}"></iframe></body></html>`;
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(body);
}).listen(port, 'localhost');
