/**
 * How Debian's Chromium is launched here (../shared/TESTING.md): Playwright's own browser
 * download does not work on these machines, and without the background-networking flags
 * Chromium keeps trying to reach hosts the closed network refuses.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
