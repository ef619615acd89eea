/**
 * Flags for headless Debian Chromium in the scripts that drive a browser: Chromium's own calls home (updates,
 * sync, safe browsing) are off, so only the page's requests remain.
 */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
