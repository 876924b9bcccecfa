import { chromium, type Browser } from 'playwright-core';

/** Debian's headless Chromium with the flags this machine and CI need (no sandbox as root, no outside network). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}
