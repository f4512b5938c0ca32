// The "Tokens are vectors" page (demos/vectors/): its PCA and cosine functions in Node against
// hand-worked and constructed answers; then the page in headless Chromium on default:shakespeare:
// the number grid has T x C cells, the vocabulary map one dot per token with the prompt's tokens
// circled, the layer-by-layer similarity starts at 1; a new prompt redraws; no errors; a
// screenshot; no sideways scroll at 390 px.

import type { Browser, Page } from 'puppeteer';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosineSimilarity, principalComponents, project } from '../../demos/vectors/math.js';
import { launchChromium } from '../support/chromium.js';
import { startServer } from '../support/server.js';
import { expectEmptyPromptSaid, expectLongPromptCut, NON_BLANK_COLOURS, openPage, screenshot, shownErrors, tickLabels, waitForState } from './page-test.js';

/** |a . b| for unit vectors: 1 when they lie on one line, whatever the sign. */
const alignment = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.abs(Array.from(a).reduce((s, x, i) => s + x * b[i]!, 0));

describe('the vectors page\'s numbers', () => {
  it('finds the principal axes of four points worked by hand', () => {
    // (±3, 0) and (0, ±1): mean 0, variance 18/3 = 6 along x and 2/3 along y, total 20/3.
    const pca = principalComponents([3, 0, -3, 0, 0, 1, 0, -1], 4, 2, 2);
    expect(alignment(pca.components[0]!, [1, 0])).toBeCloseTo(1, 12);
    expect(alignment(pca.components[1]!, [0, 1])).toBeCloseTo(1, 12);
    expect(pca.variances[0]).toBeCloseTo(6, 10);
    expect(pca.variances[1]).toBeCloseTo(2 / 3, 10);
    expect(pca.totalVariance).toBeCloseTo(20 / 3, 12);
    expect(Math.abs(pca.projections[0]!)).toBeCloseTo(3, 10); // the point (3, 0) lies 3 along the first axis
  });

  it('recovers the two directions that data was built along, in a higher dimension', () => {
    // Eight points a u + b w + c z + offset, u, w, z orthonormal in 6-D, with the coefficients
    // a = 5 h1, b = 2 h2, c = 0.1 h3 along three Walsh sequences (zero mean, mutually orthogonal):
    // the covariance is exactly (8/7)(25 u uᵀ + 4 w wᵀ + 0.01 z zᵀ), so the components are u and w.
    const u = [1, 1, 1, 1, 0, 0].map((x) => x / 2);
    const w = [1, -1, 0, 0, 1, 1].map((x) => x / 2);
    const z = [0, 0, 1, -1, 0, 0].map((x) => x / Math.SQRT2);
    const offset = [2, -1, 0.5, 3, -2, 1];
    const walsh = [[1, 1, 1, 1, -1, -1, -1, -1], [1, 1, -1, -1, 1, 1, -1, -1], [1, -1, 1, -1, 1, -1, 1, -1]];
    const n = 8;
    const rows: number[] = [];
    for (let i = 0; i < n; i++) {
      const [a, b, c] = [5 * walsh[0]![i]!, 2 * walsh[1]![i]!, 0.1 * walsh[2]![i]!];
      rows.push(...offset.map((o, j) => o + a * u[j]! + b * w[j]! + c * z[j]!));
    }
    const pca = principalComponents(rows, n, 6, 2, { tolerance: 1e-12, maxIterations: 2000 });
    // Power iteration converges geometrically in the eigenvalue ratios (4/25, then 0.01/4): with a
    // 1e-12 step tolerance, 1e-9 is far inside what double precision reaches.
    expect(alignment(pca.components[0]!, u)).toBeCloseTo(1, 9);
    expect(alignment(pca.components[1]!, w)).toBeCloseTo(1, 9);
    expect(alignment(pca.components[0]!, pca.components[1]!)).toBeLessThan(1e-9);
    expect(pca.variances[0]).toBeCloseTo(25 * 8 / 7, 9);
    expect(pca.variances[1]).toBeCloseTo(4 * 8 / 7, 9);
    expect(pca.totalVariance).toBeCloseTo((25 + 4 + 0.01) * 8 / 7, 9);
    // project() of a fitted row gives that row's own projection.
    const again = project(pca, rows.slice(6 * 7, 6 * 8));
    expect(again[0]).toBeCloseTo(pca.projections[7 * 2]!, 10);
    expect(again[1]).toBeCloseTo(pca.projections[7 * 2 + 1]!, 10);
  });

  it('rejects shapes that do not fit', () => {
    expect(() => principalComponents([1, 2, 3], 2, 2)).toThrow(/n \* dim = 2 \* 2 numbers\), got 3/);
    expect(() => principalComponents([1, 2, 3, 4], 2, 2, 3)).toThrow(/k must be in \[1, 2\], got 3/);
  });

  it('gives the cosine of worked angles', () => {
    expect(cosineSimilarity([1, 2], [2, 4])).toBeCloseTo(1, 15);
    expect(cosineSimilarity([1, 0], [0, 3])).toBe(0);
    expect(cosineSimilarity([1, 1], [-2, -2])).toBeCloseTo(-1, 15);
    expect(cosineSimilarity([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 15);
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
  });
});

describe('the vectors page on default:shakespeare', () => {
  let server: ViteDevServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  interface Shown { T: number; C: number; mapped: number; similarity: number[][] }
  const shown = () => page.evaluate(() => (window as unknown as { __vectors: Shown }).__vectors);
  const count = (selector: string) => page.$$eval(selector, (els) => els.length);

  let url: string;

  beforeAll(async () => {
    ({ server, url } = await startServer());
    browser = await launchChromium();
    ({ page, errors } = await openPage(browser, `${url}/demos/vectors/?prompt=${encodeURIComponent('ROMEO: to be')}`));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the prompt\'s T x C grid, a dot per vocabulary token with the prompt\'s circled, and similarities starting at 1', async () => {
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
    expect(await shownErrors(page)).toEqual([]);
    expect(errors).toEqual([]);
    const { T, C, mapped, similarity } = await shown();
    expect([T, C, mapped]).toEqual([12, 96, 66]); // one token per character; the model's width and vocabulary
    expect(await count('#grid g.embedding-cells rect')).toBe(T * C);
    expect(await count('#map g.vocabulary circle')).toBe(66);
    expect(await count('#map g.prompt-tokens circle')).toBe(new Set('ROMEO: to be').size);
    expect(similarity).toHaveLength(T);
    for (const row of similarity) {
      expect(row).toHaveLength(3 + 1); // the input and 3 layers
      expect(row[0]).toBeCloseTo(1, 12); // each vector against itself
      row.forEach((cos) => expect(Math.abs(cos)).toBeLessThanOrEqual(1 + 1e-12));
    }
    // The layers do rewrite the vectors: somewhere the similarity has dropped.
    expect(Math.min(...similarity.map((row) => row[3]!))).toBeLessThan(0.99);
    expect(await count('#layers svg g[aria-label="line"] path')).toBe(T);
    expect(await screenshot(browser, page, 'vectors')).toBeGreaterThan(NON_BLANK_COLOURS);
  });

  it('redraws for a new prompt', async () => {
    await page.$eval('#prompt', (input) => { (input as HTMLInputElement).value = 'KING'; });
    await page.click('#run');
    expect(await waitForState(page, ['done', 'error'])).toBe('done');
    expect((await shown()).T).toBe(4);
    expect(await count('#grid g.embedding-cells rect')).toBe(4 * 96);
    expect(await count('#map g.prompt-tokens circle')).toBe(4);
    expect(await shownErrors(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  // It was "RangeError: the input is empty (text that encodes to no tokens and no BOS) ..." over the last prompt's charts.
  it('an empty prompt says in words what it needs and clears the charts, with no error', async () => {
    await expectEmptyPromptSaid(page, 'Type some text: there is no token to show the vectors of.', '#grid svg, #map svg, #layers svg');
    expect(errors).toEqual([]);
  });

  it('shows the last tokens of a prompt longer than the context, and says so', async () => {
    await expectLongPromptCut(page, async () => (await shown()).T);
  });

  // Review AG: "<|start_story|>" ran out of the grid's left edge, once BOS had a label of its own.
  it('on TinyStories-656K, labels BOS and the leading space, each cut to fit inside the grid', async () => {
    const opened = await openPage(browser, `${url}/demos/vectors/?model=/shared-data/tinystories656K/&prompt=${encodeURIComponent('Once upon a time')}`);
    try {
      expect(await waitForState(opened.page, ['ready', 'error'])).toBe('ready');
      const labels = await tickLabels(opened.page, '#grid');
      const rows = labels.filter((l) => !/^\d+$/.test(l.text)); // the tokens, not the dimensions
      expect(rows[0]!.text).toMatch(/^<\|/); // BOS, <|start_story|> whole or cut
      expect(rows.map((l) => l.text)).not.toContain('∅');
      expect(labels.filter((l) => !l.inside)).toEqual([]);
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.page.close();
    }
  });

  it('fits a 390 px window without sideways scroll', async () => {
    await page.setViewport({ width: 390, height: 800 });
    await page.waitForFunction(() => document.querySelector('#map svg')!.getBoundingClientRect().width <= 390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    // The charts redraw for the new width (ResizeObserver): let them settle before the full-page screenshot measures the page.
    await page.evaluate(() => new Promise((settled) => requestAnimationFrame(() => requestAnimationFrame(settled))));
    expect(await screenshot(browser, page, 'vectors-narrow')).toBeGreaterThan(NON_BLANK_COLOURS);
  });
});
