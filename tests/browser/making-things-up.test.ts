// The making-things-up page in headless Chromium on default:shakespeare: one prompt continued at
// several temperatures, each column's tokens carrying the model's probability, the ones below the
// threshold marked as made up (and re-marked when the threshold moves); the temperature-0 column
// is the same whatever the seed, a hot column differs from it, and other temperatures give other
// columns; a prompt longer than the context is read from its end, an empty one asked for; Stop
// marks the column it cut and says which were not run; the lead explains the underlines at temperature 0; the prompt
// has a name and the temperatures field shows its value; no sideways scroll at phone width.

import type { Browser, Page } from 'puppeteer';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { startServer } from '../support/server.js';
import { expectEmptyPromptSaid, NON_BLANK_COLOURS, openPage, screenshot, shownErrors, waitForState } from './page-test.js';

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

async function fill(fields: Record<string, string>): Promise<void> {
  for (const [id, value] of Object.entries(fields)) await page.$eval(`#${id}`, (el, v) => { (el as HTMLInputElement).value = v; }, value);
}

async function generate(fields: Record<string, string>): Promise<Column[]> {
  await fill(fields);
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

  it('the lead says what an underline at temperature 0 means: even the likeliest token was below the threshold', async () => {
    expect(await page.$eval('.lead', (e) => e.textContent)).toMatch(/at temperature 0, a place where even the likeliest token was that unlikely/);
    const greedy = await page.$$('#columns .column[data-temperature="0"] .token.made-up');
    expect(greedy.length).toBeGreaterThan(0);
    for (const token of greedy) {
      await token.hover();
      expect(await page.$eval('#token-tip tbody tr', (row) => row.classList.contains('chosen'))).toBe(true); // the chosen token tops the model's list
    }
  });

  // A threshold with decimals was refused by the field's step="1" and the marks kept the last whole one.
  it('re-marks the tokens when the threshold moves, to a whole percentage or not', async () => {
    await page.$eval('#threshold', (el) => { (el as HTMLInputElement).value = '50'; el.dispatchEvent(new Event('input', { bubbles: true })); });
    for (const column of await columns()) expect(column.madeUp).toEqual(column.p.map((p) => p < 0.5));
    await page.$eval('#threshold', (el) => { (el as HTMLInputElement).value = '12.5'; el.dispatchEvent(new Event('input', { bubbles: true })); });
    for (const column of await columns()) expect(column.madeUp).toEqual(column.p.map((p) => p < 0.125));
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
    await fill({ temperatures: '0.7, 0.7', 'max-tokens': '200' });
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

  it('a prompt longer than the context is read from its end, leaving room to write; an empty one is asked for', async () => {
    const prompt = `ROMEO: ${'what light through yonder window breaks '.repeat(8)}`;
    const shown = await generate({ prompt, temperatures: '0, 2', 'max-tokens': '3' });
    expect(await shownErrors(page)).toEqual([]);
    expect(await page.$eval('#context-status', (e) => e.textContent)).toBe('The prompt is longer than the 63 tokens the model reads before it writes (its context holds 64): its first 264 are left out.');
    expect(await page.$$eval('#columns .prompt', (spans) => spans.map((s) => s.textContent))).toEqual([prompt.slice(-63), prompt.slice(-63)]);
    expect(shown.map((c) => c.p.length)).toEqual([3, 3]);
    await expectEmptyPromptSaid(page, 'Type a prompt: this model has no start-of-text token, so it needs at least one token to go on from.', '#columns .column');
  });

  it('a temperature the engine refuses fails before any column runs, the last run kept', async () => {
    const before = await columns();
    const was = await page.$eval('#temperatures', (el) => (el as HTMLInputElement).value);
    await fill({ temperatures: '0, 1e39' });
    try {
      await page.click('#run');
      expect(await waitForState(page, ['done', 'error'])).toBe('error');
      expect(await shownErrors(page)).toEqual(['"temperatures" must be at most 3.4e38, the largest float32, got 1e+39']); // the field's name (review AG)
      expect(await columns()).toEqual(before);
    } finally {
      await fill({ temperatures: was });
    }
  });

  // It covered Generate at 1280 x 800 with the page at its top: a second click landed on the error.
  it('an error box over the button just pressed scrolls the button above it', async () => {
    const was = await page.$eval('#temperatures', (el) => (el as HTMLInputElement).value);
    const viewport = page.viewport();
    await page.setViewport({ width: 1280, height: 800 });
    await fill({ temperatures: '0,0.5,0.7,1,1.5,2,3,5' });
    const runUncovered = () => page.$eval('#run', (run) => {
      const r = run.getBoundingClientRect();
      return { id: document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.id, below: r.bottom <= document.querySelector('#error')!.getBoundingClientRect().top };
    });
    try {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.focus('#run');
      await page.keyboard.press('Enter');
      expect(await waitForState(page, ['done', 'error'])).toBe('error');
      expect(await runUncovered()).toEqual({ id: 'run', below: true });
      // Pressed without taking the focus, as Safari presses a button: the press says which control it was.
      await page.evaluate(() => {
        (document.activeElement as HTMLElement | null)?.blur();
        window.scrollTo(0, 0);
        const run = document.getElementById('run')!;
        run.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
        run.click();
      });
      expect(await waitForState(page, ['done', 'error'])).toBe('error');
      expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
      expect(await runUncovered()).toEqual({ id: 'run', below: true });
    } finally {
      await fill({ temperatures: was });
      await page.setViewport(viewport);
    }
  });

  it('Stop marks the column it cut and says which columns it kept from running', async () => {
    await fill({ prompt: 'JULIET:\nO Romeo,', temperatures: '0, 0.7, 1.2, 2', 'max-tokens': '200' });
    // Stop as the first token shows, in the page: a click from here may come after the first column's 200.
    const stopped = page.evaluate(() => new Promise<void>((resolve) => {
      const watch = new MutationObserver(() => {
        if (!document.querySelector('#columns .token[data-p]')) return;
        watch.disconnect();
        document.getElementById('stop')!.click();
        resolve();
      });
      watch.observe(document.getElementById('columns')!, { childList: true, subtree: true });
    }));
    await page.click('#run');
    await stopped;
    expect(await waitForState(page, ['done', 'error'])).toBe('done');
    const shown = await columns();
    expect(shown[0]!.summary).toMatch(/^\d+ of \d+ tokens made up \(below 10 %\); stopped mid-column$/);
    expect(shown.slice(1).map((c) => [c.text, c.summary])).toEqual(Array(3).fill(['', 'not run: stopped before this column']));
    await fill({ 'max-tokens': String(TOKENS) });
  });

  it('the prompt has an accessible name; the temperatures field shows its whole value at 1280 px', async () => {
    expect((await page.accessibility.snapshot({ root: (await page.$('#prompt'))! }))?.name).toBe('prompt');
    await page.setViewport({ width: 1280, height: 800 });
    expect(await page.$eval('#temperatures', (e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  });

  it('a phone-wide window has no sideways scroll', async () => {
    await page.setViewport({ width: 390, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    expect(await screenshot(browser, page, 'making-things-up-narrow')).toBeGreaterThan(NON_BLANK_COLOURS);
    expect(errors).toEqual([]);
  });
});
