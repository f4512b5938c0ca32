// The generate demo in headless Chromium: loads stories260K from /shared-data/, streams text
// greedily, shows no error; a screenshot lands in .artifacts/ for people to look at.

import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser } from 'puppeteer';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('generate demo', () => {
  it('loads stories260K and streams llama2.c\'s greedy text', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    const query = new URLSearchParams({
      model: '/shared-data/stories260K/stories260K.bin',
      tokenizer: '/shared-data/stories260K/tok512.bin',
      prompt: '',
      temperature: '0',
      'max-tokens': '64',
      autorun: '1',
    });
    await page.goto(`${url}/demos/generate/?${query}`);
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), { timeout: 120_000 });
    mkdirSync('.artifacts', { recursive: true });
    await page.screenshot({ path: '.artifacts/demo-generate.png', fullPage: true });
    const state = await page.evaluate(() => document.body.dataset.state);
    const errorText = await page.$eval('#error', (e) => (e as HTMLElement).hidden ? '' : e.textContent);
    expect(errorText, errorText ?? '').toBe('');
    expect(state).toBe('done');
    expect(errors).toEqual([]);
    const text = await page.$eval('#output', (e) => e.textContent ?? '');
    const expected = readFileSync(dataPath('stories260K/expected_greedy_t0.txt'), 'utf8');
    expect(text.length).toBeGreaterThan(100);
    expect(expected.startsWith(text)).toBe(true);
    expect(await page.$eval('#stats', (e) => e.textContent)).toMatch(/tokens\/s/);
  });
});
