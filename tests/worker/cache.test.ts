// The worker's download cache (src/worker/cache.ts) over an in-memory Cache Storage: each load's
// session keeps its files and 404 answers only if that load succeeds, so a failed or aborted load
// leaves nothing a later load could mix with another version of the model, and loads running at
// once never keep or drop each other's answers, and a load whose worker ended mid-load leaves its
// files only until the next load; a cached file is checked against the server by its
// ETag or date (or never, at a fixed commit; or every time, for which commit a branch is at), and
// a site's HTML fallback page is never kept. The real Cache Storage:
// tests/browser/picker.test.ts.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenizerFormatError, WeightFormatError } from '../../src/errors.js';
import { type CachePolicy, DownloadCache, downloadPolicy, refusedFileOf } from '../../src/worker/cache.js';

/** Cache Storage as far as cache.ts uses it: responses by URL with their headers, bodies read in full on put. */
class MemoryCache {
  readonly entries = new Map<string, { status: number; headers: [string, string][]; body: Uint8Array<ArrayBuffer> }>();
  async match(url: string): Promise<Response | undefined> {
    const e = this.entries.get(url);
    return e && new Response(e.status === 200 ? e.body : null, { status: e.status, headers: e.headers });
  }
  async put(url: string, response: Response): Promise<void> {
    this.entries.set(url, { status: response.status, headers: [...response.headers], body: new Uint8Array(await response.arrayBuffer()) });
  }
  async delete(url: string): Promise<boolean> {
    return this.entries.delete(url);
  }
  async keys(): Promise<Request[]> {
    return [...this.entries.keys()].map((u) => new Request(u));
  }
}

let store: MemoryCache;
beforeEach(() => {
  store = new MemoryCache();
  Object.assign(globalThis, { caches: { open: async () => store } });
});
afterEach(() => {
  delete (globalThis as { caches?: unknown }).caches;
});

/** A server of `files` (name -> text) under http://models.test/, each with its text as ETag (304 to it); anything else is 404. */
function server(files: Record<string, string>): typeof fetch {
  return async (input, init) => {
    const name = String(input).replace('http://models.test/', '');
    if (!(name in files)) return new Response(null, { status: 404 });
    const etag = `"${files[name]}"`;
    return new Headers(init?.headers).get('if-none-match') === etag ? new Response(null, { status: 304 }) : new Response(files[name], { headers: { etag } });
  };
}

const url = (name: string) => `http://models.test/${name}`;
const read = async (f: typeof fetch, name: string) => { const r = await f(url(name)); return `${r.status} ${await r.text()}`; };

/** One load through `cache` that reads `name` and succeeds: what it read. */
async function loadOnce(cache: DownloadCache, name: string): Promise<string> {
  const session = cache.session();
  const text = await read(session.fetch, name);
  await session.settle(true);
  return text;
}

describe('DownloadCache sessions', () => {
  it('read from the network alone where Cache Storage refuses to open (storage blocked)', async () => {
    Object.assign(globalThis, { caches: { open: async () => { throw new DOMException('storage is blocked', 'SecurityError'); } } });
    const cache = new DownloadCache(server({ 'config.json': 'v1' }), () => 'revalidate');
    expect(await loadOnce(cache, 'config.json')).toBe('200 v1');
  });

  it('keep a load\'s files and 404 answers once it succeeds, and answer the next load from them', async () => {
    const cache = new DownloadCache(server({ 'config.json': 'v1' }), () => 'revalidate');
    const first = cache.session();
    expect([await read(first.fetch, 'config.json'), await read(first.fetch, 'generation_config.json')]).toEqual(['200 v1', '404 ']);
    await first.settle(true);
    const offline = new DownloadCache(async () => { throw new TypeError('fetch failed'); }, () => 'revalidate').session();
    expect([await read(offline.fetch, 'config.json'), await read(offline.fetch, 'generation_config.json')]).toEqual(['200 v1', '404 ']);
  });

  // The picker counted the cache as a load ended, and found 2 files of 3 on a loaded machine: the
  // large file's copy was still being written.
  it('keep a successful load\'s files written by the time it settles', async () => {
    const put = store.put.bind(store);
    store.put = async (u, response) => {
      await new Promise((resolve) => setTimeout(resolve, 30)); // a slow write
      return put(u, response);
    };
    const session = new DownloadCache(server({ 'config.json': 'v1' }), () => 'revalidate').session();
    await read(session.fetch, 'config.json');
    await session.settle(true);
    expect(store.entries.has(url('config.json'))).toBe(true);
  });

  // An aborted load used to leave config.json and tokenizer.json of one version cached; the next
  // load took them and the weights of another from the network (WeightFormatError, until cleared).
  it('drop the files of a load that failed, so none of them is mixed with another version', async () => {
    const failed = new DownloadCache(server({ 'config.json': 'v1', 'tokenizer.json': 'v1' }), () => 'revalidate').session();
    await read(failed.fetch, 'config.json');
    await read(failed.fetch, 'tokenizer.json');
    await failed.settle(false);
    expect([...store.entries.keys()]).toEqual([]);
    const next = new DownloadCache(server({ 'config.json': 'v2', 'tokenizer.json': 'v2' }), () => 'revalidate').session();
    expect(await read(next.fetch, 'config.json')).toBe('200 v2');
  });

  // One set of 404 answers for the whole worker let a load that succeeded keep a concurrent load's
  // 404 for a folder not uploaded yet, and a failed load forget a successful one's.
  it('of loads running at once keep or drop only their own answers', async () => {
    const cache = new DownloadCache(server({ 'good/config.json': 'ok' }), () => 'revalidate');
    const good = cache.session();
    const early = cache.session();
    await read(good.fetch, 'good/config.json');
    await read(good.fetch, 'good/generation_config.json');
    await read(early.fetch, 'early/config.json'); // not there yet
    await good.settle(true);
    await early.settle(false);
    expect([...store.entries].map(([u, e]) => `${u} ${e.status}`).sort()).toEqual([`${url('good/config.json')} 200`, `${url('good/generation_config.json')} 404`]);
  });

  // A load that failed on a missing file used to wait, before it reported the error, for the copy
  // of a file it never read (its weights, gigabytes) to finish downloading, and forever on a stall.
  it('stop the downloads of a load that failed, at once, and keep none of them', async () => {
    let stopped = false;
    const stalling: typeof fetch = async (_input, init) => new Response(new ReadableStream({
      start(controller) {
        controller.enqueue(new Uint8Array(8)); // then nothing more, until the fetch is stopped
        init?.signal?.addEventListener('abort', () => { stopped = true; controller.error(new DOMException('stopped', 'AbortError')); });
      },
    }));
    const session = new DownloadCache(stalling, () => 'revalidate').session();
    await session.fetch(url('model.safetensors')); // opened, never read
    await session.settle(false);
    expect(stopped).toBe(true);
    expect(store.entries.size).toBe(0);
  });

  it('keep the files of a load that read them all and failed later (on the GPU): a whole version', async () => {
    const session = new DownloadCache(server({ 'config.json': 'v1', 'model.safetensors': 'w1' }), () => 'revalidate').session();
    await read(session.fetch, 'config.json');
    await read(session.fetch, 'model.safetensors');
    session.complete();
    await session.settle(false);
    expect([...store.entries.keys()].sort()).toEqual([url('config.json'), url('model.safetensors')]);
  });

  it('check a cached file against the server: kept while unchanged or unreachable, replaced by its new version', async () => {
    let files: Record<string, { body: string; etag: string }> = { 'config.json': { body: 'v1', etag: '"1"' } };
    const asked: string[] = [];
    let down = false;
    const versioned: typeof fetch = async (input, init) => {
      const name = String(input).replace('http://models.test/', '');
      const condition = new Headers(init?.headers).get('if-none-match');
      asked.push(`${name} ${condition ?? '-'}`);
      if (down) return new Response(null, { status: 503 });
      const file = files[name];
      if (!file) return new Response(null, { status: 404 });
      return condition === file.etag ? new Response(null, { status: 304 }) : new Response(file.body, { headers: { etag: file.etag } });
    };
    const cache = new DownloadCache(versioned, () => 'revalidate');
    const load = () => loadOnce(cache, 'config.json');
    expect(await load()).toBe('200 v1');
    expect(await load()).toBe('200 v1'); // a 304: the cached copy
    files = { 'config.json': { body: 'v2', etag: '"2"' } };
    expect(await load()).toBe('200 v2');
    expect(await load()).toBe('200 v2'); // the new version was kept: a 304 again
    down = true;
    expect(await load()).toBe('200 v2');
    expect(asked).toEqual(['config.json -', 'config.json "1"', 'config.json "1"', 'config.json "2"', 'config.json "2"']);
    down = false;
    files = {};
    expect(await load()).toBe('404 '); // removed on the server: so it is for the loader, and the 404 is kept
    expect(store.entries.get(url('config.json'))?.status).toBe(404);
  });

  // Chromium, against a host whose preflight does not allow If-None-Match: the conditional request
  // failed as offline does, on every load, and the kept file served for good, changed or not.
  it('ask again with a plain GET when a conditional request fails (a preflight the host refuses): a new version is seen, offline keeps the old', async () => {
    let body = 'v1';
    let down = false;
    const asked: string[] = [];
    const noValidatorsAllowed: typeof fetch = async (_input, init) => {
      const condition = new Headers(init?.headers).get('if-none-match');
      asked.push(`${condition ?? '-'} ${init?.cache ?? 'default'}`);
      if (down || condition) throw new TypeError('Failed to fetch'); // what a refused preflight looks like to the page
      return new Response(body, { headers: { etag: `"${body}"` } });
    };
    const cache = new DownloadCache(noValidatorsAllowed, () => 'revalidate');
    const load = () => loadOnce(cache, 'config.json');
    expect(await load()).toBe('200 v1');
    body = 'v2';
    expect(await load()).toBe('200 v2');
    down = true;
    expect(await load()).toBe('200 v2');
    expect(asked).toEqual(['- default', '"v1" default', '- no-cache', '"v2" default', '- no-cache']);
  });

  // A kept 404 was answered forever: a model whose repository later added chat_template.jinja, or
  // went from model.safetensors to shards (the index kept as missing, model.safetensors now a 404
  // from the server), loaded without the new file, or not at all, until the downloads were cleared.
  it('ask the server again for a file it answered 404 to, and keep it once it is there', async () => {
    let files: Record<string, { body: string; etag: string }> = { 'model.safetensors': { body: 'w1', etag: '"w1"' } };
    let down = false;
    const versioned: typeof fetch = async (input, init) => {
      if (down) throw new TypeError('fetch failed');
      const file = files[String(input).replace('http://models.test/', '')];
      if (!file) return new Response(null, { status: 404 });
      return new Headers(init?.headers).get('if-none-match') === file.etag ? new Response(null, { status: 304 }) : new Response(file.body, { headers: { etag: file.etag } });
    };
    const cache = new DownloadCache(versioned, () => 'revalidate');
    const load = async () => {
      const session = cache.session();
      const answers = [await read(session.fetch, 'model.safetensors.index.json'), await read(session.fetch, 'model.safetensors')];
      await session.settle(true);
      return answers;
    };
    expect(await load()).toEqual(['404 ', '200 w1']);
    files = { 'model.safetensors.index.json': { body: 'i2', etag: '"i2"' } }; // sharded now
    expect(await load()).toEqual(['200 i2', '404 ']);
    expect(store.entries.get(url('model.safetensors.index.json'))?.status).toBe(200);
    down = true;
    expect(await load()).toEqual(['200 i2', '404 ']); // offline: the kept answers, 404 included
  });

  // A stopped download's copy fails to be written, and settle() then deleted the entry anyway: the
  // version kept before, which a load that cannot reach the server would still have used.
  it('keep the kept version when a load stops while downloading a newer one', async () => {
    const first = new DownloadCache(server({ 'model.safetensors': 'w1' }), () => 'revalidate').session();
    await read(first.fetch, 'model.safetensors');
    await first.settle(true);
    store.entries.get(url('model.safetensors'))!.headers = [['etag', '"w1"']];
    const stalling: typeof fetch = async (_input, init) => new Response(new ReadableStream({
      start(controller) {
        controller.enqueue(new Uint8Array(8)); // the new version begins, then stalls until stopped
        init?.signal?.addEventListener('abort', () => controller.error(new DOMException('stopped', 'AbortError')));
      },
    }), { headers: { etag: '"w2"' } });
    const stopped = new DownloadCache(stalling, () => 'revalidate').session();
    await stopped.fetch(url('model.safetensors'));
    await stopped.settle(false);
    expect(new TextDecoder().decode(store.entries.get(url('model.safetensors'))?.body)).toBe('w1');
  });

  // A file kept without either was served as it was after the server's file changed (README said each is checked).
  it('check by date where the server gave no ETag, and keep no file it gave neither (nothing to check it by)', async () => {
    const asked: Array<string | null> = [];
    const dated: typeof fetch = async (input, init) => {
      const since = new Headers(init?.headers).get('if-modified-since');
      asked.push(since);
      if (String(input).endsWith('dated.json')) return since ? new Response(null, { status: 304 }) : new Response('d', { headers: { 'last-modified': 'Tue, 01 Dec 2026 10:00:00 GMT' } });
      return new Response('plain');
    };
    const cache = new DownloadCache(dated, () => 'revalidate');
    for (let i = 0; i < 2; i++) {
      const session = cache.session();
      expect([await read(session.fetch, 'dated.json'), await read(session.fetch, 'plain.json')]).toEqual(['200 d', '200 plain']);
      await session.settle(true);
    }
    expect(asked).toEqual([null, null, 'Tue, 01 Dec 2026 10:00:00 GMT', null]);
    expect(store.entries.has(url('plain.json'))).toBe(false);
    // One kept before (by an older version of this cache) is asked for again, and goes.
    store.entries.set(url('plain.json'), { status: 200, headers: [], body: new TextEncoder().encode('stale') });
    const session = cache.session();
    expect(await read(session.fetch, 'plain.json')).toBe('200 plain');
    await session.settle(true);
    expect(store.entries.has(url('plain.json'))).toBe(false);
  });

  it('stop a check when the load is aborted, rather than answer from the cache', async () => {
    const first = new DownloadCache(async () => new Response('v1', { headers: { etag: '"1"' } }), () => 'revalidate').session();
    await read(first.fetch, 'config.json');
    await first.settle(true);
    // As fetch does: rejects with the signal's reason when it is aborted, at once if it is already.
    const hanging: typeof fetch = (_input, init) => new Promise((_, reject) => {
      const signal = init!.signal!;
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason));
    });
    const stop = new AbortController();
    const checking = new DownloadCache(hanging, () => 'revalidate').session().fetch(url('config.json'), { signal: stop.signal });
    stop.abort(new RangeError('the page went away'));
    await expect(checking).rejects.toThrow('the page went away');
  });

  // A single-page app's host answers a missing file with its index.html; the loader reads that as
  // a missing file, and the cache kept it as one, taking space until cleared.
  it('never keep an HTML page answered for a file', async () => {
    const spa: typeof fetch = async () => new Response('<!doctype html><title>app</title>', { headers: { 'content-type': 'text/html; charset=utf-8' } });
    const session = new DownloadCache(spa, () => 'revalidate').session();
    await read(session.fetch, 'generation_config.json');
    await session.settle(true);
    expect(store.entries.size).toBe(0);
  });

  // A Hub file at a commit cannot change: asking costs a request per file (and a CORS preflight
  // for the conditional one) to hear 304. A 404 there is final too.
  it('answer an immutable URL from the cache without asking', async () => {
    const asked: string[] = [];
    const logged: typeof fetch = async (input) => {
      asked.push(String(input));
      return String(input).endsWith('config.json') ? new Response('v1', { headers: { etag: '"1"' } }) : new Response(null, { status: 404 });
    };
    const cache = new DownloadCache(logged, () => 'immutable');
    for (let i = 0; i < 2; i++) {
      const session = cache.session();
      expect([await read(session.fetch, 'config.json'), await read(session.fetch, 'chat_template.jinja')]).toEqual(['200 v1', '404 ']);
      await session.settle(true);
    }
    expect(asked).toEqual([url('config.json'), url('chat_template.jinja')]);
  });

  // Which commit a branch points to changes with each push, and the answer may carry no validators:
  // kept as it was, it would pin every later load to the first commit seen.
  it('ask for a fresh URL every time, unconditionally, and answer from the cache only when the server cannot be asked', async () => {
    let head = 'a';
    let answer: 'up' | 'down' | 'busy' = 'up';
    const conditions: Array<string | null> = [];
    const hub: typeof fetch = async (_input, init) => {
      conditions.push(new Headers(init?.headers).get('if-none-match'));
      if (answer === 'down') throw new TypeError('fetch failed');
      if (answer === 'busy') return new Response(null, { status: 503 });
      return new Response(head, { headers: { etag: `"${head}"` } });
    };
    const cache = new DownloadCache(hub, () => 'fresh');
    const load = () => loadOnce(cache, 'api/models/org/name/revision/main');
    expect(await load()).toBe('200 a');
    head = 'b';
    expect(await load()).toBe('200 b');
    answer = 'down';
    expect(await load()).toBe('200 b');
    answer = 'busy';
    expect(await load()).toBe('200 b');
    expect(conditions).toEqual([null, null, null, null]);
  });

  // A cancelled hf: load deleted the answer of which commit to read, which it had downloaded anew:
  // the files of the commit before were still kept, but an offline load no longer knew to read them.
  it('keep, after a load that failed, the files at a commit and the last whole load\'s commit answer; drop the rest', async () => {
    let head = 'a';
    const policy = (u: string): CachePolicy => (u.includes('/revision/') ? 'fresh' : u.includes('/commit-') ? 'immutable' : 'revalidate');
    const hub: typeof fetch = async (input) => {
      const name = String(input).replace('http://models.test/', '');
      return new Response(name === 'api/revision/main' ? head : `${name} body`, { headers: { etag: `"${name}"` } });
    };
    const cache = new DownloadCache(hub, policy);
    const first = cache.session();
    await read(first.fetch, 'api/revision/main');
    await read(first.fetch, 'commit-a/config.json');
    await first.settle(true);
    head = 'b';
    const failed = cache.session();
    expect(await read(failed.fetch, 'api/revision/main')).toBe('200 b');
    await read(failed.fetch, 'commit-b/config.json');
    await read(failed.fetch, 'plain.json');
    await failed.settle(false);
    const kept = (name: string) => store.entries.has(url(name));
    expect([kept('api/revision/main'), kept('commit-a/config.json'), kept('commit-b/config.json'), kept('plain.json')]).toEqual([true, true, true, false]);
    expect(new TextDecoder().decode(store.entries.get(url('api/revision/main'))!.body)).toBe('a'); // the commit of the last whole load
    const whole = cache.session();
    await read(whole.fetch, 'api/revision/main');
    whole.complete(); // every file read, then the GPU refused it: a whole set
    await whole.settle(false);
    expect(new TextDecoder().decode(store.entries.get(url('api/revision/main'))!.body)).toBe('b');
  });

  // A file at a commit cut short by the server was kept, and served without asking to every later
  // load, each failing the same way after the server was fixed.
  it('drop, after a load refused for what a file held, that file at a commit, stored or served; the others stay', async () => {
    let weights = 'cut';
    const hub: typeof fetch = async (input) => {
      const name = String(input).replace('http://models.test/', '');
      return new Response(name.endsWith('model.safetensors') ? weights : `${name} body`, { headers: { etag: `"${name}"` } });
    };
    const cache = new DownloadCache(hub, () => 'immutable');
    const first = cache.session();
    await read(first.fetch, 'commit-a/config.json');
    await first.settle(true);
    const refused = cache.session();
    await read(refused.fetch, 'commit-a/config.json'); // from the cache
    expect(await read(refused.fetch, 'commit-a/model.safetensors')).toBe('200 cut');
    await refused.settle(false, 'model.safetensors'); // "model.safetensors: truncated file? ..."
    expect([...store.entries.keys()]).toEqual([url('commit-a/config.json')]);
    // Served from the cache and refused: it goes too (a 2 GB file refused for a tokenizer given with it does not: serve.ts).
    const again = cache.session();
    expect(await read(again.fetch, 'commit-a/config.json')).toBe('200 commit-a/config.json body');
    await again.settle(false, 'config.json');
    expect([...store.entries.keys()]).toEqual([]);
    // The file a refusal names: a file's own damage, not a tokenizer given for another model or a missing option.
    expect(refusedFileOf(new WeightFormatError('model-00001-of-00002.safetensors: truncated file? 488 more bytes'))).toBe('model-00001-of-00002.safetensors');
    expect(refusedFileOf(new TokenizerFormatError('tok512.bin: not a tokenizer.json (does not start with "{"), and ...'))).toBe('tok512.bin');
    expect(refusedFileOf(new TokenizerFormatError('tok512.bin has 512 tokens but the model only 32000 rows: they do not belong together'))).toBeUndefined();
    expect(refusedFileOf(new TokenizerFormatError('stories260K.bin is a llama2.c checkpoint, which holds no tokenizer: ...'))).toBeUndefined();
    expect(refusedFileOf(new RangeError('model.gguf: something else'))).toBeUndefined();
    weights = 'whole';
    const next = cache.session();
    expect(await read(next.fetch, 'commit-a/model.safetensors')).toBe('200 whole');
    await next.settle(true);
    // A load that failed otherwise (offline, stopped) keeps them, as before.
    const stopped = cache.session();
    await read(stopped.fetch, 'commit-a/model.safetensors');
    await stopped.settle(false);
    expect(store.entries.has(url('commit-a/model.safetensors'))).toBe(true);
  });

  // A revoked token or a repository made private answered with the commit kept from before.
  it('answer a refusal of a fresh URL as the server gave it; a busy server leaves the kept answer', async () => {
    let status = 200;
    const hub: typeof fetch = async () => (status === 200 ? new Response('a') : new Response('no', { status }));
    const cache = new DownloadCache(hub, () => 'fresh');
    await loadOnce(cache, 'api/revision/main');
    const answers: string[] = [];
    for (status of [401, 403, 404, 429, 503]) answers.push(await read(cache.session().fetch, 'api/revision/main'));
    expect(answers).toEqual(['401 no', '403 no', '404 no', '200 a', '200 a']);
  });

  // Each push of a model read at its new commit left the weights of the one before in Cache Storage
  // for good (and the files read at resolve/main before loads read at a commit), never read again.
  it('keep one commit of a Hub repository: a load that succeeds at a commit drops the repository\'s files at other revisions', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((x) => x.repeat(40));
    const hub = server(Object.fromEntries(['org/name', 'org/other'].flatMap((repo) => ['main', a, b, c].map((rev) => [`${repo}/resolve/${rev}/config.json`, `${repo} ${rev.slice(0, 4)}`]))));
    const cache = new DownloadCache(hub, (u) => downloadPolicy(u, 'http://site.test/models/', 'http://models.test'));
    const kept = () => [...store.entries.keys()].map((u) => u.replace('http://models.test/', '').replace(/[0-9a-f]{40}/, (sha) => sha.slice(0, 4))).sort();
    await loadOnce(cache, 'org/name/resolve/main/config.json'); // as loads read before they asked for a commit
    await loadOnce(cache, 'org/other/resolve/main/config.json');
    expect(await loadOnce(cache, `org/name/resolve/${a}/config.json`)).toBe(`200 org/name ${a.slice(0, 4)}`);
    expect(kept()).toEqual(['org/name/resolve/aaaa/config.json', 'org/other/resolve/main/config.json']);
    await loadOnce(cache, `org/name/resolve/${b}/config.json`);
    expect(kept()).toEqual(['org/name/resolve/bbbb/config.json', 'org/other/resolve/main/config.json']);
    const failed = cache.session(); // a load that fails drops nothing of the commit before
    await read(failed.fetch, `org/name/resolve/${c}/config.json`);
    await failed.settle(false);
    expect(kept()).toEqual(['org/name/resolve/bbbb/config.json', 'org/name/resolve/cccc/config.json', 'org/other/resolve/main/config.json']);
  });

  it('leave URLs the cache does not keep to the network', async () => {
    await loadOnce(new DownloadCache(server({ 'config.json': 'v1' }), (u) => (u.includes('config') ? undefined : 'revalidate')), 'config.json');
    expect(store.entries.size).toBe(0);
  });
});

/** Web Locks as far as pending.ts uses them, in one agent: endAgent() frees every lock held, as a worker's end does. */
class MemoryLocks {
  private readonly held = new Set<string>();
  request(name: string, callback: () => Promise<unknown>): Promise<unknown> {
    this.held.add(name);
    return callback().finally(() => this.held.delete(name));
  }
  async query(): Promise<LockManagerSnapshot> {
    return { held: [...this.held].map((name) => ({ name, mode: 'exclusive' })), pending: [] };
  }
  endAgent(): void {
    this.held.clear();
  }
}

describe('a load whose worker was ended mid-load (no settle)', () => {
  let locks: MemoryLocks;
  let pendingStore: MemoryCache;
  beforeEach(() => {
    locks = new MemoryLocks();
    pendingStore = new MemoryCache();
    const named = (name: string) => (name === 'shaderlm-models' ? store : pendingStore);
    Object.assign(globalThis, { caches: { open: async (name: string) => named(name), has: async () => true } });
    Object.defineProperty(globalThis, 'navigator', { value: { locks }, configurable: true, writable: true });
  });
  afterEach(() => {
    delete (globalThis as { navigator?: unknown }).navigator;
  });

  // A terminated worker never settles: the new config.json it had kept stayed beside the old
  // weights, and the next load offline read the two versions as one model.
  it('leaves its finished downloads only until the next load, which drops them before it reads the cache', async () => {
    const online = (version: string) => new DownloadCache(server({ 'config.json': `c${version}`, 'model.safetensors': `w${version}` }), () => 'revalidate');
    const first = online('1').session();
    await read(first.fetch, 'config.json');
    await read(first.fetch, 'model.safetensors');
    await first.settle(true);
    for (const entry of store.entries.values()) entry.headers = [['etag', '"1"']];
    expect(pendingStore.entries.size).toBe(0); // a settled load leaves no list
    const ended = online('2').session();
    expect(await read(ended.fetch, 'config.json')).toBe('200 c2'); // the new version, kept as it streams
    while (new TextDecoder().decode(store.entries.get(url('config.json'))!.body) !== 'c2') await new Promise((resolve) => setTimeout(resolve, 1));
    locks.endAgent(); // the worker is terminated before it reads the weights
    const offline = new DownloadCache(async () => { throw new TypeError('fetch failed'); }, () => 'revalidate').session();
    await expect(read(offline.fetch, 'config.json')).rejects.toThrow('fetch failed'); // not c2 beside w1
    expect(await read(offline.fetch, 'model.safetensors')).toBe('200 w1');
    expect(pendingStore.entries.size).toBe(0);
  });

  // Races a review found: the sweep read the lists, then the locks, so a load that settled between
  // the two had its files swept; and it deleted by URL, so a dead load's entry took a later load's copy.
  it('of a load that settles while a sweep looks, or a later load\'s copy of the same URL, are kept', async () => {
    const versioned = (text: string): typeof fetch => async () => new Response(text, { headers: { etag: `"${text}"` } });
    const settling = new DownloadCache(versioned('a1'), () => 'revalidate').session();
    await read(settling.fetch, 'config.json');
    const query = locks.query.bind(locks);
    locks.query = async () => {
      await settling.settle(true); // between the sweep's listing and its lock query
      return query();
    };
    const sweeping = new DownloadCache(versioned('a1'), () => 'revalidate').session();
    await sweeping.settle(true);
    locks.query = query;
    expect(new TextDecoder().decode(store.entries.get(url('config.json'))?.body)).toBe('a1');

    const dead = new DownloadCache(versioned('c1'), () => 'revalidate').session();
    await read(dead.fetch, 'config.json');
    const later = new DownloadCache(versioned('a2'), () => 'revalidate').session(); // swept while the dead load lived
    while (new TextDecoder().decode(store.entries.get(url('config.json'))!.body) !== 'c1') await new Promise((resolve) => setTimeout(resolve, 1));
    locks.endAgent(); // the load of c1 is gone, unsettled
    expect(await read(later.fetch, 'config.json')).toBe('200 a2'); // a new version, kept
    await later.settle(true);
    const next = new DownloadCache(async () => { throw new TypeError('fetch failed'); }, () => 'revalidate').session();
    expect(await read(next.fetch, 'config.json')).toBe('200 a2'); // the dead load's entry dropped, not the later copy
    expect(pendingStore.entries.size).toBe(0);
  });

  it('of a load still running keeps its files: only a load whose lock is free is swept', async () => {
    const cache = new DownloadCache(server({ 'config.json': 'c1' }), () => 'revalidate');
    const running = cache.session();
    await read(running.fetch, 'config.json');
    const other = cache.session();
    expect(await read(other.fetch, 'config.json')).toBe('200 c1'); // asked the cache first: swept nothing
    expect(store.entries.has(url('config.json'))).toBe(true);
    expect(pendingStore.entries.size).toBe(1);
    await running.settle(true);
    await other.settle(true);
    expect(pendingStore.entries.size).toBe(0);
    expect(await locks.query()).toEqual({ held: [], pending: [] }); // each load's lock freed
  });
});

describe('the engine worker\'s download policy', () => {
  it('keeps no default model, Hub files at a commit without asking, and asks each time which commit a branch is at', () => {
    const site = 'https://site.test/models/';
    const sha = '0123456789abcdef0123456789abcdef01234567';
    expect(downloadPolicy(`${site}shakespeare/config.json`, site)).toBeUndefined();
    expect(downloadPolicy(`https://huggingface.co/org/name/resolve/${sha}/config.json`, site)).toBe('immutable');
    expect(downloadPolicy('https://huggingface.co/api/models/org/name/revision/main', site)).toBe('fresh');
    expect(downloadPolicy('https://huggingface.co/org/name/resolve/main/config.json', site)).toBe('revalidate');
    expect(downloadPolicy('https://models.test/tiny/config.json', site)).toBe('revalidate');
    // A load that reads a mirror: its paths are the Hub's; huggingface.co's are then another server's.
    expect(downloadPolicy(`https://hf-mirror.com/org/name/resolve/${sha}/config.json`, site, 'https://hf-mirror.com')).toBe('immutable');
    expect(downloadPolicy('https://hf-mirror.com/api/models/org/name/revision/main', site, 'https://hf-mirror.com')).toBe('fresh');
    expect(downloadPolicy(`https://huggingface.co/org/name/resolve/${sha}/config.json`, site, 'https://hf-mirror.com')).toBe('revalidate');
  });
});
