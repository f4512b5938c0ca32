// Resolving a model source (folder or file path, URL, hf:org/name, browser File/FileList) into named file
// bytes with byte progress. Not parsing (src/model/weights/); node:fs is imported only when a path is read.
// Tests: tests/model/loaders-source.test.ts (local paths, File objects, a stub fetch, hf: URLs).

import { ModelSourceError, ModelTooLargeError } from '../errors.js';
import { isHtmlPage, kindByMagic } from '../file-kind.js';
import { nodeModule } from '../node-modules.js';
import { describe, show } from '../value-words.js';
import { hfCommitUrl, hubCacheFolder, hubCachePath, hubRefPath, huggingfaceHubCache, type KeptCommit, withHubToken } from './hub.js';
import { BusyServerError, getResponse, UnansweredRequestError } from './request.js';
import { copyDefaultHere, DEFAULT_MODEL_FILES, defaultModelFolder, modelRoots } from './defaults.js';
import { type EarlyRefusal, refuseEarly } from './early-refusal.js';
import { FileOnDisk } from './on-disk.js';
import { fileNameProblem } from './weights/file-name.js';
import { isLlama2cVersionedExport, readsAsLlama2cCheckpoint } from './weights/llama2c.js';
import { readsAsLlama2cTokenizer } from '../tokenizer/index.js';
import { parseShardIndex, SHARD_INDEX_FILE } from './weights/safetensors.js';
import { nextHead } from './weights/gguf.js';
import { whyUnreadable } from '../file-errors.js';

export type ModelFiles = ModelFileSet & {
  /** The commit a `hf:` source was read at (absent for other sources, and when the Hub's API could not say). */
  hubCommit?: string;
} & KeepsDownloads;

interface KeepsDownloads {
  /**
   * Writes what this load downloaded into the download cache (ResolveOptions.hubCache): called
   * once the load has parsed and checked the files, so that a file cut short where no length told
   * it (a chunked answer) is never kept to be read again. Absent where nothing is to be kept.
   */
  keep?: () => Promise<void>;
  /**
   * Removes the checkpoint files this load downloaded to disk (written there as they came, under
   * passing names, so that no file is held whole in memory) and did not keep: called with the
   * error where the load fails before keep(), and after keep() (no reason), once the upload is over
   * or the load failed, for those it did not move (kept already by another load, or no room).
   * Where the load broke off before keep() (a transfer cut, an abort) they are left as partial
   * downloads that the next load goes on from. Absent where none was.
   */
  discard?: (reason: unknown) => Promise<void>;
}

type ModelFileSet =
  | { format: 'huggingface'; files: Map<string, Uint8Array>;
      /**
       * Its safetensors files left on disk (a folder's path in Node), by name, read where their
       * tensors lie; files then holds none of them.
       */
      onDisk?: Map<string, FileOnDisk> }
  | { format: 'llama2c'; /** the checkpoint's name in files; other files are tokenizers given with it */ checkpoint: string;
      files: Map<string, Uint8Array> }
  | { format: 'gguf'; /** the .gguf file's name in files; its metadata holds the tokenizer */ checkpoint: string;
      files: Map<string, Uint8Array>;
      /**
       * The checkpoint left on disk (a path in Node), read where its tensors lie; files then holds
       * only its first bytes (the header, metadata and tensor infos).
       */
      onDisk?: FileOnDisk;
      /**
       * The name in files of a tokenizer given explicitly (LoadOptions.tokenizer), used instead of the GGUF's own.
       * Nothing else in files is ever taken for a tokenizer: a GGUF file carries its own.
       */
      tokenizer?: string };

/**
 * Bytes read over all files of the source; total grows once shard sizes are known. Engine.load
 * composes it with the upload into the public LoadProgress (src/engine.ts: phase and fraction).
 */
export interface ReadProgress {
  loaded: number;
  total: number;
  file: string;
}

export interface ResolveOptions {
  onProgress?: (p: ReadProgress) => void;
  /** Defaults to globalThis.fetch; injectable for tests and custom transports. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** An access token sent to the Hub (only there: hfEndpoint's, else huggingface.co) with the requests of `hf:` and Hub URL sources: gated and private repositories. */
  hfToken?: string;
  /** Where `hf:` sources are read: the Hub's address (default https://huggingface.co) or a mirror's. */
  hfEndpoint?: string;
  /**
   * Node: the folder `hf:` files are kept in once downloaded, read from there by later loads of
   * the same commit (a model's weights where they lie), or false to keep none: LoadOptions.hubCache.
   */
  hubCache?: string | false;
  /**
   * How long a download may go without a byte before it fails (ms, default 60 000; at most
   * 2^31 - 1): a server or proxy that stops sending without closing the connection, or that
   * takes a request and never answers it, would otherwise hold the load forever. Paths and
   * picked files have no such limit.
   */
  stallMs?: number;
  /** Further optional files of a Hugging Face folder to read (a trainer's optimizer state). */
  alsoRead?: string[];
  /**
   * Every file read into memory, a path's weights too (training fingerprints and rewrites its
   * model.safetensors). By default a path's checkpoint files (a GGUF, a folder's safetensors) are
   * left on disk and read where their tensors lie.
   */
  wholeFiles?: boolean;
  /** A tokenizer is given beside the model (LoadOptions.tokenizer): a GGUF's own is not refused early, as the load will not use it. */
  tokenizerGiven?: boolean;
  /**
   * The folder `default:<name>` models are under (a path in Node, a URL in browsers; the trailing / is optional);
   * default: the models/ folder shipped beside this package (in a browser, the first of its possible
   * URLs that serves the model's config.json), which a bundler may have moved.
   */
  modelsBase?: string;
}

/** A path (Node), URL, `hf:org/name[/path][@revision]`, `default:<name>` (a model shaderlm ships), or browser File / FileList / File[]. */
export type ModelSource = string | URL | File | ArrayLike<File> | Iterable<File>;

const HF_OPTIONAL_FILES = ['generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'chat_template.jinja'];

export async function resolveSource(source: ModelSource, options: ResolveOptions = {}): Promise<ModelFiles> {
  if (source instanceof URL) source = source.href; // new URL('models/x/', import.meta.url) reads as its string
  const progress = new Progress(options.onProgress, options.signal);
  const extra = options.alsoRead ?? [];
  const early: EarlyRefusal = { tokenizerGiven: options.tokenizerGiven ?? false };
  if (typeof source !== 'string') return fromFiles(pickedFiles(source), progress, extra, early);
  try {
    const loc = await stringLocation(source, false, options);
    const read = await fromLocation(loc, progress, early, extra, options.wholeFiles).catch(async (e: unknown) => {
      await loc.discard?.(e); // a shard downloaded to disk before another failed
      throw e;
    });
    return { ...read, ...(loc.hubCommit ? { hubCommit: loc.hubCommit } : {}), ...(loc.keep ? { keep: loc.keep, discard: loc.discard } : {}) };
  } catch (e) {
    // In a browser nothing checks a default's folder before reading it: say which model is absent.
    if (!source.startsWith('default:') || !(e instanceof ModelSourceError) || !/missing config\.json/.test(e.message)) throw e;
    throw defaultModelAbsent(source, e.message, 'LoadOptions.modelsBase', options.modelsBase !== undefined);
  }
}

/**
 * A default: model that is not under the models base: `setting` names what says where it is, for
 * the caller (a worker's engine is told by EngineSettings.modelsBase, and refuses LoadOptions'),
 * and `given` whether it was set (then the fix is to copy the model there, not to set it):
 * the error's `absentDefault` holds what a caller needs to say it again in its own words.
 */
export function defaultModelAbsent(source: string, detail: string, setting: string, given: boolean): ModelSourceError {
  const fix = given ? copyDefaultHere(source, setting) : `ship models/ with the page, or set ${setting} to where it is`;
  const error = new ModelSourceError(`the default model ${source} is not where this page looked (${detail}): ${fix}`);
  return Object.assign(error, { absentDefault: { source, detail } });
}

/** One file of any kind by path, URL, hf: spec or File: a tokenizer given beside a llama2.c checkpoint. */
export async function readSourceFile(source: string | URL | File, options: ResolveOptions = {}): Promise<{ name: string; bytes: Uint8Array } & KeepsDownloads> {
  if (source instanceof URL) source = source.href;
  const progress = new Progress(options.onProgress, options.signal);
  const loc = isFile(source) ? fileLocation([source], source.name) : await stringLocation(source, true, options);
  const name = loc.single!;
  return { name, bytes: (await readAll(loc, [name], [], progress)).get(name)!, ...(loc.keep ? { keep: loc.keep } : {}) };
}

/** One-file checkpoints: llama2.c's .bin and GGUF. */
const isCheckpointFile = (name: string) => name.toLowerCase().endsWith('.bin') || isGgufName(name);
const isGgufName = (name: string) => name.toLowerCase().endsWith('.gguf');

/** The format of a one-file checkpoint: by its name, or a GGUF file's magic (a GGUF named .bin). */
const singleFile = (name: string, files: Map<string, Uint8Array>): ModelFiles =>
  ({ format: isGgufName(name) || kindByMagic(files.get(name)!) === 'gguf' ? 'gguf' : 'llama2c', checkpoint: name, files });

/**
 * Strings: hf: specs and http(s) URLs everywhere, other strings are paths in Node and URLs in browsers.
 * A target ending in .bin or .gguf (or any target when asFile) is one file; anything else is a folder.
 */
async function stringLocation(source: string, asFile: boolean, o: ResolveOptions): Promise<Location> {
  if (source.trim() === '') throw new ModelSourceError(`the ${asFile ? 'file' : 'model'} source is empty: give a ${asFile ? 'file path' : 'folder, a file'}, a URL (https://...), ${asFile ? 'or hf:org/name/file' : 'hf:org/name or default:name'}`);
  if (source.startsWith('default:')) return onlyFiles(await stringLocation(await defaultLocation(source, o), asFile, o), DEFAULT_MODEL_FILES);
  const fetcher = o.hfToken ? withHubToken(o.fetch ?? globalThis.fetch, o.hfToken, o.hfEndpoint) : o.fetch ?? globalThis.fetch;
  const hub = { endpoint: o.hfEndpoint, token: o.hfToken !== undefined, signal: o.signal, stallMs: stallLimit(o.stallMs) };
  const caches = source.startsWith('hf:') ? await hubCacheRoots(o) : [];
  let answered: string | undefined; // the commit the Hub's API said the revision is at
  const kept: KeptCommit = {
    read: () => keptCommit(source, caches),
    async write(commit) {
      answered = commit;
    },
  };
  const hubRead = source.startsWith('hf:') ? await hfCommitUrl(source, fetcher, { ...hub, ...(caches.length ? { kept } : {}) }) : undefined;
  const url = hubRead?.url ?? (/^https?:\/\//i.test(source) || !isNode() ? source : undefined);
  if (url === undefined) {
    // In Node a file: URL is its path; another scheme was read as a path and "not found".
    if (/^file:/i.test(source)) return stringLocation((await nodeModule('node:url')).fileURLToPath(source), asFile, o);
    const scheme = /^([a-z][a-z\d+.-]+):\/\//i.exec(source)?.[1];
    if (scheme) throw new ModelSourceError(`${source}: ${scheme}: URLs are not read: give a path, a file: URL, an http(s) URL or hf:org/name`);
    return pathLocation(source, asFile || isCheckpointFile(source));
  }
  // fetch refuses them, and its message would print them.
  if (URL.canParse(url) && (new URL(url).username || new URL(url).password)) {
    throw new ModelSourceError('a URL with a user name or password in it is not fetched: give it without them (the Hub\'s access token goes in LoadOptions.hfToken)');
  }
  const single = asFile || isCheckpointFile(url.split(/[?#]/)[0]!);
  // No commit to keep the files under: read into memory, where a file past 4 GiB does not fit.
  const unkept = hubRead?.busy && caches.length ? `the Hub's API answered ${hubRead.busy} (busy or failing), so the download cache had no commit to keep it under and it was read into memory: load it again once the Hub answers, and it is kept on disk` : undefined;
  const loc = withFolderHint(urlLocation(url, single, fetcher, o.signal, stallLimit(o.stallMs), o.wholeFiles, unkept), source, single);
  if (!hubRead?.commit) return loc;
  const where = (absent: boolean) => caches.map((root) => hubCachePath(source, hubRead.commit!, root, absent));
  // The commit the Hub answered for the revision is kept with the files, for a load offline.
  const ref = answered ? { path: hubRefPath(source, caches[0]!), commit: answered } : undefined;
  const keeping = caches.length ? await keptLocation(loc, where(false), where(true), single, ref, o.signal) : loc;
  return { ...keeping, hubCommit: hubRead.commit, ...(hubRead.unasked ? { hubUnasked: true } : {}) };
}

/**
 * A `default:` name as a folder under `modelsBase` or the package's models/: a path in Node
 * (checked to exist), a URL in browsers (under modelsBase as given; else asked of each root).
 */
async function defaultLocation(source: string, o: ResolveOptions): Promise<string> {
  const roots = o.modelsBase !== undefined ? [o.modelsBase] : modelRoots(import.meta.url, globalThis.document?.baseURI);
  if (!isNode()) return o.modelsBase !== undefined ? defaultModelFolder(source, roots) : servedDefaultFolder(source, roots, o.fetch ?? globalThis.fetch, o.signal);
  const { fileURLToPath } = await nodeModule('node:url');
  const { existsSync } = await nodeModule('node:fs');
  return defaultModelFolder(source, roots.map((r) => (r.startsWith('file:') ? fileURLToPath(r) : r)), existsSync, o.modelsBase !== undefined);
}

/**
 * The folder of a `default:` model under the first of `roots` whose URL serves its config.json:
 * which root holds models/ depends on how the page was built (the repository's src/, the
 * package's dist/, a bundle), and a guess that is wrong reads only by luck (a URL clamped at the
 * site's root). Each candidate is asked for that small file in turn, through `fetcher`.
 */
export async function servedDefaultFolder(source: string, roots: readonly string[], fetcher: typeof fetch, signal?: AbortSignal): Promise<string> {
  const answers: string[] = [];
  for (const root of roots) {
    const folder = defaultModelFolder(source, [root]); // the default's folder under this root, unchecked
    const answer = await configAnswer(`${folder}/config.json`, fetcher, signal);
    if (answer === undefined) return folder;
    answers.push(answer);
  }
  throw new ModelSourceError(`the default model ${source} is not where this page looked (${answers.join('; ')}): set LoadOptions.modelsBase to the URL of the models/ folder the site serves, such as new URL('models/', document.baseURI).href`);
}

/** undefined when `url` serves a file; else what it answered instead, in words. */
async function configAnswer(url: string, fetcher: typeof fetch, signal: AbortSignal | undefined): Promise<string | undefined> {
  let res: Response;
  try {
    res = await getResponse(fetcher, url, signal);
  } catch (e) {
    if (e instanceof ModelSourceError) return e.message; // the next root may serve it
    throw e;
  }
  void res.body?.cancel().catch(() => undefined); // only the answer counts: the loader reads the file
  if (!res.ok) return `${url}: ${res.status} ${res.statusText}`.trimEnd();
  return isHtmlPage(res) ? `${url} answered with an HTML page` : undefined;
}

/** A place files are read from by name: a folder, a base URL, or a set of File objects. */
interface Location {
  name: string;
  /** The name of the one file here (a llama2.c or GGUF checkpoint, or readSourceFile's target); unset for folders. */
  single?: string;
  /** The commit of the Hub a `hf:` source's files are read at. */
  hubCommit?: string;
  /**
   * The Hub could not be asked (offline, or busy): hubCommit is the one a cache keeps. An optional file
   * neither kept nor answered for then is read as absent: huggingface_hub's cache marks no file it never asked for.
   */
  hubUnasked?: true;
  /** undefined when the file does not exist; the transfer starts here, the bytes come from read. */
  open(file: string): Promise<Opened | undefined>;
  /** What a file open() found missing was instead, where that says more than its absence. */
  missingAs?(file: string): string | undefined;
  /** A checkpoint file left on disk (a path in Node; undefined when it does not exist), where files are not read whole. */
  onDisk?(file: string): Promise<FileOnDisk | undefined>;
  /**
   * A download's rest from byte `from` on (a Range request), where an earlier one broke off there:
   * undefined where the server answers anything but those bytes (the download then begins again).
   */
  rest?(file: string, from: number, stop: AbortSignal, ifRange?: string): Promise<Rest | undefined>;
  /** Keeps what was downloaded from here (keptLocation): ModelFiles.keep. */
  keep?(): Promise<void>;
  /** Removes what was downloaded to disk from here and not kept, or leaves it to go on from: ModelFiles.discard. */
  discard?(reason: unknown): Promise<void>;
}
interface Opened {
  size: number | undefined;
  /**
   * Reads the file, telling `onChunk` each chunk's length and the bytes read so far; `stop` (another
   * file of the load failed) ends the read at once, rejecting with its reason.
   */
  read(onChunk: (bytes: number, sofar: Uint8Array) => void, stop: AbortSignal): Promise<Uint8Array>;
  /** A download's bytes handed to `take` as they come, each awaited (a write to disk), instead of held: how many came. */
  pipe?(take: (chunk: Uint8Array, at: number) => Promise<void>, stop: AbortSignal): Promise<number>;
  /**
   * A download a cache keeps (keptLocation): written to disk as it comes and left there, read
   * where its tensors lie like a path's, with no 4 GiB limit; `onChunk` sees the first
   * `headBytes` only (what the early refusal looks at). Where the cache cannot take the file,
   * read into memory instead (as read(): its bytes, all of them given to onChunk).
   */
  toDisk?(onChunk: (bytes: number, head: Uint8Array) => void, stop: AbortSignal, headBytes: number): Promise<FileOnDisk | Uint8Array>;
  /** Ends a transfer that will not be read (a download's open connection). */
  cancel(): void;
  /**
   * What names these bytes' version (the answer's ETag, else its Last-Modified): a partial download
   * is gone on from only where its own matches, or a changed file would be spliced onto another's start.
   */
  validator?: string;
}

/** The rest of a file from a byte on (Location.rest). */
interface Rest {
  /** The whole file's size, as the server says it. */
  size: number;
  /** As Opened.pipe, `at` counting from `from`. */
  pipe: NonNullable<Opened['pipe']>;
  cancel(): void;
}

/** `loc` where only `names` exist: the others are absent without being asked for. */
function onlyFiles(loc: Location, names: readonly string[]): Location {
  return { ...loc, open: (file) => (names.includes(file) ? loc.open(file) : Promise.resolve(undefined)) };
}

/**
 * `loc`'s files: a checkpoint (a GGUF, a folder's safetensors) on disk is left there (unless
 * `whole`), and so is one a cache keeps as it downloads (Opened.toDisk); the other files are read.
 */
async function fromLocation(loc: Location, progress: Progress, early: EarlyRefusal, extra: string[] = [], whole = false): Promise<ModelFiles> {
  const onDisk = whole ? undefined : loc.onDisk;
  const leave = (names: string[]) => (whole ? [] : names); // downloads written to disk as they come
  if (loc.single && isGgufName(loc.single)) {
    const name = loc.single;
    const found = await onDisk?.(name);
    const read = found ? undefined : await readFiles(loc, [name], [], progress, early, leave([name]));
    const file = found ? countReads(found, name, progress) : read!.onDisk.get(name);
    if (file) return { format: 'gguf', checkpoint: name, files: new Map([[name, settledHead(file, name, early)]]), onDisk: file };
    return singleFile(name, read!.files);
  }
  if (loc.single) return singleFile(loc.single, await readAll(loc, [loc.single], [], progress, early));
  // model.safetensors first, as transformers takes it: the shard index is read only without it, so
  // a folder holding both is read once (a stale single file beside the shards is what loads there too).
  // Weights on disk are left there (nothing of them is read before config.json has been, and not refused).
  const single = await onDisk?.('model.safetensors');
  if (single) countReads(single, 'model.safetensors', progress);
  const read = await readFiles(loc, ['config.json'], [...(single ? [] : ['model.safetensors']), ...HF_OPTIONAL_FILES, ...extra], progress, early, leave(['model.safetensors']));
  const { files } = read;
  // Said once the files are all read (a load that fails says only why); the weights' absence is judged below.
  const saySkipped = () => sayLoadedWithout(loc, read.skipped.filter((n) => n !== 'model.safetensors'));
  const weights = single ?? read.onDisk.get('model.safetensors');
  if (weights || files.has('model.safetensors')) {
    saySkipped();
    return { format: 'huggingface', files, ...(weights ? { onDisk: new Map([['model.safetensors', weights]]) } : {}) };
  }
  const index = (await readAll(loc, [], [SHARD_INDEX_FILE], progress)).get(SHARD_INDEX_FILE);
  if (!index) {
    // An HTML page answered for them (a site's fallback for a missing file) is said, as for config.json.
    const why = [...new Set(['model.safetensors', SHARD_INDEX_FILE].map((n) => loc.missingAs?.(n)).filter(Boolean))];
    // Offline, the weights that are neither kept nor fetched were read as absent (readFiles): they may be on the Hub.
    const unasked = loc.hubUnasked ? `: the Hub could not be asked, and no download cache keeps either at commit ${loc.hubCommit}` : '';
    throw new ModelSourceError(`${loc.name}: no model.safetensors or ${SHARD_INDEX_FILE} (only safetensors weights load)${why.length ? `: ${why.join('; ')}` : ''}${unasked}`);
  }
  files.set(SHARD_INDEX_FILE, index);
  // The shards on disk are left there; the others (a download's not yet kept) are read.
  const { shards } = parseShardIndex(index);
  const found = await Promise.all(shards.map((name) => onDisk?.(name)));
  const kept = new Map(shards.flatMap((name, i) => (found[i] ? [[name, countReads(found[i], name, progress)] as const] : [])));
  const absent = shards.filter((name) => !kept.has(name));
  const shardsRead = await readFiles(loc, absent, [], progress, undefined, leave(absent));
  for (const [name, bytes] of shardsRead.files) files.set(name, bytes);
  for (const [name, file] of shardsRead.onDisk) kept.set(name, file);
  saySkipped();
  return { format: 'huggingface', files, ...(kept.size ? { onDisk: kept } : {}) };
}

/**
 * Offline (or with the Hub busy), the optional files `skipped` were neither kept nor answered for:
 * the repository may not have them at all (huggingface_hub marks none it was not asked for), or the
 * load goes without what they say (a chat template, generation settings).
 */
function sayLoadedWithout(loc: Location, skipped: string[]): void {
  if (!skipped.length) return;
  const them = skipped.length > 1 ? 'them' : 'it';
  console.warn(`shaderlm: ${loc.name}: the Hub could not be asked whether the repository has ${skipped.join(', ')}, and no download cache keeps ${them} at commit ${loc.hubCommit}: loaded without ${them}`);
}

/** readFiles' files, all read into memory. */
async function readAll(loc: Location, required: string[], optional: string[], progress: Progress, early?: EarlyRefusal): Promise<Map<string, Uint8Array>> {
  return (await readFiles(loc, required, optional, progress, early)).files;
}

/** A GGUF's head may be megabytes of metadata: so much of a download written to disk is looked at as it comes. */
const GGUF_HEAD_BYTES = 16 << 20;

/**
 * Opens every file at once (downloads overlap), then reads them; a missing required file is an
 * error. The first file that fails to open or read, or (`early`: a model's files) that its first
 * bytes show the load would refuse (refuseEarly), ends the others' transfers: nothing goes on
 * downloading, or reporting progress, for a load that has failed. The files named in `leave` that
 * the location writes to disk as they download (Opened.toDisk) are left there (onDisk).
 */
async function readFiles(loc: Location, required: string[], optional: string[], progress: Progress, early?: EarlyRefusal, leave: readonly string[] = []) {
  const names = [...required, ...optional];
  // Not there and not answered for, with the Hub's API unasked too: loaded without, as transformers loads
  // from huggingface_hub's cache, and said (review AL: unsaid, a busy Hub's model lost its chat template).
  const skipped: string[] = [];
  const unreachable = (name: string) => (e: unknown) => {
    if (!(loc.hubUnasked && (e instanceof UnansweredRequestError || e instanceof BusyServerError))) return Promise.reject(e);
    skipped.push(name);
    return undefined;
  };
  const opening = await Promise.allSettled(names.map((n, i) => (i < required.length ? loc.open(n) : loc.open(n).catch(unreachable(n)))));
  const opened = opening.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
  const cancelAll = () => opened.forEach((o) => o?.cancel());
  const failed = opening.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    cancelAll();
    throw failed.reason;
  }
  const missing = required.filter((_, i) => !opened[i]);
  if (missing.length) {
    cancelAll();
    throw new ModelSourceError(`${loc.name}: missing ${missing.map((n) => (loc.missingAs?.(n) ? `${n} (${loc.missingAs(n)})` : n)).join(', ')}`);
  }
  for (const o of opened) progress.expect(o?.size ?? 0);
  const files = new Map<string, Uint8Array>();
  const onDisk = new Map<string, FileOnDisk>();
  const stop = new AbortController();
  await Promise.allSettled(opened.map(async (o, i) => {
    if (!o) return;
    const name = names[i]!;
    // Looked at as the bytes come, at each doubling from 64 KiB: a GGUF's metadata can be megabytes.
    let settled = !early; // a model's files only: a tokenizer given alone may be a GGUF of no tensors
    let lookAt = 1 << 16;
    const onChunk = (n: number, sofar: Uint8Array) => {
      stop.signal.throwIfAborted();
      progress.add(n, name);
      if (!settled && sofar.byteLength >= lookAt) {
        settled = refuseEarly(name, sofar, false, early);
        lookAt = 2 * sofar.byteLength;
      }
    };
    try {
      const read = o.toDisk && leave.includes(name) ? await o.toDisk(onChunk, stop.signal, isGgufName(name) ? GGUF_HEAD_BYTES : 1 << 16) : await o.read(onChunk, stop.signal);
      if (read instanceof FileOnDisk) {
        // Whole, the full load checks it (settledHead, the loaders): no look at its bytes here.
        progress.settle(read.byteLength - (o.size ?? 0));
        read.onNewBytes = () => progress.check(); // counted as it came; an abort stops the checks' reads
        onDisk.set(name, read);
        return;
      }
      const bytes = read;
      if (!settled) refuseEarly(name, bytes, true, early);
      progress.settle(bytes.byteLength - (o.size ?? 0));
      files.set(name, bytes);
    } catch (e) {
      if (!stop.signal.aborted) stop.abort(e);
      throw e;
    }
  }));
  // The first failure, once every transfer has stopped: a download to disk that ended meanwhile is
  // the location's to discard (ModelFiles.discard), not left behind.
  if (stop.signal.aborted) throw stop.signal.reason;
  // Keep the order of names (the reads finish in any order).
  return { files: new Map(names.filter((n) => files.has(n)).map((n) => [n, files.get(n)!])), onDisk, skipped: names.filter((n) => skipped.includes(n)) };
}

/**
 * A GGUF left on disk: its first bytes, read again at each doubling from 64 KiB until they settle
 * the early refusal (a GGUF's metadata can be megabytes); the rest is read where the loader asks.
 */
function settledHead(file: FileOnDisk, name: string, early: EarlyRefusal): Uint8Array {
  for (let n = Math.min(file.byteLength, 1 << 16); ; n = nextHead(n, file, name)) {
    const head = file.read(0, n);
    const complete = n === file.byteLength;
    if (refuseEarly(name, head, complete, early, file.byteLength) || complete) return head;
  }
}

/**
 * A file left on disk counts whole as read as the load reads it: its head as the load resolves or
 * parses it, each tensor the first time the loader reads it (its checks, before 'convert'), where an
 * abort stops it too.
 */
function countReads(file: FileOnDisk, name: string, progress: Progress): FileOnDisk {
  progress.expect(file.byteLength);
  progress.add(0, name); // the new total is told at once: what was read before is not all of it
  file.onNewBytes = (n) => progress.add(n, name);
  return file;
}

/** Each file is read into one typed array, whose length V8 (Node, Chromium) caps at 4 GiB. */
const MAX_FILE_BYTES = 2 ** 32;

/**
 * `whole`: read whole because the caller asks for whole files (training), where it would be left on
 * disk otherwise. `unkept`: why a Hub download is not kept though the download cache is on, said in
 * place of the advice to turn the cache on.
 */
function checkFileSize(file: string, bytes: number, whole = false, unkept?: string): void {
  if (bytes > MAX_FILE_BYTES) {
    // Only safetensors checkpoints come split into shards; a GGUF or llama2.c file is one file.
    const path = file.split(/[?#]/)[0]!.toLowerCase();
    const split = 'a checkpoint split into smaller files (model-00001-of-0000N.safetensors)';
    // A Hub download the cache keeps is written to disk as it comes (Node), and has no such limit either.
    const onDiskInNode = unkept ?? 'in Node, give its path or load it as hf:org/name with the download cache on (LoadOptions.hubCache)';
    const advice = path.endsWith('.safetensors') ? (whole ? `training reads its checkpoint whole: train from ${split}` : `${onDiskInNode.replace('its path', 'its folder\'s path')}: weights read from disk where their tensors lie have no such limit; or use ${split}`)
      : isGgufName(path) ? `${onDiskInNode}: a GGUF read from disk where its tensors lie has no such limit; or use a smaller quantization of the model (q4_0, q4_K)` : 'it does not load here';
    throw new ModelTooLargeError(`${file}: ${bytes} bytes, past the ${MAX_FILE_BYTES} (4 GiB) one file can be read into (JavaScript's largest typed array): ${advice}`);
  }
}

/** Counts the bytes read; each chunk is also where an abort stops a read (paths and Files too, not only fetch). */
class Progress {
  private loaded = 0;
  private total = 0;
  constructor(
    private readonly onProgress?: (p: ReadProgress) => void,
    private readonly signal?: AbortSignal,
  ) {}
  expect(bytes: number): void {
    this.total += bytes;
  }
  /** Sizes can be unknown or compressed on the wire: correct the total once a file is complete. */
  settle(extra: number): void {
    this.total += extra;
  }
  /** Throws for an aborted load: where reads that count nothing new go on (a download's checks from disk). */
  check(): void {
    this.signal?.throwIfAborted();
  }
  add(bytes: number, file: string): void {
    this.check();
    this.loaded += bytes;
    this.onProgress?.({ loaded: this.loaded, total: Math.max(this.total, this.loaded), file });
  }
}

/** A download's default limit on a wait for its next bytes. */
const DEFAULT_STALL_MS = 60_000;

/** stallMs, checked: setTimeout takes whole milliseconds up to 2^31 - 1 and fires at once past them. */
export function stallLimit(stallMs: number | undefined): number {
  if (stallMs === undefined) return DEFAULT_STALL_MS;
  if (!(Number.isFinite(stallMs) && stallMs >= 1 && stallMs <= 2 ** 31 - 1)) {
    throw new RangeError(`LoadOptions.stallMs (how long a download may go without a byte) must be a number of milliseconds from 1 to ${2 ** 31 - 1}, got ${show(stallMs)}`);
  }
  return stallMs;
}

function urlLocation(url: string, single: boolean, fetcher: typeof fetch, signal: AbortSignal | undefined, stallMs: number, whole = false, unkept?: string): Location {
  const path = url.split(/[?#]/)[0]!;
  const base = single ? url : url.replace(/\/+$/, '');
  const htmlPages = new Map<string, string>(); // file -> its URL, for files answered with an HTML page
  const targetOf = (file: string) => (single ? base : `${base}/${plainFileName(file, base)}`);
  return {
    name: base,
    ...(single ? { single: path.slice(path.lastIndexOf('/') + 1) } : {}),
    missingAs: (file) => {
      const target = htmlPages.get(file);
      return target && `${target} answered with an HTML page, not the file: a site's fallback page for a missing file?`;
    },
    async rest(file, from, stop, ifRange) {
      const target = targetOf(file);
      // Another file's failure stops the request too, as it stops the transfers.
      const asking = signal ? AbortSignal.any([signal, stop]) : stop;
      // If-Range: a server whose file changed since the partial download answers with the whole new one (200).
      const headers = { range: `bytes=${from}-`, ...(ifRange && !ifRange.startsWith('W/') ? { 'if-range': ifRange } : {}) };
      const res = await getResponse(fetcher, target, asking, stallMs, headers).catch((e: unknown) => {
        // The server answered moments ago: a request that gets no answer now is a transfer cut, whose bytes stay to go on from.
        throw asking.aborted || !(e instanceof Error) ? e : new TransferCutError(e.message, { cause: e });
      });
      const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
      const cancel = () => void res.body?.cancel().catch(() => undefined);
      // Busy or failing for now (rate limited, a gateway down): the bytes on disk stay to go on from, not begun again (review AK).
      if (res.status === 429 || res.status >= 500) {
        cancel();
        throw new TransferCutError(`GET ${target} for its bytes from ${from} on: ${res.status} ${res.statusText}`.trimEnd() + ': the server is busy or failing for now');
      }
      // Only the bytes asked for, to the file's end; a whole file (200), an error, another range: begun again.
      if (res.status !== 206 || !res.body || !range || Number(range[1]) !== from || Number(range[2]) + 1 !== Number(range[3])) {
        cancel();
        return undefined;
      }
      const size = Number(range[3]);
      return { size, pipe: (take, stop) => pumpStream(target, res.body!, size - from, take, { signal, stop, stallMs, from }), cancel };
    },
    async open(file) {
      const target = targetOf(file);
      const res = await getResponse(fetcher, target, signal, stallMs);
      if (res.status === 404) return undefined;
      if (!res.ok || !res.body) {
        const hint = res.status === 401 || res.status === 403 ? ' (a gated or private repository?)' : '';
        const busy = res.status === 429 || res.status >= 500;
        throw new (busy ? BusyServerError : ModelSourceError)(`GET ${target}: ${res.status} ${res.statusText}${hint}`);
      }
      if (isHtmlPage(res)) {
        htmlPages.set(file, target);
        void res.body.cancel().catch(() => undefined);
        return undefined;
      }
      // A compressed response's length is of the compressed bytes, not of those fetch hands over.
      const encoding = res.headers.get('content-encoding');
      const length = encoding && encoding !== 'identity' ? NaN : Number(res.headers.get('content-length'));
      const size = Number.isFinite(length) && length > 0 ? length : undefined;
      const validator = res.headers.get('etag') ?? res.headers.get('last-modified') ?? undefined;
      return {
        size,
        ...(validator ? { validator } : {}),
        read: async (onChunk, stop) => {
          // Into memory; written to disk as it comes (pipe), a file has no such limit.
          if ((size ?? 0) > MAX_FILE_BYTES) {
            void res.body!.cancel().catch(() => undefined);
            checkFileSize(target, size!, whole, unkept);
          }
          return readStream(target, res.body!, size, onChunk, { signal, stop, stallMs, whole, unkept });
        },
        pipe: (take, stop) => pumpStream(target, res.body!, size, take, { signal, stop, stallMs }),
        cancel: () => void res.body!.cancel().catch(() => undefined),
      };
    },
  };
}

async function fromFiles(picked: File[], progress: Progress, extra: string[], early: EarlyRefusal): Promise<ModelFiles> {
  // A picked folder's own files: its subfolders (.git, checkpoint-N/, another format's copy) are not the model.
  const list = picked.filter((f) => (f.webkitRelativePath || '').split('/').length <= 2); // Node's File has none
  // Two models' folders picked or dropped together: one config.json would silently win over the other.
  const byName = new Map<string, File>();
  for (const f of list) {
    const first = byName.get(f.name);
    const where = first?.webkitRelativePath && f.webkitRelativePath ? ` (${first.webkitRelativePath} and ${f.webkitRelativePath})` : '';
    if (first) throw new ModelSourceError(`selected files: two files named ${f.name}${where}: select one model's files (one folder)`);
    byName.set(f.name, f);
  }
  if (list.some((f) => f.name === 'config.json')) return fromLocation(fileLocation(list), progress, early, extra);
  // A .gguf is the checkpoint, with its own tokenizer (other files are not read); else a llama2.c .bin, told by its bytes.
  const ggufs = list.filter((f) => isGgufName(f.name));
  if (ggufs.length > 1) throw new ModelSourceError(`selected files: several GGUF files (${ggufs.map((f) => f.name).join(', ')}); select one`);
  if (ggufs[0]) return singleFile(ggufs[0].name, await readAll(fileLocation(list), [ggufs[0].name], [], progress, early));
  const bins = list.filter((f) => f.name.toLowerCase().endsWith('.bin')).sort((a, b) => b.size - a.size);
  if (!bins.length) {
    throw new ModelSourceError(`selected files (${list.map((f) => f.name).join(', ')}): expected config.json, a .gguf or a llama2.c .bin`);
  }
  const files = await readAll(fileLocation(list), list.map((f) => f.name), [], progress, early);
  return singleFile(llama2cCheckpointOf(bins.map((f) => f.name), files), files);
}

/**
 * The checkpoint among picked llama2.c files (largest first): the one .bin whose header and size
 * agree. None does (a cut download), the largest that is neither a tokenizer nor a versioned
 * export (stories260K_q8.bin), so that the load names what is wrong with the checkpoint itself.
 */
function llama2cCheckpointOf(bins: string[], files: Map<string, Uint8Array>): string {
  const whole = bins.filter((name) => readsAsLlama2cCheckpoint(files.get(name)!));
  if (whole.length > 1) throw new ModelSourceError(`selected files: several llama2.c checkpoints (${whole.join(', ')}); select one`);
  const damaged = bins.find((name) => !isLlama2cVersionedExport(files.get(name)!) && !readsAsLlama2cTokenizer(files.get(name)!));
  return whole[0] ?? damaged ?? bins[0]!;
}

function fileLocation(list: File[], single?: string): Location {
  const byName = new Map(list.map((f) => [f.name, f]));
  return {
    name: 'selected files',
    ...(single ? { single } : {}),
    async open(file) {
      const f = byName.get(file);
      if (!f) return undefined;
      checkFileSize(f.name, f.size);
      return { size: f.size, read: (onChunk, stop) => readStream(f.name, f.stream(), f.size, onChunk, { stop }), cancel: () => undefined };
    },
  };
}

/**
 * A URL or hf: spec read as a folder that names one of a folder's files (…/config.json,
 * hf:org/name/model.safetensors): its missing config.json says to give the folder, as a path does.
 */
function withFolderHint(loc: Location, source: string, single: boolean): Location {
  const [target = '', revision] = source.startsWith('hf:') ? source.split('@') : [source.split(/[?#]/)[0]];
  if (single || !/\/[^/]+\.(json|safetensors)$/.test(target)) return loc;
  const folder = `${target.slice(0, target.lastIndexOf('/'))}${revision === undefined ? '' : `@${revision}`}`;
  return { ...loc, missingAs: (file) => (file === 'config.json' ? `${source} names a file: give its folder, ${folder}` : loc.missingAs?.(file)) };
}

async function pathLocation(path: string, asFile: boolean): Promise<Location> {
  const fs = await nodeModule('node:fs/promises');
  const { basename, dirname, join } = await nodeModule('node:path');
  const stat = await fs.stat(path).catch((e: unknown) => {
    throw new ModelSourceError(`${path}: ${whyUnreadable(e, 'no such file or folder')}`);
  });
  if (stat.isDirectory() === asFile) {
    // A file of a Hugging Face folder given alone (model.safetensors, config.json): the folder is the model,
    // where it holds a config.json.
    const folderIsModel = !asFile && /\.(safetensors|json)$/.test(path) && (await fs.stat(join(dirname(path), 'config.json')).catch(() => undefined))?.isFile();
    const inFolder = folderIsModel ? `: give its folder, ${dirname(path)}` : '';
    // A folder given for one file (a tokenizer): the file in it that would do.
    const named = (n: string) => (/^tok/i.test(n) ? 0 : 1); // tokenizer.json, tok512.bin before a checkpoint's .bin
    const inside = asFile ? (await fs.readdir(path).catch(() => [] as string[])).filter((n) => /^tokenizer\.json$|\.(bin|gguf)$/i.test(n)).sort((a, b) => named(a) - named(b) || a.localeCompare(b)) : [];
    const oneOf = inside.length ? `, found a folder: give the file itself, such as ${join(path, inside[0]!)}` : ', found a folder';
    throw new ModelSourceError(`${path}: expected ${asFile ? `a file${oneOf}` : 'a folder holding config.json or a llama2.c .bin file (or a .gguf file)'}${inFolder}`);
  }
  const single = asFile ? basename(path) : undefined;
  // A folder is read as a Hugging Face model; one holding only a GGUF or llama2.c file is named with it.
  const checkpoints = single ? [] : (await fs.readdir(path).catch(() => [] as string[])).filter(isCheckpointFile).sort();
  const fullPath = (file: string) => (single ? path : join(path, plainFileName(file, path)));
  /** undefined when `full` does not exist; an error when it is no file, or cannot be read (a loop of links, no permission). */
  const fileStat = async (full: string, file: string) => {
    const found = await fs.stat(full).catch((e: { code?: string }) => {
      if (e.code === 'ENOENT') return undefined;
      throw new ModelSourceError(`${full}: ${whyUnreadable(e)}`);
    });
    if (found && !found.isFile()) throw new ModelSourceError(`${full}: expected the file ${file}, found ${found.isDirectory() ? 'a folder' : 'something else'}`);
    return found;
  };
  return {
    name: path,
    ...(single ? { single } : {}),
    missingAs: (file) => (file === 'config.json' && checkpoints.length
      ? `the folder holds ${checkpoints.join(', ')}: give ${checkpoints.length > 1 ? `one of them as the model, such as ${join(path, checkpoints[0]!)}` : `that file as the model, ${join(path, checkpoints[0]!)}`}`
      : undefined),
    // A GGUF or a folder's safetensors given by path: no size limit, nor the whole file in memory.
    async onDisk(file) {
      const full = fullPath(file);
      const stat = await fileStat(full, file);
      return stat && fileOnDisk(full, stat.size);
    },
    async open(file) {
      const full = fullPath(file);
      const stat = await fileStat(full, file);
      return stat && openOnDisk(full, stat.size);
    },
  };
}

/**
 * A file of Node's file system left there, read where the loader asks; `size` as the caller found
 * it. Its modification time and inode are taken now: every read checks the file is still this one.
 */
async function fileOnDisk(path: string, size: number): Promise<FileOnDisk> {
  const fs = await nodeModule('node:fs');
  let stat: { mtimeMs: number; ino: number };
  try {
    stat = fs.statSync(path);
  } catch (e) {
    throw new ModelSourceError(`${path}: cannot be read: ${(e as Error).message}`);
  }
  return new FileOnDisk(path, { size, mtimeMs: stat.mtimeMs, ino: stat.ino }, fs);
}

/** A file of Node's file system to read whole: its size checked, read in chunks (a read stops at its next chunk, where onChunk sees the stop, never more than 16 MiB on). */
function openOnDisk(path: string, size: number): Opened {
  checkFileSize(path, size, true);
  return { size, read: (onChunk) => readFileChunks(path, size, onChunk), cancel: () => undefined };
}

/**
 * Node: the folders `hf:` files are kept in, the first written (ResolveOptions.hubCache), then
 * huggingface_hub's own (HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub), only read:
 * a model that Python's tools downloaded is not downloaded again. None in a browser, where
 * hubCache is false, or where the caller's fetch is used and no cache is named.
 */
async function hubCacheRoots(o: ResolveOptions): Promise<string[]> {
  if (!isNode() || o.hubCache === false || (o.fetch && o.hubCache === undefined)) return [];
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const { homedir } = await nodeModule('node:os');
  const ours = o.hubCache ?? hubCacheFolder(env, homedir());
  if (ours === undefined) return [];
  const theirs = huggingfaceHubCache(env, homedir());
  return ours === theirs ? [ours] : [ours, theirs];
}

/** The commit the caches keep for `spec`'s revision, where its files are kept too (the first cache that has one): for a load that cannot reach the Hub. */
async function keptCommit(spec: string, roots: string[]): Promise<string | undefined> {
  const fs = await nodeModule('node:fs/promises');
  for (const root of roots) {
    const commit = (await fs.readFile(hubRefPath(spec, root), 'utf8').catch(() => '')).trim();
    if (/^[0-9a-f]{40}$/.test(commit) && (await fs.stat(hubCachePath(spec, commit, root)).catch(() => undefined))) return commit;
  }
  return undefined;
}

/** A name beside `path` for a file written there before it is whole, renamed to `path` once it is: no reader finds half a file. */
const passingName = (path: string) => `${path}.${process.pid}-${Math.random().toString(36).slice(2)}.incomplete`;

/**
 * A passing name beside `path` (passingName), its folder made. Passing files an hour untouched
 * are removed: a process ended while it wrote them (killed); a live download writes to its own
 * as its bytes come.
 */
async function passingPath(path: string): Promise<string> {
  const fs = await nodeModule('node:fs/promises');
  const { basename, dirname, join } = await nodeModule('node:path');
  await fs.mkdir(dirname(path), { recursive: true });
  for (const name of await fs.readdir(dirname(path))) {
    if (!name.startsWith(`${basename(path)}.`) || !name.endsWith('.incomplete')) continue;
    const stale = join(dirname(path), name);
    if (Date.now() - ((await fs.stat(stale).catch(() => undefined))?.mtimeMs ?? Date.now()) > 3_600_000) await fs.rm(stale, { force: true });
  }
  return passingName(path);
}

/** Writes `bytes` at `path` under a passing name renamed once complete; true, or what failed. */
async function writeWhole(path: string, bytes: Uint8Array): Promise<true | Error> {
  const fs = await nodeModule('node:fs/promises');
  let passing: string | undefined;
  try {
    passing = await passingPath(path);
    await fs.writeFile(passing, bytes);
    await fs.rename(passing, path);
    return true;
  } catch (e) {
    if (passing) await fs.rm(passing, { force: true }).catch(() => undefined);
    return e as Error;
  }
}

/** Where a download to disk that broke off (TransferCutError, an aborted load) leaves what came: beside `path`, for the next load to go on from. */
const partialPath = (path: string) => `${path}.partial`;
/** Beside a partial download: the validator of the version its bytes are of (Opened.validator). */
const validatorPath = (path: string) => `${path}.partial.validator`;

/**
 * Moves a download to its name in the cache, never over a whole file of its size there: a load of
 * the same commit that kept it first may be reading it still, and a file replaced under a load is
 * refused (on-disk.ts). A hard link, which fails where the name is taken, then the passing name
 * removed. Where no link was made (the name taken, or a file system without hard links): 'kept
 * already' where a file of its size holds the name, else a rename over what holds it (a link to
 * nothing, a file of another size: replaced, as before; a folder: the rename's error).
 */
async function keepOnDisk(file: FileOnDisk, path: string): Promise<Error | 'kept already' | undefined> {
  const fs = await nodeModule('node:fs/promises');
  const passing = file.path;
  const linked = await fs.link(passing, path).then(() => true, () => false);
  if (!linked) {
    const there = await fs.stat(path).catch(() => undefined);
    if (there?.isFile() && there.size === file.byteLength) return 'kept already';
    const renamed = await fs.rename(passing, path).then(() => undefined, (e: Error) => e);
    if (renamed) return renamed;
  }
  file.moved(path);
  if (linked) await fs.rm(passing, { force: true }).catch(() => undefined); // left over, it is only a stray passing file
  return undefined;
}

/**
 * A cut transfer's error once its bytes are left to go on from, saying so: whoever sees it learns that
 * running the load again is not starting over. Other errors (a stopped load: Ctrl-C says so itself) as they are.
 */
function keptToGoOn(e: unknown): unknown {
  return e instanceof TransferCutError ? new TransferCutError(`${e.message} (what came is kept in the download cache: the next load goes on from there)`, { cause: e }) : e;
}

/** A download's file at `at`, not kept: left as `path`'s partial download where `partial` (the next load goes on from it), else removed; whether it was left. */
async function leaveOrRemove(at: string, path: string, partial: boolean, validator?: string): Promise<boolean> {
  const fs = await nodeModule('node:fs/promises');
  const remove = () => fs.rm(at, { force: true }).then(() => false, () => false);
  // A cut before the first byte leaves nothing to go on from: no empty partial, no "what came is kept".
  const st = partial ? await fs.stat(at, { bigint: true }).catch(() => undefined) : undefined;
  if (!st?.size) return remove();
  // The validator goes with the file's inode, which the rename keeps: two loads leaving partials at once
  // cannot pair one's bytes with the other's validator unseen (review AM). Written first, and for every
  // partial (an empty validator where the server gave none): one found without its record is begun again.
  const noted = await fs.writeFile(validatorPath(path), `${st.ino}\n${validator ?? ''}`).then(() => true, () => false);
  if (!noted) return remove(); // one that could not be checked later is not left
  return fs.rename(at, partialPath(path)).then(() => true, () => false);
}

/**
 * The validator kept beside the partial download of `path` that a load claimed as `claimed`, the
 * record then removed; undefined where the server gave none then (gone on from unchecked);
 * 'another' where the record is of another file (a partial left since, a stale record), kept, or
 * where there is none (a record another load removed as this partial was left; a partial older
 * than records): begun again, which costs a download, never a spliced file (review AN).
 */
async function claimedValidator(path: string, claimed: string): Promise<string | undefined | 'another'> {
  const fs = await nodeModule('node:fs/promises');
  const record = await fs.readFile(validatorPath(path), 'utf8').catch(() => undefined);
  if (record === undefined) return 'another';
  const [ino, validator] = [record.slice(0, record.indexOf('\n')), record.slice(record.indexOf('\n') + 1)];
  if (ino !== String((await fs.stat(claimed, { bigint: true })).ino)) return 'another';
  await fs.rm(validatorPath(path), { force: true }).catch(() => undefined);
  return validator || undefined;
}

type FileHandle = Awaited<ReturnType<typeof import('node:fs/promises').open>>;

/** A passing file a download is written into, open, holding the file's first `from` bytes already. */
interface PassingFile {
  passing: string;
  handle: FileHandle;
  from: number;
}

/**
 * A new passing file for a download of `path` (its place in the cache), open to write; undefined
 * where the cache's folder cannot take one (read-only, no permission, a file in its place):
 * nothing of the download has been read then, and it is read into memory instead, as without a cache.
 */
async function newPassingFile(path: string): Promise<PassingFile | undefined> {
  const fs = await nodeModule('node:fs/promises');
  try {
    const passing = await passingPath(path);
    return { passing, handle: await fs.open(passing, 'wx'), from: 0 };
  } catch {
    return undefined;
  }
}

/** A failed write into the cache, in words that say why and how to load without it. */
function cannotWrite(path: string, e: Error): ModelSourceError {
  const full = (e as { code?: string }).code === 'ENOSPC' ? 'free space there, or ' : '';
  return new ModelSourceError(`${path}: the download cannot be written to the download cache: ${e.message}: ${full}keep no downloads (LoadOptions.hubCache false, SHADERLM_CACHE=off), which reads each file into memory (up to 4 GiB a file)`);
}

/**
 * A download written, as its bytes come, into `into` (a passing file beside `path`, its place in
 * the cache, holding the file's first `from` bytes where a partial download was claimed), and left
 * on disk there: never held whole in memory, so no 4 GiB limit. Each write is awaited, so a slow
 * disk holds the download back. `onChunk` sees the first `headBytes` of the file (those that came
 * before too, at once). A download that breaks off, or whose load is aborted (`keepsPartial`),
 * leaves what came as the partial file; one that fails otherwise removes it; a write that fails (a
 * full disk) says why and how else to load.
 */
async function downloadToDisk(pipe: NonNullable<Opened['pipe']>, path: string, into: PassingFile, o: {
  onChunk: (bytes: number, head: Uint8Array) => void; stop: AbortSignal; headBytes: number; keepsPartial: (e: unknown) => boolean;
  /** The version the bytes are of (Opened.validator), kept beside a partial download. */
  validator: string | undefined;
}): Promise<FileOnDisk> {
  const { passing, handle, from } = into;
  const system = async <T>(call: () => Promise<T>): Promise<T> => call().catch((e: Error) => {
    throw cannotWrite(path, e);
  });
  let open = true;
  let head: Uint8Array = new Uint8Array(0);
  try {
    if (from) {
      // What came before counts as read now, and its first bytes are looked at as a download's are.
      head = new Uint8Array(Math.min(from, o.headBytes));
      await system(() => handle.read(head, 0, head.byteLength, 0));
      o.onChunk(from, head);
    }
    const bytes = from + await pipe(async (chunk, at) => {
      for (let done = 0; done < chunk.byteLength;) done += (await system(() => handle.write(chunk, done, chunk.byteLength - done, from + at + done))).bytesWritten;
      if (from + at < o.headBytes) head = withChunk(head, chunk, from + at, o.headBytes);
      o.onChunk(chunk.byteLength, head);
    }, o.stop);
    open = false;
    await system(() => handle.close());
    return fileOnDisk(passing, bytes);
  } catch (e) {
    if (open) await handle.close().catch(() => undefined);
    const left = await leaveOrRemove(passing, path, o.keepsPartial(e), o.validator);
    throw left ? keptToGoOn(e) : e;
  }
}

/**
 * `sofar` (a view of its buffer's start) with `chunk`, which begins at byte `at`, written in, up to
 * `limit` bytes: the buffer grown by doubling where it is full. A whole read's bytes, a download's head.
 */
function withChunk(sofar: Uint8Array, chunk: Uint8Array, at: number, limit: number): Uint8Array {
  const end = Math.min(limit, at + chunk.byteLength);
  let whole = new Uint8Array(sofar.buffer);
  if (whole.byteLength < end) {
    whole = new Uint8Array(Math.min(limit, Math.max(end, 2 * whole.byteLength)));
    whole.set(sofar);
  }
  whole.set(chunk.subarray(0, end - at), at);
  return whole.subarray(0, end);
}

/**
 * A Hub location at one commit whose files are kept on disk at `targets` (the file, or the folder,
 * hubCachePath names, in each cache; the first is written): a file kept there is read from disk (a
 * checkpoint left there, as a path's is); another is downloaded, and kept there by keep() once the
 * load has checked it, so that a file cut short where no length told it is never kept. A
 * checkpoint's download is written to disk as it comes (Opened.toDisk), under a passing name that
 * keep() renames and discard() removes; a download that broke off, or whose load was aborted,
 * leaves what came as `<file>.partial`, and the next load asks only for the rest (resumed). Another
 * file is read into memory and written whole by keep(), under a passing name renamed when
 * complete: no load finds half a file. A file the
 * commit lacks is marked so under `absentIn` (as huggingface_hub does), so that a load offline
 * need not ask, and with them `ref`, the commit the Hub answered for the revision (so that a load
 * that keeps nothing, training or a failed load, writes nothing). A commit's files never change:
 * what is kept is what the Hub would send. Not keeping a file read into memory (a full disk) costs
 * the next load a download, not this one.
 */
async function keptLocation(remote: Location, targets: string[], absentIn: string[], single: boolean, ref?: { path: string; commit: string }, signal?: AbortSignal): Promise<Location> {
  const fs = await nodeModule('node:fs/promises');
  const { join } = await nodeModule('node:path');
  const pathOf = (file: string, target: string) => (single ? target : join(target, plainFileName(file, target)));
  const kept = async (file: string) => {
    for (const target of targets) {
      const path = pathOf(file, target);
      const stat = await fs.stat(path).catch(() => undefined); // huggingface_hub's: a link to its blob, followed
      if (stat?.isFile()) return { path, size: stat.size };
    }
    return undefined;
  };
  const knownAbsent = async (file: string) => {
    for (const folder of absentIn) if ((await fs.stat(pathOf(file, folder)).catch(() => undefined))?.isFile()) return true;
    return false;
  };
  /** What this load downloaded into memory (or found absent: an empty marker; the revision's commit), by the path it is to be kept at. */
  const downloaded = new Map<string, Uint8Array>(ref ? [[ref.path, new TextEncoder().encode(ref.commit)]] : []);
  /** What it downloaded to disk, under passing names, by the path it is to be kept at. */
  const onDisk = new Map<string, FileOnDisk>();
  /** The version each of those is of (Opened.validator), for one left to go on from. */
  const validators = new Map<string, string | undefined>();
  /** Whether keep() has run: the load checked its files, so what it did not keep is whole and is removed, never left as a partial. */
  let checked = false;
  /** A failure that leaves a download's bytes to go on from: a transfer cut (this file's or another's, which stopped it), an aborted load. */
  const keepsPartial = (e: unknown) => e instanceof TransferCutError || signal?.aborted === true;
  /**
   * The partial download of `file` an earlier load left at `path`, claimed (renamed to a passing
   * name of this load's, so that no other load writes to it too) and opened to go on, and its rest
   * asked for, instead of `opened` (a file of `size` bytes); undefined where there is none or it
   * cannot go on (the server sends the whole file again, no size is known to check it against):
   * begun again.
   */
  const resumed = async (file: string, path: string, opened: Opened, stop: AbortSignal) => {
    const passing = passingName(path);
    // Touched before it is claimed (a rename keeps the time): a partial left long ago would look, once
    // renamed, like a passing file no one writes to, which another load's passingPath sweep removes.
    await fs.utimes(partialPath(path), new Date(), new Date()).catch(() => undefined);
    if (!(await fs.rename(partialPath(path), passing).then(() => true, () => false))) return undefined;
    // The version its bytes are of, taken with it: a partial of another version than the server's now
    // is begun again (review AK: a mirror's changed file was spliced onto the old one's start, and kept).
    const was = await claimedValidator(path, passing);
    if (was === 'another' || was !== opened.validator) {
      await fs.rm(passing, { force: true });
      return undefined;
    }
    const from = (await fs.stat(passing)).size;
    let rest: Rest | undefined;
    let handle: FileHandle | undefined;
    try {
      // Whole already (its load broke off in the checks): nothing more to ask for.
      rest = opened.size === undefined || from === 0 || from > opened.size ? undefined
        : from === opened.size ? { size: from, pipe: async () => 0, cancel: () => undefined }
          : await remote.rest?.(file, from, stop, was);
      if (rest?.size === opened.size) handle = await fs.open(passing, 'r+').catch((e: Error) => Promise.reject(cannotWrite(path, e)));
    } catch (e) {
      rest?.cancel();
      throw (await leaveOrRemove(passing, path, keepsPartial(e), was)) ? keptToGoOn(e) : e;
    }
    if (!handle) {
      rest?.cancel();
      await fs.rm(passing, { force: true });
      return undefined;
    }
    opened.cancel();
    return { into: { passing, handle, from }, pipe: rest!.pipe, validator: was }; // the server's now, or none where it gives none
  };
  return {
    ...remote,
    async onDisk(file) {
      const found = await kept(file);
      return found && fileOnDisk(found.path, found.size);
    },
    async open(file) {
      const found = await kept(file);
      if (found) return openOnDisk(found.path, found.size);
      if (await knownAbsent(file)) return undefined;
      const opened = await remote.open(file);
      // A 404 (not a site's page answered in its place) is the commit's answer for good.
      if (!opened && !remote.missingAs?.(file)) downloaded.set(pathOf(file, absentIn[0]!), new Uint8Array(0));
      const path = pathOf(file, targets[0]!);
      const { pipe } = opened ?? {};
      const read: Opened['read'] = async (onChunk, stop) => {
        const bytes = await opened!.read(onChunk, stop);
        downloaded.set(path, bytes);
        return bytes;
      };
      return opened && {
        ...opened,
        read,
        ...(pipe ? {
          toDisk: async (onChunk, stop, headBytes) => {
            const resume = await resumed(file, path, opened, stop);
            const into = resume?.into ?? await newPassingFile(path);
            // A cache that cannot take the file: read into memory, as without one (keep() says it was not kept).
            if (!into) return read(onChunk, stop);
            const validator = resume ? resume.validator : opened.validator;
            validators.set(path, validator);
            const written = await downloadToDisk(resume?.pipe ?? pipe, path, into, { onChunk, stop, headBytes, keepsPartial, validator });
            onDisk.set(path, written);
            return written;
          },
        } : {}),
      };
    },
    async keep() {
      checked = true;
      const failed: string[] = [];
      for (const [path, file] of onDisk) {
        // Moved, not copied: the load goes on reading it where it now is. One that cannot be is discard()'s once the upload is over.
        const moved = await keepOnDisk(file, path);
        if (moved === 'kept already') continue; // another load of this commit kept it first: ours goes after the upload
        if (moved) failed.push(`${path}: ${moved.message}`);
        else onDisk.delete(path);
        // A validator record with no partial beside it any more (one this load found another's) is no one's now.
        if (!moved && !(await fs.stat(partialPath(path)).catch(() => undefined))) await fs.rm(validatorPath(path), { force: true }).catch(() => undefined);
      }
      for (const [path, bytes] of downloaded) {
        const written = await writeWhole(path, bytes);
        if (written !== true) failed.push(`${path}: ${written.message}`);
      }
      downloaded.clear();
      // Once a load, however many files: a cache that cannot be written is said, not repeated.
      if (failed.length) console.warn(`shaderlm: ${failed.length} downloaded file${failed.length > 1 ? 's were' : ' was'} not kept in the download cache (${failed[0]}${failed.length > 1 ? '; ...' : ''})`);
    },
    async discard(reason) {
      // Whole but not checked: kept to go on from (the next load asks for no more of it) where the load broke off.
      // Checked and not kept (kept already by another load, or no room for it): nothing to go on from.
      for (const [path, file] of onDisk) await leaveOrRemove(file.path, path, !checked && keepsPartial(reason), validators.get(path));
      downloaded.clear();
      onDisk.clear();
    },
  };
}

/** Names a folder or base URL is asked for are joined to it: only plain file names, never paths (file-name.ts). */
function plainFileName(file: string, where: string): string {
  const problem = fileNameProblem(file);
  if (problem) throw new ModelSourceError(`${where}: refusing to read ${JSON.stringify(file)}: ${problem}`);
  return file;
}

const CHUNK = 16 << 20;

/**
 * Chunked reads give progress and avoid readFile's 2 GiB cap; system errors come back naming the
 * file. What onChunk throws (an abort's reason, a progress callback's error) passes through as is.
 */
async function readFileChunks(path: string, size: number, onChunk: (n: number, sofar: Uint8Array) => void): Promise<Uint8Array> {
  const fs = await nodeModule('node:fs/promises');
  const system = <T>(call: Promise<T>): Promise<T> => call.catch((e: Error) => {
    throw new ModelSourceError(`${path}: cannot be read: ${e.message}`);
  });
  const handle = await system(fs.open(path));
  try {
    const buf = new Uint8Array(size);
    for (let n = 0; n < size;) {
      const { bytesRead } = await system(handle.read(buf, n, Math.min(CHUNK, size - n), n));
      if (bytesRead === 0) throw new ModelSourceError(`${path}: file shrank while reading (${n} of ${size} bytes)`);
      n += bytesRead;
      onChunk(bytesRead, buf.subarray(0, n));
    }
    return buf;
  } finally {
    await handle.close();
  }
}

/**
 * A transfer that broke off, ended short of its length or stalled: the bytes that came are good,
 * and the rest may be asked for again (a download written to disk goes on from there next time).
 */
class TransferCutError extends ModelSourceError {}

/**
 * Hands a stream's chunks to `take` in order, each awaited, and returns how many bytes came. A
 * download that breaks off, ends short of its announced size, or sends nothing for `stallMs` (a
 * download's; a picked file's stream has no limit), is a ModelSourceError saying how far it got;
 * a stopped load (`signal`) rejects with the abort's reason, and so does `stop` (another file of
 * the load failed), at once; one that sends more than its size is refused. Whatever ends the read
 * early (take's throw too) closes the transfer. `from`: the body is the file's rest from that byte.
 */
async function pumpStream(file: string, body: ReadableStream<Uint8Array>, size: number | undefined, take: (chunk: Uint8Array, at: number) => void | Promise<void>, o: { signal?: AbortSignal; stop?: AbortSignal; stallMs?: number; from?: number } = {}): Promise<number> {
  const { signal, stop, stallMs, from = 0 } = o;
  let n = 0;
  const reader = body.getReader();
  // Counted in the file's bytes: a download that went on from byte `from` says how far the file got.
  const sofar = () => `after ${from + n}${size === undefined ? '' : ` of ${from + size}`} bytes`;
  const onStop = () => void reader.cancel(stop?.reason).catch(() => undefined); // a pending read resolves as done
  stop?.addEventListener('abort', onStop);
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      let stalled: ReturnType<typeof setTimeout> | undefined;
      try {
        chunk = stallMs === undefined ? await reader.read() : await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) => {
            stalled = setTimeout(() => reject(new TransferCutError(`${file}: nothing came for ${stallMs / 1000} s ${sofar()}: the server stopped sending; try again`)), stallMs);
          }),
        ]);
      } catch (e) {
        signal?.throwIfAborted();
        if (e instanceof ModelSourceError) throw e;
        throw new TransferCutError(`${file}: the transfer broke off ${sofar()}: ${(e as Error).message}`, { cause: e });
      } finally {
        clearTimeout(stalled);
      }
      stop?.throwIfAborted();
      const { done, value } = chunk;
      if (done) {
        if (size !== undefined && n < size) throw new TransferCutError(`${file}: the transfer ended ${sofar()}: the connection was cut? Try again`);
        return n;
      }
      // More than announced is not the file (a chunked answer that runs on): nothing of it is kept.
      if (size !== undefined && n + value.byteLength > size) throw new ModelSourceError(`${file}: the server sent more than the ${from + size} bytes it announced: not the file; try again`);
      await take(value, n);
      n += value.byteLength;
    }
  } catch (e) {
    // A stall, a stop, an abort, a progress callback's throw: the connection the server left open is closed.
    void reader.cancel().catch(() => undefined);
    throw e;
  } finally {
    stop?.removeEventListener('abort', onStop);
  }
}

/** A stream read into one buffer (pumpStream), preallocated when the size is known (open has checked it). */
/** `whole` and `unkept` as checkFileSize takes them, for a body that runs past 4 GiB without saying its size first. */
async function readStream(file: string, body: ReadableStream<Uint8Array>, size: number | undefined, onChunk: (n: number, sofar: Uint8Array) => void, o: { signal?: AbortSignal; stop?: AbortSignal; stallMs?: number; whole?: boolean; unkept?: string } = {}) {
  let sofar: Uint8Array = new Uint8Array(size ?? 1 << 16).subarray(0, 0);
  await pumpStream(file, body, size, (value, at) => {
    checkFileSize(file, at + value.byteLength, o.whole, o.unkept);
    sofar = withChunk(sofar, value, at, MAX_FILE_BYTES);
    onChunk(value.byteLength, sofar);
  }, o);
  return sofar.byteLength === sofar.buffer.byteLength ? sofar : sofar.slice();
}

function isFile(x: unknown): x is File {
  return typeof File !== 'undefined' && x instanceof File;
}

/** A source that is no string as the File[] it holds, or a TypeError naming what it is instead. */
function pickedFiles(source: unknown): File[] {
  if (isFile(source)) return [source];
  if (ArrayBuffer.isView(source) || source instanceof ArrayBuffer) {
    // The loader tells formats and tokenizers apart by file name too.
    throw new TypeError(`a model source of bytes (${source.constructor.name}) needs its file name: give it as a File, new File([bytes], 'model.gguf')`);
  }
  const list = typeof source === 'object' && source !== null && typeof (source as ArrayLike<unknown>).length === 'number' ? Array.from(source as ArrayLike<unknown>) : undefined;
  // An empty selection is a source of the right kind with nothing in it.
  if (list?.length === 0) throw new ModelSourceError('selected files: none were given: pick a model\'s folder or its files');
  if (list?.every(isFile)) return list;
  const got = list ? `a list holding ${describe(list.find((x) => !isFile(x)))}` : describe(source);
  throw new TypeError(`a model source is a string (a path, URL, hf:org/name or default:name), a URL, a File, a FileList or an array of Files; got ${got}`);
}

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}
