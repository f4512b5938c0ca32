// Downloaded model files kept in Cache Storage, so a reload of the page reads them from disk
// instead of the network: a fetch that answers from the cache while the server says the file is
// unchanged (or cannot be reached), and stores what it downloads (DownloadCache), and the page's
// view of the cache (size, clear). Not the loading itself (src/model/source.ts reads through
// whatever fetch it is given). Tests: tests/worker/cache.test.ts, tests/browser/picker.test.ts.

import { TokenizerFormatError, WeightFormatError } from '../errors.js';
import { isHtmlPage } from '../file-kind.js';
import { hubUrlKind } from '../model/hub.js';
import { PendingDownloads, sweepAbandoned } from './pending.js';

/** The Cache Storage cache holding downloaded model files, keyed by URL. */
const MODEL_CACHE = 'shaderlm-models';

/**
 * How a kept answer for a URL is used: 'revalidate' checks it against the server with its
 * validators (ETag, Last-Modified) and returns it unless the server has another version (then that
 * is downloaded and kept instead) or cannot be asked (offline); 'immutable' returns it without
 * asking (a file at a fixed commit); 'fresh' asks the server every time and returns the kept answer
 * only when the server cannot be asked (which commit a branch points to). undefined: not kept.
 */
export type CachePolicy = 'revalidate' | 'immutable' | 'fresh';

/**
 * The engine worker's policy for a load that reads `hf:` sources from the Hub at `hubEndpoint`
 * (default huggingface.co): never the site's own default models (under modelsBase, served with the
 * page); the Hub's files at a commit never change; which commit a branch is at is asked each load.
 */
export function downloadPolicy(url: string, modelsBase: string, hubEndpoint?: string): CachePolicy | undefined {
  if (url.startsWith(modelsBase)) return undefined;
  const kind = hubUrlKind(url, hubEndpoint);
  return kind === 'commit-file' ? 'immutable' : kind === 'revision' ? 'fresh' : 'revalidate';
}

/**
 * Cache Storage for the GET requests whose URL `policy` names a CachePolicy for, one session per
 * load: a 200 response is returned and stored as it streams (a download that fails midway stores
 * nothing). A kept 404 answer of a 'revalidate' URL is asked for again (the file may have been
 * added since), and serves while the server cannot be asked. Anything else, and everything
 * where Cache Storage is unavailable (not a secure context), goes straight to `fetcher`. A load's
 * files are kept only if the load succeeds (DownloadSession.settle): files of a load that failed
 * or was aborted could be half of another version of the model, which the next load would mix
 * with the rest (config.json of one, weights of the other); those of a load whose worker was
 * ended mid-load are dropped by the next load (pending.ts).
 */
export class DownloadCache {
  constructor(private readonly fetcher: typeof fetch, private readonly policy: (url: string) => CachePolicy | undefined) {}

  /**
   * A fetch for one load, and its end: loads running at once each keep or drop their own files.
   * `policy`, when given, is this load's instead of the cache's (a load reading another Hub).
   */
  session(policy = this.policy): DownloadSession {
    return new DownloadSession(this.fetcher, policy, MODEL_CACHE);
  }
}

/**
 * One load's reads through the cache. The 404 answers it met are kept only once it has
 * succeeded: a loader asks for optional files a model may lack (generation_config.json, ...), and
 * without those answers a reload could not go on offline; a mistyped URL's 404, though,
 * must not outlive the mistake. The files it downloaded are kept if it succeeds or read them all
 * (complete(): a load that fails on the GPU leaves a whole set); otherwise its downloads still
 * running are stopped and every 'revalidate' file it stored is dropped (files at a commit cannot
 * mix with another version, and stay). A 'fresh' answer (which commit to read) is kept only with a
 * whole set: kept from a failed load, it would send an offline load to a commit not all there.
 * A load that succeeds reading a Hub repository at a commit drops the files kept of that repository
 * at any other revision: no load reads them again unless it names that commit, and each version
 * of a model's weights would otherwise stay on disk until "Clear downloads".
 */
export class DownloadSession {
  private readonly missing = new Set<string>();
  /** The URLs answered from the cache: one is dropped if the load fails on what that file held (settle). */
  private readonly served = new Set<string>();
  /** Each copy this load began to write, and whether it was written (a stopped download's is not). */
  private readonly stored: Array<{ url: string; policy: CachePolicy; written: Promise<boolean> }> = [];
  /** The 'fresh' answers this load read, to keep once its set is whole. */
  private readonly fresh: Array<{ url: string; response: Response }> = [];
  /** The commit each Hub repository's files were read at, by the URLs' folder before it (.../org/name/resolve/). */
  private readonly commits = new Map<string, string>();
  private readonly stop = new AbortController();
  private whole = false;
  /** The files of loads whose worker was ended mid-load, dropped before this load reads the cache. */
  private readonly swept: Promise<void>;
  /** This load's list of the 'revalidate' files it is keeping (pending.ts), opened with its first. */
  private pending?: Promise<PendingDownloads | undefined>;

  constructor(private readonly fetcher: typeof fetch, private readonly policy: (url: string) => CachePolicy | undefined, private readonly cacheName: string) {
    this.swept = sweepAbandoned(cacheName);
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const policy = request.method === 'GET' && /^https?:/.test(request.url) ? this.policy(request.url) : undefined;
    if (!policy || typeof caches === 'undefined') return this.fetcher(input, init);
    if (policy === 'immutable') this.noteCommit(request.url);
    let cache: Cache;
    let hit: Response | undefined;
    try {
      await this.swept;
      cache = await caches.open(this.cacheName);
      hit = await cache.match(request.url);
    } catch {
      return this.fetcher(input, init); // storage blocked (a third-party frame, some private windows): the network alone
    }
    const signal = init?.signal ? AbortSignal.any([init.signal, this.stop.signal]) : this.stop.signal;
    if (!hit) return this.keepAnswer(cache, request.url, policy, await this.fetcher(input, { ...init, signal }));
    const kept = () => (this.served.add(request.url), hit);
    if (policy === 'immutable') return kept();
    // Without validators (a kept 404; a file kept before such files were no longer kept) it is asked
    // for again unconditionally: a 404's file may have been added since (a chat_template.jinja).
    const validators = policy === 'revalidate' ? validatorsOf(hit) : undefined;
    let response: Response;
    try {
      const headers = new Headers(init?.headers);
      for (const [name, value] of Object.entries(validators ?? {})) headers.set(name, value);
      response = await this.fetcher(input, { ...init, headers, signal });
    } catch (error) {
      if (signal.aborted) throw error;
      // A validator header makes a request to another origin preflighted, and a host that does not
      // allow it in its preflight fails the request as offline does. Asked again as a plain GET
      // (the browser's HTTP cache makes its own conditional request, which needs no preflight):
      // only when that fails too is the server out of reach.
      if (!validators) return kept();
      try {
        response = await this.fetcher(input, { ...init, cache: 'no-cache', signal });
      } catch (again) {
        if (signal.aborted) throw again;
        return kept(); // offline: the cached version serves
      }
    }
    // 304: unchanged. Another 200 or a 404 is the server's version now; any other answer (a 5xx) leaves the cached one (a kept 404 too).
    if (response.status === 200 || response.status === 404) return this.keepAnswer(cache, request.url, policy, response);
    // Which commit to read: a refusal (401, 403: a token revoked, a repository made private) is the
    // server's answer, not a moment offline; only a busy or failing server leaves the kept one.
    return policy === 'fresh' && response.status !== 429 && response.status < 500 ? response : kept();
  };

  /** Stores a 200 as it streams (not an HTML page: a site's fallback for a missing file), or keeps a 'fresh' one aside, and notes a 404, for settle(). */
  private keepAnswer(cache: Cache, url: string, policy: CachePolicy, response: Response): Response {
    if (response.status === 200 && policy === 'fresh') {
      this.fresh.push({ url, response: response.clone() });
    } else if (response.status === 200 && policy === 'revalidate' && !validatorsOf(response)) {
      // Nothing to check a kept copy by (no ETag, no Last-Modified): kept, it would be served after the
      // server's file changed. Not kept, and an older copy of it goes.
      void cache.delete(url).catch(() => undefined);
    } else if (response.status === 200 && !isHtmlPage(response)) {
      // Not awaited: the copy is written while the loader reads the original; a failed or aborted
      // download rejects the put, which leaves nothing behind. A 'revalidate' file, which settle()
      // drops if the load fails, is written down first: a worker ended mid-load never settles.
      const copy = response.clone();
      const written = policy === 'revalidate' ? this.listed(url).then((pending) => cache.put(url, pending?.tagged(copy) ?? copy)) : cache.put(url, copy);
      this.stored.push({ url, policy, written: written.then(() => true, () => false) });
    } else if (response.status === 404) {
      this.missing.add(url);
    }
    return response;
  }

  /** Writes `url` down on this load's list; the list, to tag the copy with (none where it cannot be kept). */
  private async listed(url: string): Promise<PendingDownloads | undefined> {
    this.pending ??= PendingDownloads.begin(this.cacheName);
    const pending = await this.pending;
    await pending?.add(url);
    return pending;
  }

  private noteCommit(url: string): void {
    const at = /^(.*?\/resolve\/)([0-9a-f]{40})\//.exec(url);
    if (at) this.commits.set(at[1]!, at[2]!);
  }

  /** Drops the kept files of each repository this load read at a commit that are at another revision (a branch's name included: from before commits were read). */
  private async dropOtherRevisions(cache: Cache): Promise<void> {
    if (this.commits.size === 0) return;
    const stale = (await cache.keys()).map((r) => r.url).filter((url) =>
      [...this.commits].some(([folder, commit]) => url.startsWith(folder) && !url.startsWith(`${folder}${commit}/`)));
    await Promise.all(stale.map((url) => cache.delete(url)));
  }

  /** The load has read every file it needs: they are one whole version of the model, kept even if the load fails later. */
  complete(): void {
    this.whole = true;
  }

  /**
   * The load has ended: if it succeeded, keep the 404 answers it met, and wait for its files' copies
   * (written while the loader read the originals), so that they are in the cache once the load is
   * done (the page counts them then); if it failed before reading
   * all its files, stop its downloads (a file the loader never read would otherwise download on)
   * and drop what it stored; `refusedFile` (the file whose content failed it: its name, as the
   * loaders' errors begin), also that file at a commit and a copy of it the cache answered with.
   * Then its files are crossed off its pending list. Never rejects: a cache that cannot be written
   * (quota) only costs a download later.
   */
  async settle(succeeded: boolean, refusedFile?: string): Promise<void> {
    if (!succeeded && !this.whole) this.stop.abort();
    if (typeof caches === 'undefined') return;
    await this.swept;
    try {
      const cache = await caches.open(this.cacheName);
      if (succeeded || this.whole) await Promise.all(this.fresh.map(({ url, response }) => cache.put(url, response)));
      if (succeeded) {
        await Promise.all([
          ...this.stored.map(({ written }) => written),
          ...[...this.missing].map((url) => cache.put(url, new Response(null, { status: 404, statusText: 'Not Found' }))),
        ]);
        await this.dropOtherRevisions(cache);
      } else if (!this.whole) {
        // The stopped downloads' copies fail at once; the finished ones are deleted. Only those: where
        // a new version's copy failed, the entry is still the kept version, which a later load checks
        // again (deleting it would lose it for offline use). Files at a commit stay: no other version
        // of them exists to mix with, and a later load of that commit reads them.
        // A file refused for what it held (cut short, damaged) goes too, whether this load stored it or
        // the cache served it: at a commit it would be served again without asking, every load failing the same way.
        const refused = (url: string) => refusedFile !== undefined && fileNameOf(url) === refusedFile;
        await Promise.all(this.stored.map(({ url, policy, written }) => written.then((done) => done && (policy === 'revalidate' || refused(url)) && cache.delete(url))));
        await Promise.all([...this.served].filter(refused).map((url) => cache.delete(url)));
      }
    } catch {
      // nothing kept, or a file left that the next load reads (Clear downloads forgets it)
    }
    await Promise.all(this.stored.map(({ written }) => written));
    await (await this.pending)?.end();
  }
}

/**
 * The file whose content a load was refused for, as the loaders' messages begin ("model.safetensors:
 * truncated file? ..."); none for a refusal of how files go together (a tokenizer given for another
 * model: "tok512.bin has 512 tokens ...") or of anything else: settle() drops that file's copies alone.
 */
export function refusedFileOf(error: unknown): string | undefined {
  if (!(error instanceof WeightFormatError || error instanceof TokenizerFormatError)) return undefined;
  return /^([^\s:/]+): /.exec(error.message)?.[1];
}

/** The file name a URL ends with, as the loaders' messages name files. */
function fileNameOf(url: string): string {
  const path = url.split(/[?#]/)[0]!;
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}

/** The conditional-request headers that ask the server whether `cached` is still its version; undefined when it gave none (or it is a 404). */
function validatorsOf(cached: Response): Record<string, string> | undefined {
  if (!cached.ok) return undefined;
  const etag = cached.headers.get('etag');
  const modified = cached.headers.get('last-modified');
  if (etag) return { 'If-None-Match': etag };
  return modified ? { 'If-Modified-Since': modified } : undefined;
}

/**
 * What the cache holds: the number of files (kept 404 answers are not files) and their bytes (by
 * Content-Length). The files of loads whose worker ended mid-load are dropped first, so a page that
 * counts at its open sweeps them without loading again.
 */
export async function modelCacheSize(cacheName = MODEL_CACHE): Promise<{ files: number; bytes: number }> {
  if (typeof caches === 'undefined') return { files: 0, bytes: 0 };
  await sweepAbandoned(cacheName);
  if (!(await caches.has(cacheName))) return { files: 0, bytes: 0 };
  const cache = await caches.open(cacheName);
  let files = 0;
  let bytes = 0;
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    if (!response?.ok) continue;
    files++;
    bytes += Number(response.headers.get('content-length')) || 0;
  }
  return { files, bytes };
}

/** Forgets every downloaded model file: the next load downloads again. */
export async function clearModelCache(cacheName = MODEL_CACHE): Promise<void> {
  if (typeof caches !== 'undefined') await caches.delete(cacheName);
}
