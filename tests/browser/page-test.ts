// What every demo page test does: open a page collecting page errors and console errors (the
// engine worker's included: puppeteer reports a page's workers with it), wait for the page's
// body[data-state], read the error boxes, write a screenshot to .artifacts/screenshots/<name>.png
// checked to be more than a blank page, and check a prompt page cuts a long prompt. Not a test file.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer';
import { expect } from 'vitest';

/** Long enough for a model load with its shader compiles on SwiftShader on a busy 2-core machine. */
export const PAGE_TIMEOUT = 240_000;

export const SCREENSHOTS = '.artifacts/screenshots';

export interface OpenedPage {
  page: Page;
  /** Uncaught errors and console errors, in order. */
  errors: string[];
}

/**
 * Opens `url` in a new tab and waits until the page is in one of `states` (body[data-state]);
 * `beforeLoad` prepares the tab first (page.evaluateOnNewDocument, say).
 */
export async function openPage(
  browser: Browser,
  url: string,
  states: string[] = ['ready', 'done', 'error'],
  beforeLoad?: (page: Page) => Promise<unknown>,
): Promise<OpenedPage> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await beforeLoad?.(page);
  await page.goto(url);
  await waitForState(page, states);
  return { page, errors };
}

/** Waits until body[data-state] is one of `states`; returns it. */
export async function waitForState(page: Page, states: string[], timeout = PAGE_TIMEOUT): Promise<string> {
  await page.waitForFunction((s: string[]) => s.includes(document.body.dataset.state ?? ''), { timeout, polling: 50 }, states);
  return page.evaluate(() => document.body.dataset.state ?? '');
}

/** The text of every error box the page shows (hidden ones left out). */
export function shownErrors(page: Page): Promise<string[]> {
  return page.$$eval('.error', (boxes) => boxes.filter((b) => !(b as HTMLElement).hidden && b.textContent).map((b) => b.textContent!));
}

/**
 * Writes the full-page screenshot to .artifacts/screenshots/<name>.png and returns how many
 * distinct colours it holds (decoded by the browser itself, in a blank tab): a blank or
 * half-rendered page has a handful, a page of text and controls hundreds.
 */
export async function screenshot(browser: Browser, page: Page, name: string): Promise<number> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const png = await page.screenshot({ fullPage: true, encoding: 'base64' });
  writeFileSync(join(SCREENSHOTS, `${name}.png`), Buffer.from(png, 'base64'));
  const decoder = await browser.newPage();
  try {
    return await decoder.evaluate(async (base64: string) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const image = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const context = new OffscreenCanvas(image.width, image.height).getContext('2d')!;
      context.drawImage(image, 0, 0);
      const pixels = new Uint32Array(context.getImageData(0, 0, image.width, image.height).data.buffer);
      return new Set(pixels).size;
    }, png);
  } finally {
    await decoder.close();
  }
}

/** Fewer distinct colours than this is a blank page, or one showing a line of text at most. */
export const NON_BLANK_COLOURS = 100;

/**
 * A prompt page (#prompt, #run, #context-status) given 100 characters, past default:shakespeare's
 * 64-token context: it runs on the last 64 tokens (`tokensShown`) and says how many it left out.
 */
/**
 * A prompt page given an empty prompt: no error, `said` in #context-status, and nothing left
 * matching `drawn` (the last prompt's drawing is cleared).
 */
export async function expectEmptyPromptSaid(page: Page, said: string, drawn: string): Promise<void> {
  await page.$eval('#prompt', (input) => { (input as HTMLInputElement).value = ''; });
  await page.click('#run');
  expect(await waitForState(page, ['done', 'error'])).toBe('done');
  expect(await shownErrors(page)).toEqual([]);
  expect(await page.$eval('#context-status', (e) => e.textContent)).toBe(said);
  expect(await page.$$eval(drawn, (els) => els.length)).toBe(0);
}

export async function expectLongPromptCut(page: Page, tokensShown: () => Promise<number>): Promise<void> {
  await page.$eval('#prompt', (input) => { (input as HTMLInputElement).value = 'KING '.repeat(20); });
  await page.click('#run');
  expect(await waitForState(page, ['done', 'error'])).toBe('done');
  expect(await shownErrors(page)).toEqual([]);
  expect(await tokensShown()).toBe(64);
  expect(await page.$eval('#context-status', (e) => e.textContent)).toMatch(/^The prompt is longer than the 64 tokens the model reads at once: its first 3[67] are left out\.$/);
}

/**
 * The axis tick labels of the charts `selector` matches, each with whether it lies inside its
 * chart's svg (to half a pixel): a label drawn past the svg's edge is cut off on screen.
 */
export async function tickLabels(page: Page, selector: string): Promise<Array<{ text: string; inside: boolean }>> {
  return page.$$eval(`${selector} g[aria-label$="tick label"] text`, (texts) => texts.map((text) => {
    const svg = text.closest('svg')!.getBoundingClientRect();
    const r = text.getBoundingClientRect();
    const inside = r.left >= svg.left - 0.5 && r.right <= svg.right + 0.5 && r.top >= svg.top - 0.5 && r.bottom <= svg.bottom + 0.5;
    return { text: text.textContent ?? '', inside };
  }));
}
