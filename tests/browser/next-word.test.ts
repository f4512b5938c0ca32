// The next-word page in headless Chromium: it opens on default:shakespeare with bars of the
// likeliest next tokens; clicking a bar appends exactly that bar's token to the context and the
// bars change; editing the context redraws them; a context longer than the model's is cut to its
// last tokens instead of failing; no sideways scroll at a phone's width; an edit made while the
// model's first draw runs is drawn once the load ends.

import type { Browser, Page } from 'puppeteer';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { startServer } from '../support/server.js';
import { NON_BLANK_COLOURS, openPage, PAGE_TIMEOUT, screenshot, shownErrors, waitForState } from './page-test.js';

let browser: Browser;
let server: ViteDevServer;
let serverUrl: string;
let page: Page;
let errors: string[];

beforeAll(async () => {
  ({ server, url: serverUrl } = await startServer());
  browser = await launchChromium();
  ({ page, errors } = await openPage(browser, `${serverUrl}/demos/next-word/`));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The bars' <title>s in rank order: "token  12.3%", whitespace shown as ␣ ⏎ ⇥. */
const barTitles = () => page.$$eval('#chart g[aria-label="bar"] rect', (rects) => rects.map((r) => r.querySelector('title')?.textContent ?? ''));
/** A bar title's token as the text it adds (visibleText undone). */
const tokenOf = (title: string) => title.replace(/ {2}[\d.]+%$/, '').replace(/␣/g, ' ').replace(/⏎/g, '\n').replace(/⇥/g, '\t');
const contextText = () => page.$eval('#context', (e) => (e as HTMLTextAreaElement).value);

/** Waits until the bars are drawn for `text` and the page is idle again. */
async function barsFor(text: string): Promise<void> {
  await page.waitForFunction((t: string) => document.getElementById('chart')!.dataset.context === t, { timeout: PAGE_TIMEOUT, polling: 50 }, text);
  expect(await waitForState(page, ['ready', 'done', 'error'])).not.toBe('error');
}

describe('next-word on default:shakespeare', () => {
  it('opens with the 15 likeliest next tokens as bars, most likely first', async () => {
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
    expect(await shownErrors(page)).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.$eval('#model-status', (e) => e.textContent)).toMatch(/^Shakespeare, character by character: llama /);
    expect(await page.$eval('#chart', (e) => (e as HTMLElement).dataset.context)).toBe(await contextText());
    const titles = await barTitles();
    expect(titles).toHaveLength(15);
    const p = titles.map((t) => Number(t.match(/([\d.]+)%$/)![1]));
    expect(p).toEqual([...p].sort((a, b) => b - a));
    expect(p[0]).toBeGreaterThan(50); // the default context was picked for a confident model ("my lo" -> "r")
    expect(await page.$eval('#context-status', (e) => e.textContent)).toMatch(/^\d+ tokens of the 64 the model can read at once\.$/);
    expect(await screenshot(browser, page, 'next-word')).toBeGreaterThan(NON_BLANK_COLOURS);
  });

  it('clicking a bar appends exactly that bar\'s token, and the bars change', async () => {
    const before = await contextText();
    const titles = await barTitles();
    const bars = await page.$$('#chart g[aria-label="bar"] rect');
    await bars[2]!.click(); // not the likeliest: the click must find its own row
    const appended = before + tokenOf(titles[2]!);
    await barsFor(appended);
    expect(await contextText()).toBe(appended);
    expect(await barTitles()).not.toEqual(titles);
    expect(await shownErrors(page)).toEqual([]);
  });

  it('from the keyboard: Tab reaches the chart, and a digit appends the token of that rank', async () => {
    const before = await contextText();
    const titles = await barTitles();
    await page.focus('#context');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('#chart') !== null)).toBe(true);
    await page.keyboard.press('2');
    const appended = before + tokenOf(titles[1]!);
    await barsFor(appended);
    expect(await contextText()).toBe(appended);
    // The new chart has the focus: the next digit appends again.
    const next = await barTitles();
    await page.keyboard.press('1');
    await barsFor(appended + tokenOf(next[0]!));
  });

  it('editing the context moves the distribution (after a pause in typing); an empty one asks for text', async () => {
    const titles = await barTitles();
    await page.$eval('#context', (e) => { (e as HTMLTextAreaElement).value = ''; e.dispatchEvent(new Event('input')); });
    await barsFor(''); // this model has no BOS token to start from
    expect(await barTitles()).toEqual([]);
    expect(await page.$eval('#context-status', (e) => e.textContent)).toMatch(/^Type some text/);
    expect(await shownErrors(page)).toEqual([]);
    await page.type('#context', 'ROMEO:\nI t');
    await barsFor('ROMEO:\nI t');
    expect(await barTitles()).not.toEqual(titles);
  });

  it('a context longer than the model\'s is read from its last 64 tokens, without an error', async () => {
    const long = 'ROMEO:\nWhat light through yonder window breaks? It is the east, and Juliet is the sun.\nARISE';
    await page.$eval('#context', (e, v) => { (e as HTMLTextAreaElement).value = v; e.dispatchEvent(new Event('input')); }, long);
    await barsFor(long);
    expect(await page.$eval('#context-status', (e) => e.textContent)).toBe(`64 tokens of the 64 the model can read at once: the first ${long.length - 64} are left out.`);
    expect(await barTitles()).toHaveLength(15);
    expect(await shownErrors(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('names typed characters outside the model\'s alphabet, which it reads as its unknown token', async () => {
    const text = 'ROMEO:\nCaf\u00e9 \u2603 ';
    await page.$eval('#context', (e, v) => { (e as HTMLTextAreaElement).value = v; e.dispatchEvent(new Event('input')); }, text);
    await barsFor(text);
    expect(await page.$eval('#context-status', (e) => e.textContent)).toBe(`${[...text].length} tokens of the 64 the model can read at once. This model's alphabet has no “é” “☃”: it reads each of them as its unknown token.`);
  });

  it('fits a phone\'s width: no sideways scroll', async () => {
    await page.setViewport({ width: 390, height: 800 });
    await page.waitForFunction(() => document.getElementById('chart')!.clientWidth < 390); // the chart redrew for its new width
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    expect(await screenshot(browser, page, 'next-word-narrow')).toBeGreaterThan(NON_BLANK_COLOURS);
  });
});

describe('next-word while the model loads', () => {
  it('an edit made while the first draw runs is drawn once the load ends', async () => {
    // A slow GPU: each inspect reaches the worker 1.5 s late, so the load's own draw (from the text
    // as it was) is still running when the edit comes.
    const delayInspect = (p: Page) => p.evaluateOnNewDocument(() => {
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
        let inspect = false;
        try {
          inspect = JSON.stringify(message).includes('inspect');
        } catch { /* not JSON: a transfer */ }
        if (inspect) setTimeout(() => post.call(this, message, ...(rest as [])), 1500);
        else post.call(this, message, ...(rest as []));
      } as typeof post;
    });
    const opened = await openPage(browser, `${serverUrl}/demos/next-word/`, ['loading'], delayInspect);
    try {
      const drawing = () => opened.page.evaluate(() => document.body.dataset.state === 'loading' && /^Shakespeare, character by character:/.test(document.getElementById('model-status')!.textContent ?? ''));
      for (let tries = 0; !(await drawing()); tries++) {
        expect(tries, 'the load reaches its first draw').toBeLessThan(6000);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const edited = 'ROMEO:\nI t';
      await opened.page.$eval('#context', (e, text) => {
        (e as HTMLTextAreaElement).value = text;
        e.dispatchEvent(new Event('input'));
      }, edited);
      await opened.page.waitForFunction((t: string) => document.getElementById('chart')!.dataset.context === t, { timeout: 30_000, polling: 50 }, edited);
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.page.close();
    }
  });
});
