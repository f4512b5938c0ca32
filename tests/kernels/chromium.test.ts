// Every kernel case in headless Chromium (the target runtime): the page runs all cases once,
// then each case becomes its own test here.

import type { Browser } from 'puppeteer';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserOutcome } from '../browser/kernels.js';
import { launchChromium } from '../support/chromium.js';
import { startServer } from '../support/server.js';
import { allCases } from './all-cases.js';
import { accuracyTable } from './report.js';

let browser: Browser;
let server: ViteDevServer;
const outcomes = new Map<string, BrowserOutcome>();
let adapter = 'chromium';

beforeAll(async () => {
  const started = await startServer();
  server = started.server;
  browser = await launchChromium();
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.error(`[chromium] ${m.text()}`); });
  page.on('pageerror', (e) => console.error(`[chromium pageerror] ${e}`));
  await page.goto(`${started.url}/tests/browser/kernels.html`);
  await page.waitForFunction(() => document.getElementById('log')?.textContent === 'ready', { timeout: 120_000 });
  page.setDefaultTimeout(0);
  const results = await page.evaluate(() => (window as unknown as { runKernelCases(): Promise<BrowserOutcome[]> }).runKernelCases());
  for (const r of results) outcomes.set(r.id, r);
  adapter = results[0]?.adapter ?? adapter;
}, 900_000);

afterAll(async () => {
  console.log(accuracyTable(adapter, allCases.map((c) => {
    const o = outcomes.get(`${c.kernel} ${c.name}`);
    return { c, result: o?.result, skipped: o?.skipped };
  })));
  await browser?.close();
  await server?.close();
});

describe('kernels in headless Chromium', () => {
  for (const c of allCases) {
    const id = `${c.kernel} ${c.name}`;
    it(id, (ctx) => {
      const o = outcomes.get(id);
      expect(o, `no result from the page for ${id}`).toBeDefined();
      if (o!.skipped) {
        console.log(`skipped in Chromium: ${id} (${o!.skipped})`);
        ctx.skip();
      }
      expect(o!.error, o!.error).toBeUndefined();
      expect(o!.result!.pass, o!.result!.detail).toBe(true);
    });
  }
});
