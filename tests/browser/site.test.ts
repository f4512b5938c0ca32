// The built demo site as a user serves it: `vite build` (what `npm run build` and `npm run demos`
// run after the library) into a temporary folder, served by the plain static server of
// vite/serve-site.ts, with no /shared-data/ route and no dev server. Its layout (a folder per
// existing demo, the embedded default model inside), the landing page listing every demo of
// demos/pages.ts and linking the built ones, every page opening on its default model, and the
// playground generating with its default model, in a wide and a narrow window; served from
// another host over plain http, the message that WebGPU needs a secure page.

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'puppeteer';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PAGES } from '../../demos/pages.js';
import { startSiteServer } from '../../vite/serve-site.js';
import { builtPages } from '../../vite/pages.js';
import { launchChromium } from '../support/chromium.js';
import { NON_BLANK_COLOURS, openPage, screenshot, shownErrors } from './page-test.js';

const out = mkdtempSync(join(tmpdir(), 'shaderlm-site-'));
const existing = builtPages(resolve('demos')).map((page) => page.name);
let browser: Browser;
let site: Server;
let url: string;

beforeAll(async () => {
  await build({ configFile: resolve('vite.config.ts'), logLevel: 'warn', build: { outDir: out } });
  ({ server: site, url } = await startSiteServer(out));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  site?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('the built demo site', () => {
  it('holds the landing page, one folder per existing demo, and the embedded default model', () => {
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    for (const name of existing) expect(existsSync(join(out, name, 'index.html')), name).toBe(true);
    for (const folder of ['shakespeare-char', 'dna-mt']) expect(readdirSync(join(out, 'models', folder)).sort(), folder).toEqual(['config.json', 'model.safetensors', 'tokenizer.json']);
  });

  it('every demo page opens from the site alone with its default model and no error, each control named', async () => {
    for (const name of existing) {
      const { page, errors } = await openPage(browser, `${url}${name}/`, ['ready', 'done', 'error']);
      expect(await page.evaluate(() => document.body.dataset.state), name).not.toBe('error');
      expect(await shownErrors(page), name).toEqual([]);
      expect(errors, name).toEqual([]);
      // Every control has a name a screen reader can say: a <label>, aria-label or title.
      const unnamed = await page.$$eval('input, select, textarea', (controls) => controls
        .filter((c) => (c as HTMLInputElement).type !== 'hidden' && !(c as HTMLInputElement).labels?.length && !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby') && !c.getAttribute('title'))
        .map((c) => `#${c.id}`));
      expect(unnamed, name).toEqual([]);
      await page.close();
    }
  });

  it('lists every demo on the landing page with its idea, and links the ones that exist', async () => {
    const { page, errors } = await openPage(browser, url);
    const items = await page.$$eval('.demo-list li', (lis) => lis.map((li) => ({ text: li.textContent ?? '', href: li.querySelector('a')?.getAttribute('href') })));
    expect(items.map((i) => i.text.replace(/\s+/g, ' ').trim())).toEqual(DEMO_PAGES.map((p) => `${p.title} ${p.idea}${existing.includes(p.name) ? '' : ' (coming)'}`));
    expect(items.map((i) => i.href).filter(Boolean)).toEqual(existing.map((name) => `./${name}/`));
    for (const name of existing) expect((await fetch(new URL(`./${name}/`, url))).status, name).toBe(200);
    expect(errors).toEqual([]);
    expect(await screenshot(browser, page, 'index')).toBeGreaterThan(NON_BLANK_COLOURS);
    await page.close();
  });

  it('the playground generates with its default model from the site alone (no /shared-data/ here)', async () => {
    expect((await fetch(new URL('shared-data/stories260K/tok512.bin', url))).status).toBe(404);
    const { page, errors } = await openPage(browser, `${url}playground/?max-tokens=24&autorun=1`, ['done', 'error']);
    expect(await shownErrors(page)).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.$eval('#model-status', (e) => e.textContent)).toMatch(/^Shakespeare, character by character: llama /);
    expect(await page.$$eval('#output .token[data-p]', (spans) => spans.length)).toBe(24);
    expect(await screenshot(browser, page, 'playground-built')).toBeGreaterThan(NON_BLANK_COLOURS);

    // A phone's width: nothing sticks out sideways.
    await page.setViewport({ width: 390, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    expect(await screenshot(browser, page, 'playground-narrow')).toBeGreaterThan(NON_BLANK_COLOURS);
    await page.close();
  });

  // Served over http from a host that is not localhost, the pages said the browser had no WebGPU.
  it('a page served over plain http from another host says WebGPU needs a secure page, not that the browser lacks it', async () => {
    const { port } = new URL(url);
    const lan = await launchChromium(['--host-resolver-rules=MAP demo.test 127.0.0.1']);
    try {
      const { page } = await openPage(lan, `http://demo.test:${port}/playground/`, ['error']);
      expect(await shownErrors(page)).toEqual([`WebGPU is offered only to secure pages, and this one is not (http://demo.test:${port}): open it over https, or from localhost`]);
      // No pick could load either: the picker's choices are off (clearing kept downloads still works).
      const choices = await page.$$eval('#model-picker :is(select, input, #model-load)', (els) => els.map((e) => [e.id, (e as HTMLInputElement).disabled]));
      expect(choices.length).toBeGreaterThan(3);
      expect(choices.filter(([, off]) => !off)).toEqual([]);
      // A file dropped on it is answered with the same reason, not "a model is loading".
      await page.evaluate(() => {
        const transfer = new DataTransfer();
        transfer.items.add(new File(['{}'], 'config.json'));
        document.querySelector('.picker')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      });
      expect(await shownErrors(page)).toEqual([`WebGPU is offered only to secure pages, and this one is not (http://demo.test:${port}): open it over https, or from localhost`]);
    } finally {
      await lan.close();
    }
  });
});
