// The making-things-up page in headless Chromium on default:shakespeare: one prompt continued at
// several temperatures, each column's tokens carrying the model's probability, the ones below the
// threshold marked as made up (and re-marked when the threshold moves); the temperature-0 column
// is the same whatever the seed, a hot column differs from it, and other temperatures give other
// columns; no sideways scroll at phone width.

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

const TOKENS = 30;

beforeAll(async () => {
  let url: string;
  ({ server, url } = await startServer());
  browser = await launchChromium();
  ({ page, errors } = await openPage(browser, `${url}/demos/making-things-up/?max-tokens=${TOKENS}&seed=1&autorun=1`, ['done', 'error']));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Column {
  temperature: string;
  text: string;
  p: number[];
  madeUp: boolean[];
  summary: string;
}

const columns = (): Promise<Column[]> => page.$$eval('#columns .column', (sections) => sections.map((s) => {
  const spans = [...s.querySelectorAll<HTMLElement>('.token[data-p]')];
  return {
    temperature: (s as HTMLElement).dataset.temperature ?? '',
    text: spans.map((x) => x.textContent).join(''),
    p: spans.map((x) => Number(x.dataset.p)),
    madeUp: spans.map((x) => x.classList.contains('made-up')),
    summary: s.querySelector('.summary')?.textContent ?? '',
  };
}));

async function generate(fields: Record<string, string>): Promise<Column[]> {
  for (const [id, value] of Object.entries(fields)) await page.$eval(`#${id}`, (el, v) => { (el as HTMLInputElement).value = v; }, value);
  await page.click('#run');
  expect(await waitForState(page, ['done', 'error'])).toBe('done');
  return columns();
}

describe('making things up on default:shakespeare', () => {
  it('continues the prompt at each temperature, every token with its probability, the unlikely ones marked', async () => {
    expect(await shownErrors(page)).toEqual([]);
    expect(errors).toEqual([]);
    const shown = await columns();
    expect(shown.map((c) => c.temperature)).toEqual(['0', '0.7', '1.2', '2']);
    for (const column of shown) {
      expect(column.p, column.temperature).toHaveLength(TOKENS); // one character per token, each with its probability
      expect(column.p.every((p) => p > 0 && p <= 1)).toBe(true);
      expect(column.madeUp).toEqual(column.p.map((p) => p < 0.1));
      expect(column.summary).toBe(`${column.madeUp.filter(Boolean).length} of ${TOKENS} tokens made up (below 10 %)`);
    }
    // At temperature 2 the model picks from a flattened distribution: some picks are ones it found unlikely.
    expect(shown[3]!.madeUp.some(Boolean)).toBe(true);
    expect(await page.$$eval('#chart svg g[aria-label="tick"] line', (ticks) => ticks.length)).toBe(4 * TOKENS);
    expect(await screenshot(browser, page, 'making-things-up')).toBeGreaterThan(NON_BLANK_COLOURS);
  });

  it('re-marks the tokens when the threshold moves', async () => {
    await page.$eval('#threshold', (el) => { (el as HTMLInputElement).value = '50'; el.dispatchEvent(new Event('input', { bubbles: true })); });
    for (const column of await columns()) expect(column.madeUp).toEqual(column.p.map((p) => p < 0.5));
    await page.$eval('#threshold', (el) => { (el as HTMLInputElement).value = '10'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  });

  it('temperature 0 gives the same column for any seed; a hot column differs from it; other temperatures, other columns', async () => {
    const first = await columns();
    const again = await generate({ seed: '2' });
    expect(again[0]!.text).toBe(first[0]!.text); // greedy: the seed plays no part
    expect(again[3]!.text).not.toBe(again[0]!.text);
    expect(again[3]!.text).not.toBe(first[3]!.text); // another seed, another sample
    const other = await generate({ temperatures: '0, 1.5', seed: '1' });
    expect(other.map((c) => c.temperature)).toEqual(['0', '1.5']);
    expect(other[0]!.text).toBe(first[0]!.text);
    expect(other[1]!.text).not.toBe(other[0]!.text);
    expect(await shownErrors(page)).toEqual([]);
  });

  it('a threshold moved while a run goes on holds when the run ends; a temperature given twice keeps two chart rows', async () => {
    for (const [id, value] of Object.entries({ temperatures: '0.7, 0.7', 'max-tokens': '200' })) await page.$eval(`#${id}`, (el, v) => { (el as HTMLInputElement).value = v; }, value);
    await page.click('#run');
    await page.waitForSelector('#columns .column .token[data-p]'); // the first column is being written
    await page.$eval('#threshold', (el) => { (el as HTMLInputElement).value = '50'; el.dispatchEvent(new Event('input', { bubbles: true })); });
    expect(await waitForState(page, ['done', 'error'])).toBe('done');
    const shown = await columns();
    for (const column of shown) {
      expect(column.summary).toMatch(/\(below 50 %\)$/);
      expect(column.madeUp).toEqual(column.p.map((p) => p < 0.5));
    }
    expect(await page.$$eval('#columns .column h2', (h) => h.map((e) => e.textContent))).toEqual(['temperature 0.7 (#1)', 'temperature 0.7 (#2)']);
    expect(await page.$$eval('#chart svg g[aria-label="y-axis tick label"] text', (t) => t.length)).toBe(2);
    await page.$eval('#threshold', (el) => { (el as HTMLInputElement).value = '10'; el.dispatchEvent(new Event('input', { bubbles: true })); });
    await generate({ temperatures: '0, 0.7, 1.2, 2', 'max-tokens': String(TOKENS) });
  });

  it('a phone-wide window has no sideways scroll', async () => {
    await page.setViewport({ width: 390, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    expect(await screenshot(browser, page, 'making-things-up-narrow')).toBeGreaterThan(NON_BLANK_COLOURS);
    expect(errors).toEqual([]);
  });
});
