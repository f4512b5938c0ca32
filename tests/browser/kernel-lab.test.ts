// The kernel lab in headless Chromium (its own GPU device, no model): matmul (?autorun=1) and norm
// each match the CPU reference within the tolerance the page states and show the WGSL they ran;
// every other kernel of the lab does too on its default shape; a shape the kernel refuses is a
// RangeError naming the dimension (and one too large for the CPU reference is refused), and the
// next run works; nothing sticks out at a phone's width.

import type { Browser, Page } from 'puppeteer';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { startServer } from '../support/server.js';
import { NON_BLANK_COLOURS, openPage, screenshot, shownErrors, waitForState } from './page-test.js';

let browser: Browser;
let server: ViteDevServer;
let page: Page;
let errors: string[];
let url: string;

beforeAll(async () => {
  ({ server, url } = await startServer());
  browser = await launchChromium();
  ({ page, errors } = await openPage(browser, `${url}/demos/kernel-lab/?kernel=matmul&bias=yes&activation=gelu&autorun=1`, ['done', 'error']));
});

afterAll(async () => {
  await page?.close();
  await browser?.close();
  await server?.close();
});

interface Shown {
  pass: string | undefined;
  maxError: number;
  verdict: string;
  timing: string;
  wgsl: string[];
  runs: number;
}

async function shown(): Promise<Shown> {
  return page.evaluate(() => {
    const verdict = document.getElementById('verdict')!;
    return {
      pass: verdict.dataset.pass,
      maxError: Number(verdict.dataset.maxError),
      verdict: verdict.textContent ?? '',
      timing: document.getElementById('timing')!.textContent ?? '',
      wgsl: [...document.querySelectorAll('#wgsl pre.wgsl')].map((pre) => pre.textContent ?? ''),
      runs: document.querySelectorAll('#runs tbody tr').length,
    };
  });
}

/** Picks a kernel (its default shape), sets `fields`, runs it and waits for the end. */
async function runKernel(name: string, fields: Record<string, string> = {}): Promise<string> {
  await page.select('#kernel', name);
  for (const [id, value] of Object.entries(fields)) await page.$eval(`#${id}`, (el, v) => { (el as HTMLInputElement).value = v; }, value);
  await page.click('#run');
  return waitForState(page, ['done', 'error']);
}

/** A compute shader as the snapshot test stores it: the params struct, bindings and an entry point. */
function expectWgsl(code: string | undefined): void {
  expect(code).toMatch(/struct Params \{/);
  expect(code).toMatch(/@group\(0\) @binding\(1\) var<storage/);
  expect(code).toMatch(/@compute @workgroup_size\([^)]*\)\s*fn main/);
}

describe('kernel lab', () => {
  it('runs matmul 65x260x130 (bias, GELU) on the GPU: within the stated tolerance of the CPU reference, timed, with its WGSL', async () => {
    expect(await shownErrors(page)).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.$eval('#adapter', (e) => e.textContent)).toMatch(/^GPU: .* · its tuning table: (software|gpu) · subgroups: (yes|no) · shader-f16: (yes|no)$/);
    const s = await shown();
    expect(s.pass).toBe('true');
    expect(s.verdict).toMatch(/^matmul: the largest \|GPU − CPU\| is \S+ over 8,450 outputs · every one within the tolerance$/);
    // The page's tolerance for K = 260: 1e-6 K + 1e-6 absolute (plus 1e-5 relative); the largest error stays below it.
    expect(s.maxError).toBeLessThan(1e-6 * 260 + 1e-6 + 1e-5 * 30);
    expect(s.timing).toMatch(/^x \(65, 260\) · W \(130, 260\) → y \(65, 130\) · tolerance: \|GPU − CPU\| ≤ 2\.6e-4 \+ 1\.0e-5 · \|CPU\| .* GPU: [\d.,]+ ms per call, [\d.,]+ GFLOP\/s · [\d.,]+ GB\/s \(wall time on this adapter/);
    expect(s.wgsl.length).toBeGreaterThanOrEqual(1);
    expectWgsl(s.wgsl[0]);
    expect(await page.$eval('#wgsl summary', (e) => e.textContent)).toMatch(/^pipeline matmul\/.*activation=gelu.*bias=1/);
    expect(await page.$$eval('#chart svg circle', (dots) => dots.length)).toBeGreaterThan(1000);
    expect(s.runs).toBe(1);
    // The run's row in the form's words: "W stored", not the code's "layout".
    expect(await page.$$eval('#runs tbody tr:first-child td', (cells) => cells.slice(0, 3).map((c) => c.textContent))).toEqual(
      ['matmul', 'T=65 K=260 N=130', expect.stringMatching(/^W stored (nk|kn), act gelu, bias b yes, residual r no, tuning (software|gpu)$/)]);
    expect(await screenshot(browser, page, 'kernel-lab')).toBeGreaterThan(NON_BLANK_COLOURS);
  });

  it('runs RMSNorm on another shape: within its tolerance, with its own WGSL', async () => {
    expect(await runKernel('norm', { kind: 'rms', rows: '5', C: '300' })).toBe('done');
    const s = await shown();
    expect(s.pass).toBe('true');
    expect(s.verdict).toMatch(/^norm: the largest \|GPU − CPU\| is \S+ over 1,500 outputs · every one within the tolerance$/);
    expect(s.maxError).toBeLessThan(5e-6 + 5e-6 * 10); // outputs are |x| / rms * gamma: below 10 here
    expect(s.timing).toMatch(/GB\/s/);
    expect(s.timing).not.toMatch(/GFLOP\/s/); // a norm moves bytes; a FLOP count would mean little
    expectWgsl(s.wgsl[0]);
    expect(await page.$eval('#wgsl summary', (e) => e.textContent)).toMatch(/^pipeline norm\/.*kind=rms/);
    expect(s.runs).toBe(2);
  });

  it('runs every other kernel of the lab on its default shape within its tolerance', async () => {
    for (const name of ['gemv', 'attention', 'elementwise', 'embed', 'sample']) {
      expect(await runKernel(name), name).toBe('done');
      const s = await shown();
      expect(s.pass, `${name}: ${s.verdict}`).toBe('true');
      expect(s.wgsl.length, name).toBeGreaterThanOrEqual(1);
      s.wgsl.forEach(expectWgsl);
    }
    // Decode attention dispatches two pipelines: the key ranges, then their merge.
    expect(await runKernel('attention', { mode: 'decode', T: '1', S: '300' })).toBe('done');
    expect((await shown()).wgsl).toHaveLength(2);
    expect(await shownErrors(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('a shape the kernel refuses is a RangeError naming it; the next run works', async () => {
    expect(await runKernel('attention', { mode: 'prefill', HS: '6' })).toBe('error');
    expect(await page.$eval('#error', (e) => e.textContent)).toMatch(/^attention: HS = 6 must be a multiple of 4/);
    expect(await runKernel('attention', { HS: '8' })).toBe('done');
    expect(await shownErrors(page)).toEqual([]);
    // 2 * 1500^3 = 6.75 GFLOP: the CPU reference would hold the tab for many seconds, so the page refuses it.
    expect(await runKernel('matmul', { T: '1500', K: '1500', N: '1500' })).toBe('error');
    expect(await page.$eval('#error', (e) => e.textContent)).toMatch(/^x \(1500, 1500\) .* is 6\.8 GFLOP per call: the CPU reference would hold this tab/);
    // A tensor larger than the lab allocates is refused by its size, not by a typed array's RangeError.
    expect(await runKernel('elementwise', { op: 'add', n: '100000000' })).toBe('error');
    expect(await page.$eval('#error', (e) => e.textContent)).toBe('the shape asks for a tensor of 100,000,000 values, more than the lab allocates (67,108,864): pick a smaller shape');
    // Seen from the controls at the top: the error (the page's last element) shows in the window,
    // and the last run's verdict and timing, still on the page, are dimmed.
    await page.evaluate(() => window.scrollTo(0, 0));
    const shown = await page.$eval('#error', (e) => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; });
    expect(shown).toBe(true);
    for (const last of ['#verdict', '#timing']) expect(Number(await page.$eval(last, (e) => getComputedStyle(e).opacity)), last).toBeLessThan(1);
  });

  // The menu showed blank over matmul's page.
  it('a ?kernel= the lab has not shows its first kernel, selected, and says why', async () => {
    // The state says so too: it stayed 'ready', and a caller of ?autorun=1 waiting for 'done' or 'error' waited for ever.
    const other = await openPage(browser, `${url}/demos/kernel-lab/?kernel=matmull&autorun=1`, ['done', 'error']);
    try {
      expect(await other.page.evaluate(() => document.body.dataset.state)).toBe('error');
      expect(await other.page.$eval('#kernel', (s) => (s as HTMLSelectElement).value)).toBe('matmul');
      expect(await shownErrors(other.page)).toEqual([expect.stringMatching(/^\?kernel=matmull names no kernel of the lab \(matmul, .*\): matmul is shown instead$/)]);
    } finally {
      await other.page.close();
    }
  });

  it('fits a phone\'s width: nothing sticks out sideways', async () => {
    await page.setViewport({ width: 390, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    expect(await screenshot(browser, page, 'kernel-lab-narrow')).toBeGreaterThan(NON_BLANK_COLOURS);
  });
});
