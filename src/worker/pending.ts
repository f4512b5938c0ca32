// The downloads a load is keeping in the model cache, written down before each begins and crossed
// off when the load settles. A worker ended mid-load (terminate(), a closed tab) never settles: the
// files it had finished would stay, one version's config.json beside another's weights for a later
// load offline. Each load holds a Web Lock while it runs, so a later load, or a page counting what
// is kept, tells a dead load's list from a live one's and drops the files on it (sweepAbandoned):
// only the copies that load wrote (each is tagged with its load), not a later load's of the same
// URL. Where Web Locks or Cache Storage are missing, nothing is written down: a live load cannot be
// told from a dead one.
// Tests: tests/worker/cache.test.ts, tests/browser/picker.test.ts.

/** The lists' cache beside the model cache `cacheName`: one entry per file, keyed by its load and URL. */
const listsOf = (cacheName: string) => `${cacheName}-pending`;
const LOCK_PREFIX = 'shaderlm download ';
// Cache Storage keys are http(s) requests: an address no server has.
const LIST_ROOT = 'https://pending.shaderlm.invalid/';
const entryKey = (load: string, url: string) => `${LIST_ROOT}${load}/${encodeURIComponent(url)}`;
/** The header a listed copy carries: the load that wrote it. */
const LOAD_HEADER = 'x-shaderlm-load';

/** One running load's list: add() before a file's copy is written, end() once none can be left half-kept. */
export class PendingDownloads {
  private readonly keys: string[] = [];

  private constructor(private readonly lists: Cache, private readonly load: string, private readonly release: () => void) {}

  /** `response` as this load keeps it: tagged, so a sweep drops this copy and no other. */
  tagged(response: Response): Response {
    const headers = new Headers(response.headers);
    headers.set(LOAD_HEADER, this.load);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }

  /** Holds this load's lock and opens its list; undefined where that cannot be done. */
  static async begin(cacheName: string): Promise<PendingDownloads | undefined> {
    const locks = globalThis.navigator?.locks;
    if (!locks || typeof caches === 'undefined') return undefined;
    try {
      const load = crypto.randomUUID();
      const lists = await caches.open(listsOf(cacheName));
      const release = await new Promise<() => void>((held, refused) => {
        locks.request(`${LOCK_PREFIX}${load}`, () => new Promise<void>((done) => held(done))).catch(refused);
      });
      return new PendingDownloads(lists, load, release);
    } catch {
      return undefined; // storage or locks refused (an opaque origin): kept as before, unlisted
    }
  }

  /** Writes `url` down as being kept by this load; settles once it is written (or could not be). */
  async add(url: string): Promise<void> {
    const key = entryKey(this.load, url);
    this.keys.push(key);
    await this.lists.put(key, new Response(null)).catch(() => undefined);
  }

  /** Crosses the load's files off and frees its lock: what it kept is whole, or was dropped. */
  async end(): Promise<void> {
    await Promise.all(this.keys.map((key) => this.lists.delete(key).catch(() => false)));
    this.release();
  }
}

/**
 * Drops from the model cache `cacheName` the copies written by loads that ended without settling
 * (their lock is free), and their lists. Never rejects: a file it cannot drop stays, as before.
 */
export async function sweepAbandoned(cacheName: string): Promise<void> {
  const locks = globalThis.navigator?.locks;
  if (!locks || typeof caches === 'undefined') return;
  try {
    if (!(await caches.has(listsOf(cacheName)))) return;
    const lists = await caches.open(listsOf(cacheName));
    const entries = (await lists.keys()).map((request) => request.url);
    if (entries.length === 0) return;
    const live = new Set(((await locks.query()).held ?? []).map((lock) => lock.name));
    const models = await caches.open(cacheName);
    await Promise.all(entries.map(async (key) => {
      const [load, encoded] = key.slice(LIST_ROOT.length).split('/');
      if (live.has(`${LOCK_PREFIX}${load}`)) return;
      // Listed still: a load that settled between the listing and the lock query crossed its files off first.
      if (!(await lists.match(key))) return;
      const url = decodeURIComponent(encoded!);
      if ((await models.match(url))?.headers.get(LOAD_HEADER) === load) await models.delete(url); // its copy, not a later load's
      await lists.delete(key);
    }));
  } catch {
    // storage refused: nothing to sweep
  }
}
