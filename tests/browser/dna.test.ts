// The DNA page in headless Chromium on default:dna: the model continues the starting sequence by
// N bases of A, C, G, T (or N), shown coloured by base after the faded start; the probability
// track has one point per generated base; GC content and the 3-mer spectrum show the generated
// and the real bases (64 bars each); no sideways scroll at phone width.

import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'puppeteer';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { dataPath } from '../support/data.js';
import { startServer } from '../support/server.js';
import { NON_BLANK_COLOURS, openPage, screenshot, shownErrors } from './page-test.js';

const START = 'GATCACAGGTCTATCACCCTATTAACCACTCACGGGAGCTCTCCATGCATTTGGTATTTT';
/** Past the model's 64-base context, so the window has to move on. */
const BASES = 80;
// The real sequence pasted into the page: human mtDNA right after the starting 60 bases, as ../shared/data holds it.
const GENOME = readFileSync(dataPath('dna/MT-human.fa'), 'utf8').split('\n').filter((line) => !line.startsWith('>')).join('');
const REAL = GENOME.slice(60, 60 + BASES);
/** As NCBI gives it: the header line's letters (N, C, G, ...) are not bases. */
const PASTED = `>NC_012920.1 Homo sapiens mitochondrion, complete genome\n${REAL}`;

let browser: Browser;
let server: ViteDevServer;
let page: Page;
let errors: string[];
let url: string;

beforeAll(async () => {
  ({ server, url } = await startServer());
  browser = await launchChromium();
  ({ page, errors } = await openPage(browser, `${url}/demos/dna/?bases=${BASES}&seed=1&real=${encodeURIComponent(PASTED)}&autorun=1`, ['done', 'error']));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('DNA on default:dna', () => {
  it('continues the sequence by N bases, each A, C, G, T or N, coloured by base', async () => {
    expect(await shownErrors(page)).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.$eval('#model-status', (e) => e.textContent)).toMatch(/^DNA, base by base: llama /);
    expect(await page.$eval('#output .prompt', (e) => e.textContent)).toBe(START);
    const bases = await page.$$eval('#output > .token', (spans) => spans.map((s) => ({ text: s.textContent, coloured: s.classList.contains(`base-${s.textContent}`), p: Number((s as HTMLElement).dataset.p) })));
    expect(bases).toHaveLength(BASES);
    expect(bases.map((b) => b.text).join('')).toMatch(new RegExp(`^[ACGTN]{${BASES}}$`));
    expect(bases.every((b) => b.coloured && b.p > 0 && b.p <= 1)).toBe(true);
    expect(await page.$eval('#stats', (e) => (e as HTMLElement).dataset.bases)).toBe(String(BASES));
  });

  it('draws one track point per generated base, GC content for both sequences, and 64 spectrum bars per sequence', async () => {
    expect(await page.$$eval('#track svg g[aria-label="dot"] circle', (dots) => dots.length)).toBe(BASES);
    expect(await page.$$eval('#gc svg g[aria-label="bar"] rect', (bars) => bars.length)).toBe(2);
    // GC content recomputed here: of the bases the page shows, and of the real sequence pasted in.
    const generated = await page.$$eval('#output > .token', (spans) => spans.map((s) => s.textContent).join(''));
    const gc = (bases: string) => (100 * [...bases].filter((b) => b === 'G' || b === 'C').length / [...bases].filter((b) => 'ACGT'.includes(b)).length).toFixed(1);
    expect(await page.$$eval('#gc svg g[aria-label="text"] text', (texts) => texts.map((t) => t.textContent))).toEqual([
      `generated: ${gc(generated)} %`,
      `real (pasted, ${BASES} bases): ${gc(REAL)} %`,
    ]);
    const perPanel = await page.$$eval('#spectrum svg g[aria-label="bar"] > g', (panels) => panels.map((g) => g.querySelectorAll('rect').length));
    expect(perPanel).toEqual([64, 64]);
    // A few dozen bases make a noisy spectrum: the stats line says so (BASES is far under 1,000).
    expect(await page.$eval('#stats', (e) => e.textContent)).toContain('3-mer spectra of fewer than 1,000 bases are rough (64 bars): generate more bases and paste a longer real sequence');
    expect(await screenshot(browser, page, 'dna')).toBeGreaterThan(NON_BLANK_COLOURS);
  });

  it('a phone-wide window has no sideways scroll, and the GC labels longer than their bars stay legible', async () => {
    await page.setViewport({ width: 390, height: 800 });
    // The charts redraw on resize (a ResizeObserver), styling the new labels after they are in place:
    // read them once the redrawn chart fits and its labels are styled, in one go.
    const styled = await page.waitForFunction(() => {
      const svg = document.querySelector('#gc svg');
      const texts = [...document.querySelectorAll('#gc svg g[aria-label="text"] text')];
      const labels = texts.map((t) => ({ fill: getComputedStyle(t).fill, halo: getComputedStyle(t).stroke }));
      const settled = !!svg && svg.getBoundingClientRect().width <= svg.parentElement!.clientWidth && labels.length === 2 && labels.every((l) => l.fill !== '');
      return settled && labels;
    }, { timeout: 10_000 });
    const labels = await styled.jsonValue();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    // A label longer than its bar (a short GC share, a phone's width) runs onto the white page: it was
    // white text. Dark text with a white halo reads on the bar and past it.
    expect(labels).toEqual([{ fill: 'rgb(0, 0, 0)', halo: 'rgb(255, 255, 255)' }, { fill: 'rgb(0, 0, 0)', halo: 'rgb(255, 255, 255)' }]);
    expect(await screenshot(browser, page, 'dna-narrow')).toBeGreaterThan(NON_BLANK_COLOURS);
    expect(errors).toEqual([]);
  });

  // Letters that are no bases were dropped in silence, and an all-text paste compared against the starting bases instead.
  it('a real sequence with letters that are no bases is refused by name, as is a bad number of bases; ambiguity codes are left out and counted', async () => {
    // Placed in the text as typed, header and spaces counted (it was the letter's number in the cleaned sequence), and shown as typed (it was upper-cased).
    const refused = await openPage(browser, `${url}/demos/dna/?bases=4&seed=1&real=${encodeURIComponent('>chrM\nACGT hello')}&autorun=1`, ['done', 'error']);
    try {
      expect(await shownErrors(refused.page)).toEqual(['the real sequence to compare with may hold only bases (A, C, G, T, N, or the ambiguity codes R Y K M S W B D H V), but has "e" at line 2, column 7: remove it']);
    } finally {
      await refused.page.close();
    }
    // The engine's option name, maxTokens, named no field of this page.
    const none = await openPage(browser, `${url}/demos/dna/?bases=0&autorun=1`, ['done', 'error']);
    try {
      expect(await shownErrors(none.page)).toEqual(['"bases" must be a positive integer, got 0']);
    } finally {
      await none.page.close();
    }
    // A bad number is refused before the last run is cleared, as a bad sequence is (review AG: bases 0 wiped the output, stats and charts).
    const kept = await openPage(browser, `${url}/demos/dna/?bases=6&seed=1&autorun=1`, ['done', 'error']);
    try {
      const before = await kept.page.$eval('#output', (e) => e.textContent);
      const stats = await kept.page.$eval('#stats', (e) => e.textContent);
      await kept.page.$eval('#bases', (input) => { (input as HTMLInputElement).value = '0'; });
      await kept.page.click('#run');
      await kept.page.waitForFunction(() => document.getElementById('error')!.textContent !== '');
      expect(await shownErrors(kept.page)).toEqual(['"bases" must be a positive integer, got 0']);
      expect([await kept.page.$eval('#output', (e) => e.textContent), await kept.page.$eval('#stats', (e) => e.textContent)]).toEqual([before, stats]);
    } finally {
      await kept.page.close();
    }
    // The advice names only the sequence that is short: here the generated one (it said to paste a longer real one too).
    const longReal = await openPage(browser, `${url}/demos/dna/?bases=4&seed=1&real=${GENOME.slice(0, 1200)}&autorun=1`, ['done', 'error']);
    try {
      expect(await longReal.page.$eval('#stats', (e) => e.textContent)).toMatch(/ · 3-mer spectra of fewer than 1,000 bases are rough \(64 bars\): generate more bases$/);
    } finally {
      await longReal.page.close();
    }
    const ambiguous = await openPage(browser, `${url}/demos/dna/?bases=4&seed=1&real=${encodeURIComponent('ACGTRYACGT')}&autorun=1`, ['done', 'error']);
    try {
      expect(await shownErrors(ambiguous.page)).toEqual([]);
      expect(await ambiguous.page.$eval('#gc', (e) => e.textContent)).toContain('real (pasted, 8 bases; 2 ambiguity codes left out)');
    } finally {
      await ambiguous.page.close();
    }
  });

  it('a starting sequence longer than the context runs from its end, and says so', async () => {
    const long = GENOME.slice(0, 100); // the context holds 64 tokens
    const opened = await openPage(browser, `${url}/demos/dna/?sequence=${long}&bases=4&seed=1&autorun=1`, ['done', 'error']);
    try {
      expect(await shownErrors(opened.page)).toEqual([]);
      expect(await opened.page.$eval('#output .prompt', (e) => e.textContent)).toBe(long);
      expect(await opened.page.$eval('#stats', (e) => e.textContent)).toMatch(/from the last 6\d of the 100 starting bases \(all the model's context holds\)/);
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.page.close();
    }
  });
});
