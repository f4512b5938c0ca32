// The generate demo in headless Chromium: loads stories260K from /shared-data/, streams text
// greedily, shows no error; its errors speak the page's language and leave no stale progress; a
// lost device offers a reload; the end-of-sequence token is never printed. A screenshot lands in
// .artifacts/ for people to look at. Also the dev server's /shared-data/ route (vite/shared-data.ts).

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFolder } from '../../vite/shared-data.js';
import { launchChromium } from '../support/chromium.js';
import { dataPath } from '../support/data.js';
import { startServer } from '../support/server.js';

let browser: Browser;
let server: ViteDevServer;
let url: string;

beforeAll(async () => {
  ({ server, url } = await startServer());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const stories = { model: '/shared-data/stories260K/stories260K.bin', tokenizer: '/shared-data/stories260K/tok512.bin' };
const expectedGreedy = () => readFileSync(dataPath('stories260K/expected_greedy_t0.txt'), 'utf8');

/** Opens the demo with `query`, collecting page errors; waits until the page settles in one of `states`. */
async function openDemo(query: Record<string, string>, states = ['done', 'error']): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${url}/demos/generate/?${new URLSearchParams(query)}`);
  await settled(page, states);
  return { page, errors };
}

async function settled(page: Page, states: string[]): Promise<string> {
  await page.waitForFunction((s: string[]) => s.includes(document.body.dataset.state ?? ''), { timeout: 120_000 }, states);
  return page.evaluate(() => document.body.dataset.state ?? '');
}

const shownError = (page: Page) => page.$eval('#error', (e) => ((e as HTMLElement).hidden ? '' : e.textContent ?? ''));
const outputText = (page: Page) => page.$eval('#output', (e) => e.textContent ?? '');

describe('generate demo', () => {
  it('loads stories260K and streams llama2.c\'s greedy text', async () => {
    const { page, errors } = await openDemo({ ...stories, prompt: '', temperature: '0', 'max-tokens': '64', autorun: '1' });
    mkdirSync('.artifacts', { recursive: true });
    await page.screenshot({ path: '.artifacts/demo-generate.png', fullPage: true });
    const errorText = await shownError(page);
    expect(errorText, errorText).toBe('');
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('done');
    expect(errors).toEqual([]);
    const text = await outputText(page);
    expect(text.length).toBeGreaterThan(100);
    expect(expectedGreedy().startsWith(text)).toBe(true);
    expect(await page.$eval('#stats', (e) => e.textContent)).toMatch(/tokens\/s/);
    await page.close();
  });

  it('a llama2.c checkpoint without a tokenizer: the message names this page\'s field, and no stale progress stays', async () => {
    const { page } = await openDemo({ model: stories.model, autorun: '1' });
    const message = await shownError(page);
    expect(message).toMatch(/stories260K\.bin is a llama2\.c checkpoint, which holds no tokenizer: a tokenizer file \(tokenizer\.bin\) is needed, given as the "tokenizer \(llama2\.c\)" URL above/);
    expect(message).not.toMatch(/--tokenizer|command line|LoadOptions/);
    expect(await page.$eval('#model-info', (e) => e.textContent)).toBe('');
    expect(await page.$eval('#progress', (e) => (e as HTMLElement).hidden)).toBe(true);
    await page.close();
  });

  it('a lost device: the message, and a "Reload the model" button that brings the model back', async () => {
    const { page } = await openDemo({ ...stories, prompt: '', temperature: '0', 'max-tokens': '16', autorun: '1' });
    const before = await outputText(page);
    await page.evaluate(() => (window as unknown as { __shaderlmLoseDevice(): void }).__shaderlmLoseDevice());
    await page.click('#run');
    expect(await settled(page, ['error'])).toBe('error');
    expect(await shownError(page)).toMatch(/^DeviceLostError: GPU device lost/);
    expect(await page.$eval('#reload', (e) => (e as HTMLElement).hidden)).toBe(false);
    await page.click('#reload');
    expect(await settled(page, ['loaded', 'error'])).toBe('loaded');
    expect(await shownError(page)).toBe('');
    expect(await page.$eval('#reload', (e) => (e as HTMLElement).hidden)).toBe(true);
    await page.click('#run');
    expect(await settled(page, ['done', 'error'])).toBe('done');
    expect(await outputText(page)).toBe(before);
    await page.close();
  });

  it('never prints the end-of-sequence token, even when the model spells it out of ordinary tokens', async () => {
    // tinystories656K ends its greedy story with "<|", "end", "_story", "|>" and then its EOS id.
    const { page } = await openDemo({ model: '/shared-data/tinystories656K', prompt: 'Once upon a time', temperature: '0', 'max-tokens': '200', autorun: '1' });
    expect(await shownError(page)).toBe('');
    const text = await outputText(page);
    expect(text).toMatch(/find it\.$/);
    expect(text).not.toContain('<|end_story|>');
    expect(await page.$eval('#stats', (e) => e.textContent)).toMatch(/stopped by eos/);
    await page.close();
  });
});

describe('the dev server\'s /shared-data/ route', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'shaderlm-shared-data-'));
  let files: Server;
  let port: number;

  beforeAll(async () => {
    mkdirSync(join(tmp, 'data', 'model'), { recursive: true });
    mkdirSync(join(tmp, 'data-evil'));
    writeFileSync(join(tmp, 'data', 'model', 'config.json'), '{}');
    writeFileSync(join(tmp, 'data-evil', 'x'), 'secret');
    writeFileSync(join(tmp, 'secret.txt'), 'secret');
    files = createServer(serveFolder(join(tmp, 'data')));
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    port = (files.address() as { port: number }).port;
  });
  afterAll(() => {
    files?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  /** GET with the path sent as written (fetch would normalise the dots away). */
  const get = (path: string) => new Promise<{ status: number; body: string }>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    }).on('error', reject).end();
  });

  it('serves files inside the folder', async () => {
    expect(await get('/model/config.json')).toEqual({ status: 200, body: '{}' });
  });

  it('answers 404 for a sibling folder sharing its name\'s prefix, anything above it, folders and bad escapes', async () => {
    for (const path of ['/../data-evil/x', '/..%2fdata-evil%2fx', '/%2e%2e/data-evil/x', '/../secret.txt', '/model', '/%E0%A4%A', '/nope.bin']) {
      expect((await get(path)).status, path).toBe(404);
    }
  });
});
