// Launches the system Chromium headless with WebGPU on (SwiftShader where there is no GPU).
// Never downloads a browser: CHROME_PATH or /usr/bin/chromium, or a clear error naming the fix.

import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChrome(candidates: readonly string[] = CANDIDATES): string {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH=${fromEnv} does not exist: point it at a Chromium or Chrome binary.`);
    return fromEnv;
  }
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error('No Chromium found for the browser tests: install one (Debian: apt-get install -y chromium) or set CHROME_PATH to a Chrome/Chromium binary.');
  }
  return found;
}

// One page call may run a whole suite (every kernel case: 1.5 minutes on this 2-core VM, over 3 in
// its slow phases), longer than puppeteer's default 180 s protocol timeout; the tests' own
// timeouts bound each call instead.
const PROTOCOL_TIMEOUT_MS = 20 * 60_000;

/** Headless Chromium with WebGPU on whatever adapter it finds (SwiftShader here), and `extraArgs`. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return puppeteer.launch({
    executablePath: findChrome(),
    headless: true,
    protocolTimeout: PROTOCOL_TIMEOUT_MS,
    args: [
      '--enable-unsafe-webgpu',
      '--enable-unsafe-swiftshader',
      '--no-sandbox',
      '--disable-gpu-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}
