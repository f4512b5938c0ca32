// The worker's download cache (src/worker/cache.ts) over an in-memory Cache Storage: each load's
// session keeps its files and 404 answers only if that load succeeds, so a failed or aborted load
// leaves nothing a later load could mix with another version of the model, and loads running at
// once never keep or drop each other's answers. The real Cache Storage: tests/browser/picker.test.ts.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DownloadCache } from '../../src/worker/cache.js';

/** Cache Storage as far as cache.ts uses it: responses by URL, bodies read in full on put. */
class MemoryCache {
  readonly entries = new Map<string, { status: number; body: Uint8Array<ArrayBuffer> }>();
  async match(url: string): Promise<Response | undefined> {
    const e = this.entries.get(url);
    return e && new Response(e.status === 200 ? e.body : null, { status: e.status });
  }
  async put(url: string, response: Response): Promise<void> {
    this.entries.set(url, { status: response.status, body: new Uint8Array(await response.arrayBuffer()) });
  }
  async delete(url: string): Promise<boolean> {
    return this.entries.delete(url);
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

/** A server of `files` (name -> text) under http://models.test/; anything else is 404. */
function server(files: Record<string, string>): typeof fetch {
  return async (input) => {
    const name = String(input).replace('http://models.test/', '');
    return name in files ? new Response(files[name]) : new Response(null, { status: 404 });
  };
}

const url = (name: string) => `http://models.test/${name}`;
const read = async (f: typeof fetch, name: string) => { const r = await f(url(name)); return `${r.status} ${await r.text()}`; };

describe('DownloadCache sessions', () => {
  it('keep a load\'s files and 404 answers once it succeeds, and answer the next load from them', async () => {
    const cache = new DownloadCache(server({ 'config.json': 'v1' }), () => true);
    const first = cache.session();
    expect([await read(first.fetch, 'config.json'), await read(first.fetch, 'generation_config.json')]).toEqual(['200 v1', '404 ']);
    await first.settle(true);
    const offline = new DownloadCache(async () => { throw new TypeError('fetch failed'); }, () => true).session();
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
    const session = new DownloadCache(server({ 'config.json': 'v1' }), () => true).session();
    await read(session.fetch, 'config.json');
    await session.settle(true);
    expect(store.entries.has(url('config.json'))).toBe(true);
  });

  // An aborted load used to leave config.json and tokenizer.json of one version cached; the next
  // load took them and the weights of another from the network (WeightFormatError, until cleared).
  it('drop the files of a load that failed, so none of them is mixed with another version', async () => {
    const failed = new DownloadCache(server({ 'config.json': 'v1', 'tokenizer.json': 'v1' }), () => true).session();
    await read(failed.fetch, 'config.json');
    await read(failed.fetch, 'tokenizer.json');
    await failed.settle(false);
    expect([...store.entries.keys()]).toEqual([]);
    const next = new DownloadCache(server({ 'config.json': 'v2', 'tokenizer.json': 'v2' }), () => true).session();
    expect(await read(next.fetch, 'config.json')).toBe('200 v2');
  });

  // One set of 404 answers for the whole worker let a load that succeeded keep a concurrent load's
  // 404 for a folder not uploaded yet, and a failed load forget a successful one's.
  it('of loads running at once keep or drop only their own answers', async () => {
    const cache = new DownloadCache(server({ 'good/config.json': 'ok' }), () => true);
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
    const session = new DownloadCache(stalling, () => true).session();
    await session.fetch(url('model.safetensors')); // opened, never read
    await session.settle(false);
    expect(stopped).toBe(true);
    expect(store.entries.size).toBe(0);
  });

  it('keep the files of a load that read them all and failed later (on the GPU): a whole version', async () => {
    const session = new DownloadCache(server({ 'config.json': 'v1', 'model.safetensors': 'w1' }), () => true).session();
    await read(session.fetch, 'config.json');
    await read(session.fetch, 'model.safetensors');
    session.complete();
    await session.settle(false);
    expect([...store.entries.keys()].sort()).toEqual([url('config.json'), url('model.safetensors')]);
  });

  it('leave URLs the cache does not keep to the network', async () => {
    const cache = new DownloadCache(server({ 'config.json': 'v1' }), (u) => !u.includes('config'));
    const session = cache.session();
    await read(session.fetch, 'config.json');
    await session.settle(true);
    expect(store.entries.size).toBe(0);
  });
});
