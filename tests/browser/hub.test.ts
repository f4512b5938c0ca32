// hf: sources in the browser's engine worker, read from a stand-in Hub on another origin
// (LoadOptions.hfEndpoint) that serves the Shakespeare model under two commits: a load asks the
// Hub's API once which commit main is at and reads the files at that commit, which Cache Storage
// keeps; the next load asks the API alone; a push is read as the new commit's files; with the Hub
// gone, the commit last seen loads with all its files (the commit before is no longer kept); each
// model's info() names its commit. No request is preflighted: each is a GET
// without headers CORS would ask about, as huggingface.co is to be asked.

import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import type { Browser, Page } from 'puppeteer';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFolder } from '../../vite/static.js';
import { launchChromium } from '../support/chromium.js';
import { startServer } from '../support/server.js';
import { openPage } from './page-test.js';

const COMMITS = ['1111111111111111111111111111111111111111', '2222222222222222222222222222222222222222'];
let head = COMMITS[0]!;
let browser: Browser;
let server: ViteDevServer;
let hub: Server;
let endpoint: string;
let page: Page;
let errors: string[];
/** The requests the Hub was sent since newlyAsked() last took them (method and path), and every method it was sent. */
const asked: string[] = [];
const methods = new Set<string>();

beforeAll(async () => {
  let url: string;
  ({ server, url } = await startServer());
  const files = serveFolder(resolve('models'));
  hub = createServer((req, res) => {
    asked.push(`${req.method} ${req.url}`);
    methods.add(req.method ?? '');
    res.setHeader('Access-Control-Allow-Origin', '*');
    const api = /^\/api\/models\/org\/tiny\/revision\/main$/.exec(req.url ?? '');
    if (req.method === 'GET' && api) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'org/tiny', sha: head }));
      return;
    }
    const file = /^\/org\/tiny\/resolve\/([0-9a-f]{40})\/([\w.-]+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && file && COMMITS.includes(file[1]!)) {
      req.url = `/shakespeare-char/${file[2]}`;
      files(req, res);
      return;
    }
    res.writeHead(404).end('Entry not found');
  });
  await new Promise<void>((done) => hub.listen(0, '127.0.0.1', done));
  endpoint = `http://127.0.0.1:${(hub.address() as { port: number }).port}`;
  browser = await launchChromium();
  ({ page, errors } = await openPage(browser, `${url}/tests/browser/hub.html`, ['ready']));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  hub?.close();
});

/** A load's greedy text, checking that the model's info() names the commit it was read at. */
async function load(commit: string): Promise<string> {
  const read = await page.evaluate((e: string) => (window as unknown as { loadFromHub(spec: string, endpoint: string): Promise<{ text: string; commit?: string }> }).loadFromHub('hf:org/tiny', e), endpoint);
  expect(read.commit).toBe(commit);
  return read.text;
}

/** The requests sent since the last call. */
function newlyAsked(): string[] {
  return asked.splice(0);
}

describe('hf: in the browser\'s engine worker', () => {
  it('reads each load at the commit its branch is at, keeps the files, and loads the last commit seen offline', async () => {
    const api = 'GET /api/models/org/tiny/revision/main';
    const text = await load(COMMITS[0]!);
    expect(text.length).toBeGreaterThan(0);
    const first = newlyAsked();
    expect(first[0]).toBe(api);
    expect(first.slice(1).every((r) => r.startsWith(`GET /org/tiny/resolve/${COMMITS[0]}/`)), first.join('\n')).toBe(true);
    expect(first).toContain(`GET /org/tiny/resolve/${COMMITS[0]}/model.safetensors`);

    expect(await load(COMMITS[0]!)).toBe(text);
    expect(newlyAsked()).toEqual([api]); // the files at a commit are not asked for again

    head = COMMITS[1]!;
    expect(await load(COMMITS[1]!)).toBe(text);
    const pushed = newlyAsked();
    expect(pushed[0]).toBe(api);
    expect(pushed).toContain(`GET /org/tiny/resolve/${COMMITS[1]}/model.safetensors`);
    // The commit before is not read again: its files are no longer kept.
    const keptAt = (commit: string) => page.evaluate(async (u) => Boolean(await (await caches.open('shaderlm-models')).match(u)), `${endpoint}/org/tiny/resolve/${commit}/model.safetensors`);
    expect([await keptAt(COMMITS[0]!), await keptAt(COMMITS[1]!)]).toEqual([false, true]);

    await new Promise<void>((done) => hub.close(() => done()));
    hub.closeAllConnections();
    expect(await load(COMMITS[1]!)).toBe(text);
    expect([...methods]).toEqual(['GET']); // no preflight (OPTIONS) ever
    expect(errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED|404/.test(e))).toEqual([]);
  });
});
