// The small HTTP servers of vite/static.ts: the dev server's data routes (/shared-data/,
// /demos/models/: files only, nothing outside the folder) and the built site's server
// (vite/serve-site.ts: folders answer with index.html, module scripts with a JavaScript type;
// as `npm run demos` runs it, it prints the URL).
// No browser here.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSiteServer } from '../../vite/serve-site.js';
import { serveFolder } from '../../vite/static.js';

const tmp = mkdtempSync(join(tmpdir(), 'shaderlm-static-'));

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Answer { status: number; body: string; type?: string; location?: string }

/** GET with the path sent as written (fetch would normalise the dots away). */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer & { modified?: string; cacheControl?: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body, type: res.headers['content-type'], location: res.headers.location, modified: res.headers['last-modified'], cacheControl: res.headers['cache-control'] }));
    }).on('error', reject).end();
  });
}

describe('a data route (serveFolder without index)', () => {
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
  afterAll(() => files?.close());

  it('serves files inside the folder', async () => {
    expect(await get(port, '/model/config.json')).toMatchObject({ status: 200, body: '{}', type: 'application/json; charset=utf-8' });
  });

  // The worker's download cache keeps only what it can check: a file served without a date was not kept.
  it('dates each file, asks browsers to check it each time, and answers 304 to a request for a copy as new as the file', async () => {
    const { modified, cacheControl } = await get(port, '/model/config.json');
    expect(Date.parse(modified!)).toBeGreaterThan(0);
    expect(cacheControl).toBe('no-cache'); // a browser checks it each time, rather than keeping it by its age
    expect(await get(port, '/model/config.json', { 'if-modified-since': modified! })).toMatchObject({ status: 304, body: '' });
    const before = new Date(Date.parse(modified!) - 1000).toUTCString();
    expect(await get(port, '/model/config.json', { 'if-modified-since': before })).toMatchObject({ status: 200, body: '{}' });
  });

  it('answers 404 for a sibling folder sharing its name\'s prefix, anything above it, folders and bad escapes', async () => {
    for (const path of ['/../data-evil/x', '/..%2fdata-evil%2fx', '/%2e%2e/data-evil/x', '/../secret.txt', '/model', '/model/', '/%E0%A4%A', '/nope.bin']) {
      expect((await get(port, path)).status, path).toBe(404);
    }
  });
});

describe('the built site\'s server (startSiteServer)', () => {
  let site: Server;
  let port: number;

  beforeAll(async () => {
    const root = join(tmp, 'site');
    mkdirSync(join(root, 'playground'), { recursive: true });
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<h1>demos</h1>');
    writeFileSync(join(root, 'playground', 'index.html'), '<h1>playground</h1>');
    writeFileSync(join(root, 'assets', 'page.js'), 'export {}');
    const started = await startSiteServer(root);
    site = started.server;
    port = Number(new URL(started.url).port);
    expect(started.url).toBe(`http://127.0.0.1:${port}/`);
  });
  afterAll(() => site?.close());

  it('answers a folder with its index.html, and a folder without its slash with a redirect to it', async () => {
    expect(await get(port, '/')).toMatchObject({ status: 200, body: '<h1>demos</h1>', type: 'text/html; charset=utf-8' });
    expect(await get(port, '/playground/')).toMatchObject({ status: 200, body: '<h1>playground</h1>' });
    expect(await get(port, '/playground?x=1')).toMatchObject({ status: 301, location: '/playground/?x=1' });
  });

  it('serves scripts as JavaScript (module scripts are refused under any other type) and 404s what is not there', async () => {
    expect(await get(port, '/assets/page.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    expect((await get(port, '/assets/')).status).toBe(404);
    expect((await get(port, '/nope/')).status).toBe(404);
  });
});

describe('vite/serve-site.ts as `npm run demos` runs it', () => {
  it('serves the folder it is given and prints its URL', async () => {
    const root = join(tmp, 'cli-site');
    mkdirSync(root);
    writeFileSync(join(root, 'index.html'), '<h1>cli</h1>');
    const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'vite/serve-site.ts', root, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => { out += d; if (out.includes('\n')) resolve(out); });
        child.on('exit', (code) => reject(new Error(`serve-site exited with ${code}: ${out}`)));
      });
      const printed = /^shaderlm demos: (http:\/\/127\.0\.0\.1:(\d+)\/) \(serving /.exec(line);
      expect(printed, line).not.toBeNull();
      expect(await get(Number(printed![2]), '/')).toMatchObject({ status: 200, body: '<h1>cli</h1>' });
    } finally {
      child.kill();
    }
  });

  it('refuses a folder without index.html, saying to build first', async () => {
    const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'vite/serve-site.ts', join(tmp, 'nothing-here')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toMatch(/nothing-here holds no index\.html: build the site first \(npm run build, or npm run demos\)/);
  });
});
