// The logit-lens page in headless Chromium: it opens on default:shakespeare with a grid of
// (nLayers + 1) x T cells, nLayers read from the page (the model's config) and T the text's
// tokens; its last row is the model's own output: each cell's top token equals the top of a
// plain model.inspect() by an engine of the test's own; hovering a cell shows its top 3; editing
// the text redraws the grid; a phone's width turns the grid and scrolls nothing sideways.

import type { Browser, Page } from 'puppeteer';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { startServer } from '../support/server.js';
import { NON_BLANK_COLOURS, openPage, PAGE_TIMEOUT, screenshot, shownErrors, waitForState } from './page-test.js';

let browser: Browser;
let server: ViteDevServer;
let page: Page;
let errors: string[];

beforeAll(async () => {
  const { server: started, url } = await startServer();
  server = started;
  browser = await launchChromium();
  // Wide enough for a column per token (the narrow layout is checked last).
  ({ page, errors } = await openPage(browser, `${url}/demos/logit-lens/`, undefined, (tab) => tab.setViewport({ width: 1200, height: 900 })));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Grid {
  layers: number;
  positions: number;
  text: string;
  /** Each cell's aria-label: "<row>, position <n> (after “<token>”): <top token> <p>%". */
  labels: string[];
}

const readGrid = (): Promise<Grid> => page.$eval('#grid', (grid) => ({
  layers: Number((grid as HTMLElement).dataset.layers),
  positions: Number((grid as HTMLElement).dataset.positions),
  text: (grid as HTMLElement).dataset.text ?? '',
  labels: [...grid.querySelectorAll('g[aria-label="cell"] rect')].map((r) => r.getAttribute('aria-label') ?? ''),
}));

/** The top tokens a row of the grid shows, by position (whitespace as the page shows it). */
function rowTops(grid: Grid, row: string): string[] {
  const tops: string[] = [];
  for (const label of grid.labels) {
    const m = label.match(/^(.+?), position (\d+) \(after “.*”\): (.*) [\d.]+%$/);
    expect(m, label).not.toBeNull();
    if (m![1] === row) tops[Number(m![2]) - 1] = m![3]!;
  }
  return tops;
}

describe('logit-lens on default:shakespeare', () => {
  it('opens with a (nLayers + 1) x T grid whose last row is the model\'s own output', async () => {
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
    expect(await shownErrors(page)).toEqual([]);
    expect(errors).toEqual([]);
    const grid = await readGrid();
    expect(await page.$eval('#model-status', (e) => e.textContent)).toContain(` · ${grid.layers} layers · `);
    expect(grid.text).toBe(await page.$eval('#text', (e) => (e as HTMLTextAreaElement).value));
    expect(grid.labels).toHaveLength((grid.layers + 1) * grid.positions);

    // The model's output by an engine worker of the test's own, loading default:shakespeare as the
    // page does (a string: vitest would rewrite a dynamic import() written here for Node).
    const expected = await page.evaluate(`(async () => {
      const { connectEngine } = await import('/src/worker/client.ts');
      const { visibleText } = await import('/demos/kit/labels.ts');
      const engine = await connectEngine(new Worker('/src/worker/worker.ts', { type: 'module' }), { modelsBase: new URL('../models/', location.href).href });
      const model = await engine.load('default:shakespeare');
      const { ids, top } = await model.inspect(${JSON.stringify(grid.text)}, { topK: 1 });
      engine.destroy();
      return { positions: ids.length, tops: top.text.map((t) => visibleText(t) || '∅') };
    })()`) as { positions: number; tops: string[] };
    expect(grid.positions).toBe(expected.positions);
    expect(rowTops(grid, `layer ${grid.layers}`)).toEqual(expected.tops);
    expect(rowTops(grid, 'embedding')).toHaveLength(grid.positions); // every row is there, embedding first
    expect(await screenshot(browser, page, 'logit-lens')).toBeGreaterThan(NON_BLANK_COLOURS);
  });

  it('hovering a cell shows its top 3 tokens', async () => {
    const cells = await page.$$('#grid g[aria-label="cell"] rect');
    await cells[cells.length - 1]!.hover();
    await page.waitForSelector('#grid g[aria-label="tip"] text', { timeout: 10_000 });
    const tip = await page.$eval('#grid g[aria-label="tip"] text', (t) => [...t.querySelectorAll('tspan')].map((s) => (s.textContent ?? '').replace(/\u200b/g, ''))); // Plot pads lines with zero-width spaces
    expect(tip[0]).toMatch(/^layer \d+, after “.+”$/);
    expect(tip.slice(1)).toHaveLength(3);
    for (const line of tip.slice(1)) expect(line).toMatch(/^.+ {2}[\d.]+%$/);
    await page.mouse.move(0, 0);
  });

  it('editing the text redraws the grid for its tokens', async () => {
    const before = await readGrid();
    const edited = 'ROMEO:\nWhat is the matter?';
    await page.$eval('#text', (e, v) => { (e as HTMLTextAreaElement).value = v; e.dispatchEvent(new Event('input')); }, edited);
    await page.waitForFunction((t: string) => document.getElementById('grid')!.dataset.text === t, { timeout: PAGE_TIMEOUT, polling: 50 }, edited);
    expect(await waitForState(page, ['done', 'error'])).toBe('done');
    const after = await readGrid();
    expect(after.positions).toBe(edited.length); // one token per character
    expect(after.labels).toHaveLength((before.layers + 1) * edited.length);
    expect(await page.$eval('#text-status', (e) => e.textContent)).toBe(`${edited.length} tokens × ${before.layers + 1} rows (the embedding and ${before.layers} layers).`);
    // One character: one token, in the singular.
    await page.$eval('#text', (e) => { (e as HTMLTextAreaElement).value = 'K'; e.dispatchEvent(new Event('input')); });
    await page.waitForFunction(() => document.getElementById('grid')!.dataset.text === 'K', { timeout: PAGE_TIMEOUT, polling: 50 });
    expect(await waitForState(page, ['done', 'error'])).toBe('done');
    expect(await page.$eval('#text-status', (e) => e.textContent)).toBe(`1 token × ${before.layers + 1} rows (the embedding and ${before.layers} layers).`);
    expect(await shownErrors(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('fits a phone\'s width: the grid turns, keeps every cell, and nothing scrolls sideways', async () => {
    await page.setViewport({ width: 390, height: 800 });
    await page.waitForFunction(() => document.getElementById('grid')!.clientWidth < 390); // the grid redrew for its new width
    const grid = await readGrid();
    expect(grid.labels).toHaveLength((grid.layers + 1) * grid.positions);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    expect(await screenshot(browser, page, 'logit-lens-narrow')).toBeGreaterThan(NON_BLANK_COLOURS);
  });
});
