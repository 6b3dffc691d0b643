/**
 * The Content Security Policy of the built app: shipped as a `<meta>` in `dist/index.html`
 * (static hosts send no headers) and sent as a header by `npm run preview`. Everything is
 * served from the app's own origin: no inline script, WASM compiled under
 * 'wasm-unsafe-eval', workers from the origin or a Blob (the sandboxed-iframe embed),
 * inline styles (React's style attributes), images from data:/blob: (canvas exports), fonts
 * as files. `frame-ancestors` is header-only, so the header adds nothing the meta lacks.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');
