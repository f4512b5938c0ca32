// Where the bench measures: a BenchApi in Node (Dawn) or forwarded into a headless Chromium page
// (bench/kernels.html + page.ts, served by Vite), with setup and teardown in one place for the
// drivers (kernels.ts, run.ts).

import type { Page } from 'puppeteer';
import { createEngine } from '../src/index.js';
import { createBenchApi, type BenchApi, type BenchInfo } from './api.js';

export interface BenchSession {
  api: BenchApi;
  close(): Promise<void>;
}

export async function nodeSession(): Promise<BenchSession> {
  const engine = await createEngine();
  return { api: createBenchApi(engine), close: async () => engine.destroy() };
}

export async function chromiumSession(progress: (msg: string) => void): Promise<BenchSession> {
  // Loaded here, not above: the Node bench runs where puppeteer and Vite are not installed (bench/gpu.sh).
  const [{ launchChromium }, { startServer }] = await Promise.all([import('../tests/support/chromium.js'), import('../tests/support/server.js')]);
  const { server, url } = await startServer();
  const browser = await launchChromium();
  const close = async () => {
    await browser.close();
    await server.close();
  };
  try {
    const page = await browser.newPage();
    page.on('console', (m) => {
      // The loader asks for a checkpoint's optional files (generation_config.json, ...): their 404s are expected.
      if ((m.type() === 'error' || m.type() === 'warn') && !/status of 404/.test(m.text())) progress(`[chromium] ${m.text()}`);
    });
    page.on('pageerror', (e) => progress(`[chromium pageerror] ${e}`));
    await page.goto(`${url}/bench/kernels.html`, { timeout: 300_000 }); // Vite transforms on first request: slow on a busy machine
    await page.waitForFunction(() => document.getElementById('log')?.textContent === 'ready', { timeout: 300_000 });
    const info = await page.evaluate(() => (window as unknown as { shaderlmBench: BenchApi }).shaderlmBench.info());
    return { api: pageApi(page, info), close };
  } catch (e) {
    await close();
    throw e;
  }
}

type Forwarded = Exclude<keyof BenchApi, 'info'>;
const FORWARDED: Forwarded[] = ['probe', 'alu', 'dispatch', 'ours', 'tfjs', 'loadModel', 'run', 'profileStep', 'memory', 'disposeModel'];

/**
 * The page's BenchApi, forwarded call by call. A call starts in the page and the driver polls for
 * its end, so a long one (loading a big model on a busy machine) is not cut by puppeteer's
 * protocol timeout, which bounds each page.evaluate.
 */
function pageApi(page: Page, info: BenchInfo): BenchApi {
  type Call = { done: boolean; value?: unknown; error?: string };
  type W = { shaderlmBench: Record<string, (...x: unknown[]) => unknown>; shaderlmBenchCall?: Call };
  const api = { info: () => info } as Record<string, unknown>;
  for (const name of FORWARDED) {
    api[name] = async (...args: unknown[]) => {
      await page.evaluate((n, a) => {
        const w = window as unknown as W;
        w.shaderlmBenchCall = { done: false };
        Promise.resolve()
          .then(() => w.shaderlmBench[n]!(...a))
          .then((value) => { w.shaderlmBenchCall = { done: true, value }; }, (e: Error) => { w.shaderlmBenchCall = { done: true, error: e.message ?? String(e) }; });
      }, name, args);
      await page.waitForFunction(() => (window as unknown as W).shaderlmBenchCall?.done, { timeout: 0, polling: 100 });
      const call = await page.evaluate(() => (window as unknown as W).shaderlmBenchCall!);
      if (call.error !== undefined) throw new Error(call.error);
      return call.value;
    };
  }
  return api as unknown as BenchApi;
}
