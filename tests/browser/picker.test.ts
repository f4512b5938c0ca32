// The kit's model picker on the playground, in headless Chromium: load progress goes forward to
// 1 through reading and uploading; a model's files picked from disk load in the worker; bad input (a file that is not a model, picked or dropped; a
// URL that answers 404) says so clearly while the previous model keeps generating; Cancel stops a
// load that never ends, keeping the previous model and none of the load's files (nor does a worker
// ended mid-load, past the next count or load); files
// downloaded from a URL are kept in Cache Storage, so the page loads them again with the server
// gone, until "Clear downloads" forgets them. An hf: source from a gated repository on a mirror
// (the "Hugging Face Hub access" fields) is refused without the access token, naming its field, and
// loads with it, the token sent to the mirror alone and never shown.

import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'puppeteer';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFolder } from '../../vite/static.js';
import { launchChromium } from '../support/chromium.js';
import { startServer } from '../support/server.js';
import { NON_BLANK_COLOURS, openPage, screenshot, shownErrors, waitForState } from './page-test.js';

let browser: Browser;
let server: ViteDevServer;
let url: string;
/** Another origin serving models/ with CORS, as a model host would; closed mid-test. */
let models: Server;
/** Answers held back by /stalled/ (the Shakespeare model, whose weights never finish): ended after the test. */
const stalled: Array<() => void> = [];
let modelsUrl: string;
let page: Page;
let errors: string[];
const tmp = mkdtempSync(join(tmpdir(), 'shaderlm-picker-'));

beforeAll(async () => {
  ({ server, url } = await startServer());
  const files = serveFolder(resolve('models'));
  models = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.url?.startsWith('/hub/')) {
      gatedHub(req, res, files);
      return;
    }
    if (req.url?.startsWith('/stalled/')) {
      req.url = req.url.replace('/stalled/', '/shakespeare-char/');
      // The weights start and never finish: a load that only a cancel ends.
      if (req.url.endsWith('/model.safetensors')) {
        res.writeHead(200, { 'content-length': String(1 << 20) });
        res.write(new Uint8Array(1024));
        stalled.push(() => res.destroy());
        return;
      }
    }
    files(req, res);
  });
  await new Promise<void>((done) => models.listen(0, '127.0.0.1', done));
  modelsUrl = `http://127.0.0.1:${(models.address() as { port: number }).port}`;
  browser = await launchChromium();
  ({ page, errors } = await openPage(browser, `${url}/demos/playground/?max-tokens=20`, ['ready', 'error'], recordProgress));
});

afterAll(async () => {
  stalled.forEach((end) => end());
  await browser?.close();
  await server?.close();
  models?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const GATED_COMMIT = '3333333333333333333333333333333333333333';
const HUB_TOKEN = 'hf_picker_test_token';
/** The Authorization header of every request the stand-in Hub was sent (none: ''). */
const hubAuthorizations: string[] = [];

/**
 * A stand-in Hub mirror at /hub/ whose repository org/gated (the Shakespeare model) answers only
 * requests bearing HUB_TOKEN, as the Hub answers a gated repository's API and files.
 */
function gatedHub(req: IncomingMessage, res: ServerResponse, files: ReturnType<typeof serveFolder>): void {
  if (req.method === 'OPTIONS') { // the preflight a request with Authorization needs
    res.writeHead(204, { 'access-control-allow-headers': 'authorization', 'access-control-allow-methods': 'GET' }).end();
    return;
  }
  hubAuthorizations.push(req.headers.authorization ?? '');
  if (req.headers.authorization !== `Bearer ${HUB_TOKEN}`) {
    res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Access to model org/gated is restricted. You must have access to it and be authenticated to access it. Please log in.' }));
    return;
  }
  if (req.url === '/hub/api/models/org/gated/revision/main') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'org/gated', sha: GATED_COMMIT }));
    return;
  }
  const file = new RegExp(`^/hub/org/gated/resolve/${GATED_COMMIT}/([\\w.-]+)$`).exec(req.url ?? '');
  if (!file) {
    res.writeHead(404).end('Entry not found');
    return;
  }
  req.url = `/shakespeare-char/${file[1]}`;
  files(req, res);
}

/** Records every value of #model-progress and every text of #model-status from the page's start. */
function recordProgress(tab: Page): Promise<unknown> {
  return tab.evaluateOnNewDocument(() => {
    const seen = { fractions: [] as number[], statuses: [] as string[] };
    Object.assign(window, { __seen: seen });
    new MutationObserver((records) => {
      for (const r of records) {
        const target = r.target instanceof Element ? r.target : r.target.parentElement;
        if (target?.id === 'model-progress' && r.attributeName === 'value') seen.fractions.push(Number((target as HTMLProgressElement).value));
        if (target?.id === 'model-status' && target.textContent) seen.statuses.push(target.textContent);
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['value'], childList: true, characterData: true });
  });
}

const modelError = (tab: Page) => tab.$eval('#model-error', (e) => ((e as HTMLElement).hidden ? '' : e.textContent ?? ''));
const status = (tab: Page) => tab.$eval('#model-status', (e) => e.textContent ?? '');
const cacheLine = (tab: Page) => tab.$eval('#model-cache', (e) => e.textContent ?? '');

/** Generates 20 tokens with the model now loaded; the text. */
async function stillGenerates(tab: Page): Promise<string> {
  await tab.click('#run');
  expect(await waitForState(tab, ['done', 'error'])).toBe('done');
  return tab.$$eval('#output .token', (spans) => spans.map((s) => s.textContent).join(''));
}

async function loadUrl(tab: Page, source: string): Promise<string> {
  await tab.$eval('#model-url', (input, v) => { (input as HTMLInputElement).value = v; }, source);
  await tab.click('#model-load');
  return waitForState(tab, ['ready', 'error']);
}

describe('model picker', () => {
  it('reports the load\'s progress: reading, uploading, then compiling, the fraction going only forward to 1', async () => {
    expect(await shownErrors(page)).toEqual([]);
    const seen = await page.evaluate(() => (window as unknown as { __seen: { fractions: number[]; statuses: string[] } }).__seen);
    expect(seen.statuses.some((s) => /^reading (config\.json|model\.safetensors|tokenizer\.json): /.test(s))).toBe(true);
    expect(seen.statuses.some((s) => s.startsWith('uploading to the GPU: '))).toBe(true);
    expect(seen.statuses.some((s) => /^compiling the GPU kernels: [1-9]\d* of [1-9]\d*$/.test(s))).toBe(true);
    const fractions = seen.fractions.filter((f) => f > 0);
    expect(fractions.length).toBeGreaterThan(2);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
    expect(await status(page)).toMatch(/^Shakespeare, character by character: llama .* loaded in [\d.]+ s$/);
  });

  it('Tab reaches the Files… and Folder… buttons (their file inputs), each outlined when focused', async () => {
    await page.focus('#model-default');
    const stops: string[] = [];
    for (let i = 0; i < 2; i++) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => document.activeElement?.id ?? ''));
    }
    expect(stops).toEqual(['model-files', 'model-folder']);
    expect(await page.$eval('#model-folder', (e) => getComputedStyle(e.parentElement!).outlineStyle)).toBe('solid');
  });

  it('the arrow keys step through the embedded models without loading each; Enter loads the one chosen', async () => {
    const values = await page.$$eval('#model-default option', (options) => options.map((o) => (o as HTMLOptionElement).value));
    const loaded = await page.$eval('#model-default', (s) => (s as HTMLSelectElement).value);
    const at = values.indexOf(loaded);
    const [away, back] = at + 1 < values.length ? ['ArrowDown', 'ArrowUp'] as const : ['ArrowUp', 'ArrowDown'] as const;
    const other = values[away === 'ArrowDown' ? at + 1 : at - 1]!;
    expect(other).toMatch(/^default:/);
    const shown = () => page.$eval('#model-default', (s) => (s as HTMLSelectElement).value);
    const state = () => page.evaluate(() => document.body.dataset.state);
    await page.focus('#model-default');
    await page.keyboard.press(away);
    expect(await shown()).toBe(other); // the list moved (a closed select fires change at each key)
    expect(await state()).not.toBe('loading'); // but nothing loads
    await page.keyboard.press('Tab'); // left without Enter: the list shows the model loaded again
    expect(await shown()).toBe(loaded);
    await page.focus('#model-default');
    await page.keyboard.press(away);
    await page.keyboard.press('Enter');
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
    expect(await status(page)).not.toMatch(/^Shakespeare/);
    await page.focus('#model-default');
    await page.keyboard.press(back);
    await page.keyboard.press('Enter');
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
    expect(await status(page)).toMatch(/^Shakespeare, character by character: /);
    expect(await shownErrors(page)).toEqual([]);
  });

  it('a picked file that is not a model: a clear message, and the previous model still generates', async () => {
    const notes = join(tmp, 'notes.txt');
    writeFileSync(notes, 'shopping: bread, milk\n');
    const input = await page.$('input#model-files');
    await input!.uploadFile(notes);
    expect(await waitForState(page, ['ready', 'error'])).toBe('error');
    expect(await modelError(page)).toBe('selected files (notes.txt): expected config.json, a .gguf or a llama2.c .bin');
    expect(await status(page)).toMatch(/^Shakespeare, character by character: /);
    expect(await stillGenerates(page)).toHaveLength(20);
    expect(await modelError(page)).toBe('selected files (notes.txt): expected config.json, a .gguf or a llama2.c .bin'); // a run leaves the picker's message
  });

  it('a model\'s files picked from disk cross to the worker and load: the same text as the embedded copy', async () => {
    const embedded = await stillGenerates(page);
    const input = await page.$('input#model-files');
    await input!.uploadFile(...['config.json', 'model.safetensors', 'tokenizer.json'].map((f) => resolve('models/shakespeare-char', f)));
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
    expect(await status(page)).toMatch(/^3 files \(config\.json, model\.safetensors, tokenizer\.json\): llama /);
    expect(await modelError(page)).toBe('');
    expect(await stillGenerates(page)).toBe(embedded);
  });

  it('a dropped config.json without weights: a clear message, and the previous model still generates', async () => {
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      // A whole config (one of no fields is refused for them first, as its bytes arrive).
      const config = { model_type: 'llama', hidden_size: 64, intermediate_size: 128, num_attention_heads: 4, num_hidden_layers: 1, max_position_embeddings: 64, vocab_size: 32 };
      transfer.items.add(new File([JSON.stringify(config)], 'config.json'));
      document.querySelector('.picker')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    expect(await waitForState(page, ['ready', 'error'])).toBe('error');
    expect(await modelError(page)).toBe('selected files: no model.safetensors or model.safetensors.index.json (only safetensors weights load)');
    expect(await stillGenerates(page)).toHaveLength(20);
  });

  it('Cancel stops a load: the previous model stays and generates, no error shows, and nothing of the load is kept', async () => {
    const loaded = await status(page);
    await page.$eval('#model-url', (input, v) => { (input as HTMLInputElement).value = v; }, `${modelsUrl}/stalled`);
    await page.click('#model-load');
    // The reads overlap: the status names whichever file moved last; the weights never finish.
    await page.waitForFunction(() => /^reading /.test(document.getElementById('model-status')!.textContent ?? ''), { timeout: 20_000 });
    expect(await page.$eval('#model-cancel', (b) => (b as HTMLButtonElement).hidden)).toBe(false);
    await page.click('#model-cancel');
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
    expect(await status(page)).toBe(`${loaded} (the load of ${modelsUrl}/stalled was cancelled)`);
    expect(await modelError(page)).toBe('');
    expect(await page.$eval('#model-cancel', (b) => (b as HTMLButtonElement).hidden)).toBe(true);
    // config.json and tokenizer.json were downloaded whole, but the load failed: they are not kept.
    expect(await page.evaluate(async (u) => (await caches.open('shaderlm-models')).match(u).then(Boolean), `${modelsUrl}/stalled/config.json`)).toBe(false);
    expect(await stillGenerates(page)).toHaveLength(20);
  });

  // A terminated worker never settles its load: config.json and tokenizer.json of the new version
  // stayed kept, for a later load offline to read beside another version's weights.
  it('a worker terminated mid-load leaves its finished downloads only until the page counts them or loads again', async () => {
    const kept = await page.evaluate(`(async () => {
      const { connectEngine } = await import('/src/worker/client.ts');
      const { modelCacheSize } = await import('/src/worker/cache.ts');
      const modelsBase = new URL('../models/', location.href).href;
      const cached = async () => (await (await caches.open('shaderlm-models')).keys()).map((r) => r.url).sort();
      const engine = await connectEngine(new Worker('/src/worker/worker.ts', { type: 'module' }), { modelsBase });
      engine.load('${modelsUrl}/stalled').catch(() => undefined); // the weights never finish
      while ((await cached()).length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
      engine.destroy(); // ends the worker mid-load, as a closed tab does: nothing in it runs again
      // The browser frees an ended worker's locks a moment later (under load, after the count began):
      // at a page's open they are long free. 'shaderlm download ' names a load's lock (pending.ts).
      while ((await navigator.locks.query()).held.some((lock) => lock.name.startsWith('shaderlm download '))) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const afterEnd = await cached();
      const count = await modelCacheSize(); // what the picker shows at a page's open (the next load sweeps too: tests/worker/cache.test.ts)
      return { afterEnd, count, afterCount: await cached() };
    })()`);
    expect(kept).toEqual({ afterEnd: [`${modelsUrl}/stalled/config.json`, `${modelsUrl}/stalled/tokenizer.json`], count: { files: 0, bytes: 0 }, afterCount: [] });
  });

  it('a URL that answers 404: a clear message naming it, and the previous model still generates', async () => {
    const loaded = (await status(page)).replace(/ \(the load of .* was cancelled\)$/, ''); // the cancel's note before goes with the next load
    expect(await loadUrl(page, `${modelsUrl}/no-such-model`)).toBe('error');
    expect(await modelError(page)).toBe(`${modelsUrl}/no-such-model: missing config.json`);
    // A failed load's 404 answers are not kept: the URL may be right the next time.
    expect(await page.evaluate(async (u) => (await caches.open('shaderlm-models')).match(u).then(Boolean), `${modelsUrl}/no-such-model/config.json`)).toBe(false);
    expect(await status(page)).toBe(loaded);
    expect(await stillGenerates(page)).toHaveLength(20);
    expect(await screenshot(browser, page, 'picker-error')).toBeGreaterThan(NON_BLANK_COLOURS);
  });

  it('an hf: source in a gated repository on a mirror: refused without the access token, naming its field; loaded with it, sent to the mirror alone', async () => {
    const loaded = await status(page);
    await page.click('.picker details:nth-of-type(2) summary'); // "Hugging Face Hub access"
    await page.type('#model-hf-endpoint', `${modelsUrl}/hub`);
    expect(await loadUrl(page, 'hf:org/gated')).toBe('error');
    expect(await modelError(page)).toBe('hf:org/gated: the Hub answered 401 Unauthorized ("Access to model org/gated is restricted. You must have access to it and be authenticated to access it. Please log in.")'
      + ': no repository this request may read (a mistyped name, or a private or gated repository, which needs an access token: the "access token" field under the URL)');
    expect(await status(page)).toBe(loaded);

    await page.type('#model-hf-token', HUB_TOKEN);
    hubAuthorizations.length = 0;
    expect(await loadUrl(page, 'hf:org/gated')).toBe('ready');
    expect(await status(page)).toMatch(/^hf:org\/gated: llama /);
    expect(await modelError(page)).toBe('');
    // The API's question and the files at the commit it named, each with the token.
    expect(hubAuthorizations.length).toBeGreaterThanOrEqual(4);
    expect(hubAuthorizations.every((a) => a === `Bearer ${HUB_TOKEN}`)).toBe(true);
    expect(await page.evaluate((t) => document.documentElement.outerHTML.includes(t), HUB_TOKEN)).toBe(false); // never shown, never in an attribute
    expect(await stillGenerates(page)).toHaveLength(20);
    expect(await screenshot(browser, page, 'picker-hub-access')).toBeGreaterThan(NON_BLANK_COLOURS);
    // What the next test counts starts from an empty cache.
    await page.waitForSelector('#model-cache-clear:not([hidden])', { timeout: 10_000 }); // shown once the downloads are counted
    await page.click('#model-cache-clear');
    await page.waitForFunction(() => document.getElementById('model-cache')!.textContent === 'No downloads kept in this browser.', { timeout: 10_000 });
  });

  it('keeps files downloaded from a URL in Cache Storage: a reload loads them with the server gone, until they are cleared', async () => {
    const source = `${modelsUrl}/shakespeare-char`;
    expect(await cacheLine(page)).toBe('No downloads kept in this browser.');
    expect(await page.$eval('#model-cache-clear', (b) => (b as HTMLButtonElement).hidden)).toBe(true); // nothing to clear
    expect(await loadUrl(page, source)).toBe('ready');
    const before = await stillGenerates(page);
    await page.waitForFunction(() => document.getElementById('model-cache')!.textContent!.startsWith('Downloads kept'), { timeout: 10_000 });
    // config.json, model.safetensors, tokenizer.json (the 404 answers for optional files are kept, but are no files).
    expect(await cacheLine(page)).toMatch(/^Downloads kept in this browser: 3 files, 1\.4 MB\.$/);

    await new Promise<void>((done) => models.close(() => done()));
    models.closeAllConnections();
    await page.goto(`${url}/demos/playground/?max-tokens=20&model=${encodeURIComponent(source)}`);
    expect(await waitForState(page, ['ready', 'error'])).toBe('ready');
    expect(await stillGenerates(page)).toBe(before);

    await page.waitForSelector('#model-cache-clear:not([hidden])', { timeout: 10_000 }); // shown once the downloads are counted
    await page.click('#model-cache-clear');
    await page.waitForFunction(() => document.getElementById('model-cache')!.textContent === 'No downloads kept in this browser.', { timeout: 10_000 });
    expect(await loadUrl(page, source)).toBe('error');
    expect(await modelError(page)).toMatch(new RegExp(`^GET ${source}/config\\.json failed: `));
    expect(await stillGenerates(page)).toBe(before);
    expect(errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED|404/.test(e))).toEqual([]);
  });
});
