/**
 * Registers the service worker that vite-plugin-pwa generates (dist/sw.js, precaching the
 * app, its .wasm files and the pretrained networks), so a page loaded once reloads offline.
 * Where a service worker cannot exist (a sandboxed iframe's opaque origin, where even
 * reading `navigator.serviceWorker` throws; the dev server; file://) it does nothing, silently.
 */
export function registerOffline(after: Promise<unknown>): void {
  if (import.meta.env.DEV || self.origin === 'null' || !window.isSecureContext) return;
  let container: ServiceWorkerContainer | undefined;
  try {
    container = navigator.serviceWorker;
  } catch {
    return;
  }
  if (!container) return;
  const sw = container;
  // Only once the first flow is on screen (`after`): the precache download (about 4 MB)
  // must not compete with the first paint's own requests.
  void after.then(() => sw.register('./sw.js', { scope: './' })).catch(() => undefined);
}
