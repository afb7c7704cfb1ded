import { existsSync } from 'node:fs';
import { get } from 'node:http';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium package (`apt-get install -y chromium`); playwright-core brings no browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumMissing: string | false = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} not installed (apt-get install -y chromium)`;

/** A real headless Chromium, without the network chatter a fresh profile starts (the machines may have no internet). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** fetch cannot set Host (a forbidden header): node:http can, as a DNS-rebinding page effectively does. */
export function statusWithHost(
  url: string,
  host: string,
  headers: Record<string, string> = {},
): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { ...headers, host } }, (res) => {
      resolve(res.statusCode);
      res.destroy();
    }).on('error', reject);
  });
}
