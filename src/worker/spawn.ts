/**
 * How the page starts the training worker: from its bundled module, or where the page may not
 * (an opaque origin, another origin than its files) through a classic Blob worker that imports
 * it. The client (client.ts) calls `spawnTrainingWorker` for the first worker and each one
 * that replaces it.
 */
import workerUrl from './training.worker?worker&url';

/**
 * A classic-script worker body that imports the module at `url` and holds the messages that
 * arrive before the import finishes, then replays them in order. Chromium refuses module
 * workers from Blob URLs made in an opaque origin; classic Blob workers and import() work.
 */
function importShim(url: string): string {
  return `const held = []; let ready = false;
addEventListener('message', (e) => { if (!ready) { e.stopImmediatePropagation(); held.push(e); } });
import(${JSON.stringify(url)}).then(() => {
  ready = true;
  for (const e of held) dispatchEvent(new MessageEvent('message', { data: e.data, ports: [...e.ports] }));
}, (err) => setTimeout(() => { throw err; }));`;
}

/**
 * Starts the training worker from its bundled module. A page with an opaque origin (an
 * `<iframe sandbox="allow-scripts">`) or on another origin than its files may not start a
 * worker from the server's URL, so then a Blob worker imports it: the module's own
 * `import.meta.url` stays the server's, so its chunks and .wasm files load from there
 * (which needs `Access-Control-Allow-Origin` on the files: README, "Hosting").
 */
export function spawnTrainingWorker(): Worker {
  const url = new URL(workerUrl, location.href).href;
  try {
    return new Worker(url, { type: 'module' });
  } catch {
    const shim = new Blob([importShim(url)], { type: 'text/javascript' });
    return new Worker(URL.createObjectURL(shim));
  }
}
