// The page side of the engine worker: connectEngine(worker) gives a RemoteEngine whose load()
// (and train()) gives RemoteModels with the in-page Model's API (generate/chat stream pieces and
// can be stopped, progress is reported, errors keep their classes), except that calls answering
// plain data (tokenize, logits, inspect) return promises. The worker side is serve.ts. Tests:
// tests/browser/playground.test.ts (streaming, stop, responsiveness, errors, inspect, train), picker.test.ts.

import { proxy, transfer, wrap, type Remote } from 'comlink';
import type { LoadOptions, LoadProgress, ModelSource } from '../engine.js';
import { frozenConfig, type ModelConfig } from '../model/config.js';
import type { GeneratedPiece, GenerationStats } from '../model/generation.js';
import { checkLoadOptions } from '../model/load-options.js';
import { checkInspectOptionsFor, inspectRuns, type InspectOptions, type InspectResult } from '../model/inspect.js';
import type { ChatMessage, ChatOptions, ChatPrompt, ChatTemplateOptions, ModelInfo } from '../model/model.js';
import { CHAT_TEMPLATE_OPTIONS, checkGenerateOptions, checkLogitsOptions, checkOptionNames, checkTokenizeOptions, splitChatOptions, type GenerateOptions, type LogitsOptions, type TokenIds } from '../model/options.js';
import type { TrainedModel, TrainRequest, TrainStep } from '../train/api.js';
import { checkTrainRequest } from '../train/request.js';
import type { EngineService, EngineSettings, GenerateRequest, ModelCall, WireSource } from './protocol.js';
import { EngineDestroyedError, ModelDisposedError } from '../errors.js';
import { carryErrorClasses, fromWire, toWireReason, type WireError } from './wire-errors.js';
import { describe, show } from '../value-words.js';

export type { EngineSettings };
// What the worker keeps of downloads (Cache Storage, shared by the page and its workers): an app's "Clear downloads".
export { clearModelCache, modelCacheSize } from './cache.js';

/** EngineSettings, and what the page alone reads. */
export interface ConnectSettings extends EngineSettings {
  /**
   * How long the worker may take to load its script and start the engine, in milliseconds (default
   * 60,000; Infinity, or anything past 2^31 - 1, about 25 days, waits for ever): a worker that
   * never calls serveEngine() answers nothing.
   */
  startTimeoutMs?: number;
}

const START_TIMEOUT_MS = 60_000;
/** Every setting connectEngine() takes; typed so that a new one must be listed. */
const CONNECT_SETTINGS = { modelsBase: 1, cache: 1, gpu: 1, startTimeoutMs: 1 } satisfies Record<keyof ConnectSettings, 1>;
/** Workers connectEngine() has started an engine in (or is starting one in). */
const CONNECTED = new WeakSet<Worker>();
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Starts the engine inside `worker` (a worker script that calls serveEngine(), from 'shaderlm/worker/serve') and connects to it. */
export async function connectEngine(worker: Worker, settings: ConnectSettings): Promise<RemoteEngine> {
  // Refused before anything is sent, and without ending the worker: that would end the engine it serves.
  if (CONNECTED.has(worker)) throw new Error('this worker serves an engine already (one engine per worker): create a new Worker for another engine');
  carryErrorClasses();
  let deadline: ReturnType<typeof setTimeout> | undefined;
  try {
    const given = (settings ?? {}) as ConnectSettings; // a JavaScript caller may give none: modelsBase's refusal says what it is
    checkOptionNames(given, 'connectEngine', Object.keys(CONNECT_SETTINGS)); // a misspelt one (catche: false) is refused, never ignored
    const { startTimeoutMs = START_TIMEOUT_MS, ...engineSettings } = given;
    const modelsBase = pageUrl(engineSettings.modelsBase);
    if (engineSettings.cache !== undefined && typeof engineSettings.cache !== 'boolean') {
      throw new TypeError(`EngineSettings.cache must be true or false, got ${describe(engineSettings.cache)}`); // 'no' would have kept caching on
    }
    if (!(typeof startTimeoutMs === 'number' && startTimeoutMs > 0)) {
      throw new RangeError(`ConnectSettings.startTimeoutMs must be a number of milliseconds above 0 (Infinity waits for ever), got ${show(startTimeoutMs)}`);
    }
    const link = new Link(worker);
    CONNECTED.add(worker);
    // Where the page has no Web Locks the worker is not asked to hold one: nothing tells a silent worker from a slow start.
    const asked = globalThis.navigator?.locks !== undefined;
    let answered = false;
    if (startTimeoutMs <= MAX_TIMER_MS) { // a longer timer fires at once (browsers and Node keep 32 bits): as Infinity
      const within = `within ${Number((startTimeoutMs / 1000).toPrecision(3))} s`;
      const why = () => answered
        ? `the engine worker answered, but its engine did not start ${within} (no WebGPU adapter or device came): a larger startTimeoutMs waits longer`
        : asked ? `the engine worker did not answer ${within}: its script must call serveEngine() (from 'shaderlm/worker/serve'); one still loading over a slow network needs a larger startTimeoutMs`
        : `the engine worker did not start ${within}: its script must call serveEngine() (from 'shaderlm/worker/serve'); one still loading over a slow network, or a WebGPU adapter slow to come, needs a larger startTimeoutMs`;
      deadline = setTimeout(() => link.end(new DOMException(why(), 'TimeoutError')), startTimeoutMs);
    }
    answered = await link.watchLife(); // first: starting (the adapter, the device) can take seconds
    const { port1, port2 } = new MessageChannel();
    link.hearLoss(port1);
    const { adapter } = await link.send((s) => s.start({ ...engineSettings, modelsBase }, transfer(port2, [port2])));
    return new RemoteEngine(link, adapter);
  } catch (error) {
    worker.terminate(); // no engine to destroy() it by (bad settings, no WebGPU, no adapter): it would idle on
    throw error;
  } finally {
    clearTimeout(deadline);
  }
}

/**
 * EngineSettings.modelsBase as a URL resolved against the page, as its author means it: in the
 * worker a relative one would resolve against the worker script's URL (a bundle's assets/), and
 * the worker's cache tells models/ files from downloads by comparing full URLs with it. Left as
 * it is where there is no page (a worker started from Node).
 */
function pageUrl(modelsBase: string | undefined): string {
  if (typeof modelsBase !== 'string') {
    throw new TypeError(`EngineSettings.modelsBase must be a string, the URL of the folder holding the default: models (new URL('models/', document.baseURI).href), got ${typeof modelsBase}`);
  }
  const page = pageBase();
  return page === undefined ? modelsBase : new URL(modelsBase, page).href;
}

/** The URL the page's relative URLs are relative to; none where there is no page (a worker started from Node). */
function pageBase(): string | undefined {
  return globalThis.document?.baseURI ?? globalThis.location?.href;
}

/**
 * A model or tokenizer URL as the page's author means it: a relative one resolved against the
 * page, which in the worker would resolve against the worker script's URL (a bundle's assets/),
 * and its errors would name a folder the author never gave. Absolute URLs, hf: and default:
 * names (which parse as URLs of their own scheme) and empty strings go as they are.
 */
function againstPage(source: string): string {
  const page = pageBase();
  if (page === undefined || source.trim() === '' || URL.canParse(source)) return source;
  // A page whose base cannot be built on (about:blank, blob:, data:): the worker's loader names what it was given.
  return URL.canParse(source, page) ? new URL(source, page).href : source;
}

const WORKER_STOPPED = 'the engine worker has stopped (terminated or closed without engine.destroy()): create a new engine';

/** The worker, its comlink proxy, and the end of both: after destroy() or a crash, every call rejects. */
class Link {
  readonly service: Remote<EngineService>;
  private readonly closed: Promise<never>;
  private close!: (reason: Error) => void;
  /** Why the link ended (destroy(), the worker's end), once it has: every call rejects with it. */
  ended: Error | undefined;
  private nextOp = 1;
  private readonly unwatch = new AbortController();
  private readonly stopWorker: () => void;
  /** Generations whose stats have not settled: the link's end ends them (a loop held between pieces included). */
  private readonly generations = new Set<RemoteGeneration>();
  /** Where the worker tells of a lost device (hearLoss). */
  private lossPort: MessagePort | undefined;

  constructor(worker: Worker) {
    this.service = wrap<EngineService>(worker);
    this.closed = new Promise<never>((_, reject) => (this.close = reject));
    this.closed.catch(() => undefined);
    worker.addEventListener('error', (e) => {
      this.end(new Error(`the engine worker failed: ${e.message || 'its script did not load or threw while starting'}`));
    });
    // The page's own worker.terminate() ends the link at once. The life lock (watchLife) cannot see
    // a worker terminated before it took the lock: one ended right after connectEngine() (an
    // effect's cleanup) would leave connectEngine() waiting forever.
    this.stopWorker = worker.terminate.bind(worker);
    worker.terminate = () => this.end(new EngineDestroyedError(WORKER_STOPPED));
  }

  /**
   * Ends the link when the worker ends by itself, without an 'error' event (a close() inside, the
   * browser ending it): it holds a Web Lock for its life, which the page asks for too.
   * Where Web Locks are missing or refused, only 'error', terminate() and destroy() end the link.
   * Resolves to whether the worker answered (not asked where the page has no Web Locks).
   */
  async watchLife(): Promise<boolean> {
    const locks = globalThis.navigator?.locks;
    if (!locks) return false;
    const name = `shaderlm engine worker ${Date.now()}-${Math.random().toString(36).slice(2)}`;
    if (!(await this.send((s) => s.holdLifeLock(name)))) return true;
    locks.request(name, { signal: this.unwatch.signal }, () => {
      this.end(new EngineDestroyedError(WORKER_STOPPED));
    }).catch(() => undefined); // refused by end(): the link ended first
    return true;
  }

  /** A call to the worker that rejects, instead of hanging, once the worker is gone. */
  send<T>(call: (service: Remote<EngineService>) => Promise<T>): Promise<T> {
    return Promise.race([call(this.service), this.closed]);
  }

  op(): number {
    return this.nextOp++;
  }

  /**
   * Stops `op` in the worker, with the signal's reason, when `signal` fires; returns the detach.
   * Call it after sending the op's own message: messages arrive in order, so an abort (a signal
   * aborted already) never reaches the worker before the op it stops.
   */
  abortOn(op: number, signal: AbortSignal | undefined): () => void {
    if (!signal) return () => undefined;
    const abort = () => void this.service.abort(op, toWireReason(signal.reason)).catch(() => undefined);
    if (signal.aborted) {
      abort();
      return () => undefined;
    }
    signal.addEventListener('abort', abort, { once: true });
    return () => signal.removeEventListener('abort', abort);
  }

  /** Keeps `generation` to end with the link until it settles. */
  track(generation: RemoteGeneration): void {
    this.generations.add(generation);
    const settled = () => void this.generations.delete(generation);
    generation.done.then(settled, settled);
  }

  /**
   * Hears on `port` of the worker's device lost: the generations the page holds end then, not at
   * their loops' next pieces (made before the loss). Closed when the link ends, or once told.
   */
  hearLoss(port: MessagePort): void {
    this.lossPort = port;
    port.onmessage = ({ data }: MessageEvent<WireError>) => {
      port.close(); // a device is lost once
      const error = fromWire(data);
      for (const generation of this.generations) generation.endUnlessCut(error);
    };
  }

  end(reason: Error): void {
    this.unwatch.abort();
    this.lossPort?.close();
    if (this.ended === undefined) this.stopWorker(); // once: connectEngine's clean-up ends a link its deadline ended
    this.ended ??= reason;
    this.close(reason);
    // Their worker may have finished long ago, its pieces queued here: in-page, the next step would throw.
    for (const generation of this.generations) generation.endWith(reason);
  }
}

/** A TrainedModel from the worker: its files are here; load() sends them back to be loaded. */
export interface RemoteTrainedModel extends Omit<TrainedModel, 'load'> {
  load(options?: RemoteLoadOptions): Promise<RemoteModel>;
}

/** A worker reads through its own cache, with default: models under EngineSettings.modelsBase: no fetch or modelsBase (refused at run time too). */
export type RemoteLoadOptions = Omit<LoadOptions, ReadingOption>;
export type RemoteTrainRequest = Omit<TrainRequest, ReadingOption>;
type ReadingOption = 'fetch' | 'modelsBase';
const READING_OPTIONS: readonly ReadingOption[] = ['fetch', 'modelsBase'];

/** An Engine living in a worker: load() models onto its GPU device, train() them there; destroy() ends the worker. */
export class RemoteEngine {
  constructor(private readonly link: Link, readonly adapter: string) {}

  /** As Engine.load: the source may be a default:/URL/hf: string, a File, a FileList or File[]. */
  async load(source: ModelSource, options: RemoteLoadOptions = {}): Promise<RemoteModel> {
    refuseReadingOptions(options, 'LoadOptions.');
    checkLoadOptions(options, { without: READING_OPTIONS }); // here, as engine.load() does: a bad option fails before it crosses
    const { onProgress, signal } = options; // read as in-page: inherited ones too
    const wire = crossingOptions(options, ['onProgress', 'signal', ...READING_OPTIONS]);
    const { tokenizer } = wire;
    const rest = typeof tokenizer === 'string' || tokenizer instanceof URL ? { ...wire, tokenizer: againstPage(String(tokenizer)) } : wire;
    const wireSource = toWire(source);
    const op = this.link.op();
    let settled = false;
    let thrown: { error: unknown } | undefined;
    // A progress report racing a failed load's error is dropped: the load is over.
    const report = onProgress && proxy((p: LoadProgress) => {
      if (settled) return;
      try {
        onProgress(p);
      } catch (error) {
        thrown = { error }; // the load fails with this very error, not the copy that comes back
        throw error;
      }
    });
    const loaded = this.link.send((s) => s.load(op, wireSource, rest, report));
    const detach = this.link.abortOn(op, signal);
    try {
      const { id, info } = await loaded;
      // The signal fired before the model reached the page (the worker had done): the caller gave up on it.
      if (signal?.aborted) {
        void this.link.send((s) => Promise.all([s.dispose(id), s.forget(id)])).catch(() => undefined);
        throw signal.reason;
      }
      return new RemoteModel(this.link, id, info);
    } catch (error) {
      // An engine destroyed meanwhile says so first, as in-page, whatever else stopped the load.
      throw this.link.ended ?? (signal?.aborted ? signal.reason : thrown ? thrown.error : error);
    } finally {
      settled = true;
      detach();
    }
  }

  /** As Engine.train: steps reported to onStep as they end; `signal` stops the run after a step. */
  async train(request: RemoteTrainRequest): Promise<RemoteTrainedModel> {
    refuseReadingOptions(request, 'train: ');
    checkTrainRequest(request, { without: READING_OPTIONS }); // here, as engine.train() does: a bad request fails before it crosses
    const { onStep, signal, from } = request; // read as in-page: inherited ones too
    const rest = crossingOptions(request, ['onStep', 'signal', 'from', ...READING_OPTIONS]);
    const op = this.link.op();
    let settled = false;
    let thrown: { error: unknown } | undefined;
    // onStep's own answer goes back: a promise it returns that rejects ends the run, as in-page,
    // with that very error (an app's own class), not the copy that comes back.
    const report = onStep && proxy(async (step: TrainStep) => {
      if (settled) return;
      try {
        await onStep(step);
      } catch (error) {
        thrown = { error };
        throw error;
      }
    });
    const wireFrom = from === undefined || from instanceof Map ? from : toWire(from as ModelSource);
    const trained = this.link.send((s) => s.train(op, { ...rest, ...(wireFrom ? { from: wireFrom } : {}) }, report));
    const detach = this.link.abortOn(op, signal);
    try {
      const { files, ...summary } = await trained;
      return {
        ...summary,
        files: () => new Map([...files].map(([name, bytes]) => [name, bytes.slice()])), // the caller's to edit, as in-page: each call's own
        // The loader takes what it needs (config.json, model.safetensors, tokenizer.json) from the checkpoint's files.
        load: (options) => this.load([...files].map(([name, bytes]) => new File([bytes as Uint8Array<ArrayBuffer>], name)), options),
      };
    } catch (error) {
      // As load(): an engine destroyed meanwhile first, then the signal's own reason, then onStep's own error.
      throw this.link.ended ?? (signal?.aborted ? signal.reason : thrown ? thrown.error : error);
    } finally {
      settled = true;
      detach();
    }
  }

  /** Frees the GPU device and every model on it by ending the worker; calls afterwards reject. */
  destroy(): void {
    this.link.end(new EngineDestroyedError('this engine was destroyed (engine.destroy()): create a new engine to load a model'));
  }

  /** Destroys the GPU device as a driver reset would: the next step fails with DeviceLostError. */
  loseDevice(): Promise<void> {
    return this.link.send((s) => s.loseDevice());
  }
}

/** fetch and modelsBase, which a worker cannot take (it reads through its own cache), refused by name (`prefix` + option) when given. */
function refuseReadingOptions(options: object, prefix: string): void {
  if (typeof options !== 'object' || options === null) return; // the option check says what it is
  for (const option of READING_OPTIONS) {
    if ((options as Partial<Record<ReadingOption, unknown>>)[option] !== undefined) {
      throw new TypeError(`${prefix}${option} is not for a RemoteEngine: its worker downloads through its own cache, with default: models under EngineSettings.modelsBase`);
    }
  }
}

/**
 * What crosses of checked options: all but `names` (those read apart, and fetch and modelsBase,
 * undefined where given at all), inherited ones too, as in-page (where they are read as o.name).
 */
function crossingOptions<T extends object, K extends string>(options: T, names: readonly K[]): Omit<T, K> {
  const crossing: Record<string, unknown> = {};
  for (const name in options) {
    if (!(names as readonly string[]).includes(name)) crossing[name] = options[name];
  }
  return crossing as Omit<T, K>;
}

/** A model source as it crosses: strings as URLs of the page (againstPage), files as the File[] the worker's loader takes (which names anything else). */
function toWire(source: ModelSource): WireSource {
  if (typeof source === 'string' || source instanceof URL) return againstPage(String(source));
  if (source instanceof File) return [source];
  const list = source as ArrayLike<File> | null | undefined;
  return typeof list?.length === 'number' && !ArrayBuffer.isView(list) ? Array.from(list) : (source as never);
}

// A RemoteModel the page no longer holds: the worker lets go of its Model too, so that its memory
// can be collected there as an unreferenced Model's is in the page.
const unreachable = new FinalizationRegistry<() => void>((forget) => forget());

export class RemoteModel {
  private readonly modelInfo: ModelInfo;
  /**
   * Its generations whose stats have not settled, each with its call's place in the order of the
   * calls that take the KV cache over (the order the worker runs them in): dispose() ends them on
   * this side at once, and a call ends those before it.
   */
  private readonly running = new Map<RemoteGeneration, number>();
  private calls = 0;

  constructor(private readonly link: Link, private readonly id: number, info: ModelInfo) {
    unreachable.register(this, () => void link.send((s) => s.forget(id)).catch(() => undefined));
    this.modelInfo = { ...info, config: frozenConfig(info.config) }; // as Model's: editing it throws
  }

  get config(): ModelConfig {
    return this.modelInfo.config;
  }

  /** As Model.info(): the frozen config, and copies of the rest, the caller's to edit. */
  info(): ModelInfo {
    const { config, ...rest } = this.modelInfo;
    return { ...structuredClone(rest), config };
  }

  /** As Model.generate: pieces stream as the worker makes them; `signal`, or leaving the loop early, stops the run. */
  generate(prompt: string, options: GenerateOptions = {}): RemoteGeneration {
    return this.start('generate', options, (rest) => ({ kind: 'generate', prompt, options: rest }));
  }

  chat(messages: ChatMessage[], options: ChatOptions = {}): RemoteGeneration {
    return this.start('chat', options, (rest) => ({ kind: 'chat', messages, options: rest }));
  }

  // Async, so that a bad option rejects as the call's promise, checked as Model's method does before it crosses.
  async tokenize(text: string, options: { bos?: boolean } = {}): Promise<number[]> {
    checkTokenizeOptions(options);
    return this.call('tokenize', [text, options]) as Promise<number[]>;
  }

  /** As Model.applyChatTemplate: the prompt chat() would run, rendered and counted in the worker. */
  async applyChatTemplate(messages: ChatMessage[], options: ChatTemplateOptions = {}): Promise<ChatPrompt> {
    checkOptionNames(options, 'applyChatTemplate', CHAT_TEMPLATE_OPTIONS); // here: a signal or a function would fail to cross, less clearly
    return this.call('applyChatTemplate', [messages, options]) as Promise<ChatPrompt>;
  }

  /** The text of `ids` as model.tokenizer.decode() gives it in-page (special tokens print nothing). */
  decode(ids: number[]): Promise<string> {
    return this.call('decode', [ids]) as Promise<string>;
  }

  /** Each id's text as it reads inside a text (tokenPiece: SentencePiece's leading space kept), for labels. */
  decodeEach(ids: number[]): Promise<string[]> {
    return this.call('decodeEach', [ids]) as Promise<string[]>;
  }

  /** The characters of `text` the tokenizer reads as its unknown token (unknownCharacters), for a page's note. */
  unknownCharacters(text: string): Promise<string[]> {
    return this.call('unknownCharacters', [text]) as Promise<string[]>;
  }

  /**
   * As Model.logits; `signal` stops the run in the worker, and one that fires before the logits
   * reach the page rejects the call with its reason (the worker may have finished first).
   */
  async logits(ids: TokenIds, options: LogitsOptions = {}): Promise<Float32Array> {
    checkLogitsOptions(options);
    return this.call('logits', [ids], { signal: options.signal, takesCache: true }) as Promise<Float32Array>;
  }

  /** As Model.inspect; the result's typed arrays are moved across (transferred, not copied), and `signal` stops it as it stops logits(). */
  async inspect(input: string | TokenIds, options: InspectOptions = {}): Promise<InspectResult> {
    const checked = checkInspectOptionsFor(options, this.modelInfo.config, this.modelInfo.tokenizerVocabSize);
    const { signal, ...rest } = options; // a signal cannot cross: the worker gets its own, fired by abort(op)
    // Embedding rows alone (topK: 0) run nothing, and leave a generation going, as in-page.
    return this.call('inspect', [input, rest], { signal, takesCache: inspectRuns(checked) }) as Promise<InspectResult>;
  }

  /** Frees the model's GPU memory in the worker; as after Model.dispose(), tokenize() and info() go on working and the rest reject with ModelDisposedError. */
  dispose(): void {
    const disposed = ModelDisposedError.during('while it was generating');
    for (const generation of this.running.keys()) generation.endUnlessCut(disposed);
    this.link.send((s) => s.dispose(this.id)).catch(() => undefined);
  }

  private call(method: ModelCall, args: unknown[], { signal, takesCache = false }: { signal?: AbortSignal; takesCache?: boolean } = {}): Promise<unknown> {
    const place = takesCache ? this.calls++ : undefined;
    // Here, not in the worker: there the call would take the KV cache over before its abort arrived.
    if (signal?.aborted) return Promise.reject(signal.reason);
    const op = signal && this.link.op();
    const result = this.link.send((s) => s.call(this.id, method, args, op));
    const detach = op === undefined ? () => undefined : this.link.abortOn(op, signal);
    return result.then(
      (answer) => {
        if (place !== undefined) this.supersede(place); // it took the KV cache over, as a generation does
        if (signal?.aborted) throw this.link.ended ?? signal.reason;
        return answer;
      },
      (error: unknown) => {
        throw this.link.ended ?? (signal?.aborted ? signal.reason : error); // the reason itself, not the copy that came back
      },
    ).finally(detach);
  }

  /**
   * The call at `place` has taken the KV cache over: the runs before it end as 'superseded' on
   * this side too (not those after it: an older run's answer can come after a newer one started).
   * The worker says so of a run it was still making; one it had finished may still have pieces
   * queued for a loop held here, which in-page would not have come.
   */
  private supersede(place: number): void {
    for (const [generation, at] of this.running) if (at < place) generation.cutOff('superseded');
  }

  private start(kind: 'generate' | 'chat', options: ChatOptions, request: (rest: Omit<ChatOptions, 'signal'>) => GenerateRequest): RemoteGeneration {
    const place = this.calls++;
    const op = this.link.op();
    const generation = new RemoteGeneration(() => void this.link.service.abort(op).catch(() => undefined));
    try {
      checkOnPage(kind, options);
    } catch (error) {
      generation.finish(Promise.reject(error));
      return generation;
    }
    const { signal, ...rest } = options;
    let first = true;
    const onPiece = (piece: GeneratedPiece) => {
      if (first) this.supersede(place); // it has taken the KV cache over: the worker accepted it
      first = false;
      generation.push(piece);
    };
    // A signal that has fired stops the run before it takes the KV cache over; the worker must know
    // at once, as its abort message would come after the run began.
    const aborted = signal?.aborted === true;
    const stats = this.link.send((s) => s.generate(op, this.id, { ...request(rest), ...(aborted ? { aborted } : {}) }, proxy(onPiece)));
    if (!aborted) void stats.then(() => this.supersede(place), () => undefined); // a run that gave no piece took it over too
    const detach = this.link.abortOn(op, signal);
    generation.cutOn(signal);
    generation.finish(stats.finally(detach));
    this.running.set(generation, place);
    const settled = () => void this.running.delete(generation);
    generation.done.then(settled, settled);
    this.link.track(generation);
    return generation;
  }
}

/**
 * A generate() or chat() call's options checked as the worker will check them (less the bound on
 * logprobs, which needs the vocabulary): a bad call fails here, as Model's does, instead of
 * throwing while it is sent or crossing with a signal the worker never sees.
 */
function checkOnPage(kind: 'generate' | 'chat', options: ChatOptions): void {
  checkGenerateOptions(kind === 'chat' ? splitChatOptions(options).rest : options);
}

/**
 * A generation running in the worker. Like Generation: iterate it once for the pieces; `stats`
 * and `text()` settle when it ends, and consume it when nobody iterates (text() at once, stats
 * from the next microtask); errors reject both and the iteration. Unlike it, the run starts at
 * once and goes on whether or not anyone iterates: pieces wait in a queue until a loop or
 * text()/stats takes them, and are not kept once text() or stats has. So that the page sees what
 * an in-page run gives, it decides on its side what the worker's run ahead cannot: an abort, a
 * loop left early or a newer call (the worker's 'superseded') cuts the run at once: no piece after
 * it, the stats say why with the tokens delivered (unless every token was, and the run had ended
 * on its own), and settle without waiting for the loop; dispose() and engine.destroy() reject it.
 * `text()` is the text of the pieces delivered.
 */
export class RemoteGeneration implements AsyncIterable<GeneratedPiece> {
  private readonly queue: GeneratedPiece[] = [];
  private whole = '';
  /** The worker's run has ended: its stats or its error arrived. */
  private workerDone = false;
  private workerError: { error: unknown } | undefined;
  /** The stats have settled: nothing changes them any more. */
  private settled = false;
  /** Why the page ended the run before its stats settled: no piece is taken after it. */
  private cutReason: 'aborted' | 'superseded' | undefined;
  /** The page's own end of the run with an error (dispose(), engine.destroy()): the loop throws it next. */
  private pageError: { error: unknown } | undefined;
  /** Tokens the consumer has had: yielded to the loop, or taken into text() and stats. */
  private deliveredTokens = 0;
  private wake: (() => void) | undefined;
  private consumed = false;
  private keepPieces = true; // false once text() or stats consumed the run: only the text is kept
  private readonly finished: Promise<GenerationStats>;
  private settle!: { resolve(s: GenerationStats): void; reject(e: unknown): void };
  /** Resolves when nobody will take more pieces: the loop ended, the run was cut, or text() or stats took it. */
  private endTaking!: () => void;
  private readonly takingEnded = new Promise<void>((resolve) => (this.endTaking = resolve));
  private detachCut: () => void = () => undefined;

  constructor(private readonly stop: () => void) {
    this.finished = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    this.finished.catch(() => undefined); // rejections reach whoever awaits; none go unhandled
    const done = () => {
      this.settled = true;
      this.detachCut();
    };
    this.finished.then(done, done);
  }

  get stats(): Promise<GenerationStats> {
    queueMicrotask(() => this.consumeWithoutLoop()); // a loop started right after still gets the pieces
    return this.finished;
  }

  async text(): Promise<string> {
    this.consumeWithoutLoop();
    await this.finished;
    return this.whole;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<GeneratedPiece, void> {
    if (this.consumed) throw new Error('this generation was already consumed (by a loop, text() or stats); call generate() again for another run');
    this.consumed = true;
    try {
      for (;;) {
        if (this.pageError) throw this.pageError.error;
        const piece = this.cutReason ? undefined : this.queue.shift();
        if (piece) {
          this.deliver(piece);
          yield piece;
        } else if (this.cutReason) {
          return;
        } else if (this.workerError) {
          throw this.workerError.error;
        } else if (this.workerDone) {
          return;
        } else {
          await new Promise<void>((resolve) => (this.wake = resolve));
        }
      }
    } finally {
      // Left early (a break, a throw in the loop's body) with tokens still to come: 'aborted' here, as in-page.
      if (!this.workerDone || this.tokensQueued()) this.cutOff('aborted');
      if (!this.workerDone) this.stop();
      this.endTaking();
    }
  }

  /** @internal A piece from the worker. */
  push(piece: GeneratedPiece): void {
    if (this.cutReason || this.pageError) return;
    if (!this.keepPieces) return this.deliver(piece);
    this.queue.push(piece);
    this.wakeUp();
  }

  /** @internal Cuts the run on this side when `signal` fires (the worker is told apart, and may have ended long before). */
  cutOn(signal: AbortSignal | undefined): void {
    if (!signal) return;
    const cut = () => this.cutOff('aborted');
    if (signal.aborted) return cut();
    signal.addEventListener('abort', cut, { once: true });
    this.detachCut = () => signal.removeEventListener('abort', cut);
  }

  /**
   * @internal Ends the run with `error` (its model disposed, its engine destroyed), unless its
   * stats have settled or every token was delivered of a run that had ended.
   */
  endWith(error: unknown): void {
    if (this.settled || this.pageError) return;
    if (this.workerDone && !this.tokensQueued()) {
      this.endTaking(); // the run had ended, every token delivered: its stats stand, now
      return;
    }
    this.pageError = { error };
    this.queue.length = 0;
    this.settle.reject(error);
    this.endTaking();
    this.wakeUp();
  }

  /**
   * @internal The worker's device is lost, or the model disposed: ended as endWith() ends it, unless
   * the page cut it already (an abort, a loop left, a newer call), whose stats the worker's answer
   * settles as the page decided (the stop came first, and the worker, told of it first, wins it too).
   */
  endUnlessCut(error: unknown): void {
    if (!this.cutReason) this.endWith(error);
  }

  /** @internal Settles (or rejects) with the stats once the run is done, for the model's list of runs. */
  get done(): Promise<unknown> {
    return this.finished;
  }

  /** @internal The worker's answer to the whole run. */
  finish(stats: Promise<GenerationStats>): void {
    stats.then(
      (s) => {
        this.workerDone = true;
        if (s.stopReason === 'superseded') this.cutOff('superseded'); // as in-page: the run ends where a newer call came
      },
      (error: unknown) => {
        this.workerDone = true;
        this.workerError = { error };
      },
    ).finally(() => this.wakeUp());
    // An error settles at once (the loop throws it); a run's stats once nobody takes more pieces.
    Promise.all([stats, this.takingEnded]).then(([s]) => this.settle.resolve(this.asDelivered(s)), (e: unknown) => this.settle.reject(e));
  }

  /** The worker's stats as the consumer saw the run: cut, the tokens delivered and why, unless all were and the run had ended on its own. */
  private asDelivered(s: GenerationStats): GenerationStats {
    if (!this.cutReason) return s;
    const endedOnItsOwn = s.stopReason !== 'aborted' && s.stopReason !== 'superseded';
    if (endedOnItsOwn && s.generatedTokens <= this.deliveredTokens) return s;
    return { ...s, stopReason: this.cutReason, generatedTokens: this.deliveredTokens };
  }

  /** @internal Ends the run here (an abort, a loop left early, a newer call), unless its stats have settled. */
  cutOff(reason: 'aborted' | 'superseded'): void {
    if (this.settled || this.cutReason || this.pageError) return;
    this.cutReason = reason;
    this.queue.length = 0;
    this.endTaking(); // no piece is taken after a cut: the stats need not wait for the loop
    this.wakeUp();
  }

  /** text() or stats with no loop started: nobody will take the pieces, so they are let go. */
  private consumeWithoutLoop(): void {
    if (this.consumed) return;
    this.consumed = true;
    this.keepPieces = false;
    for (const piece of this.queue) this.deliver(piece);
    this.queue.length = 0;
    this.endTaking();
  }

  /** The consumer has `piece`: its text is in text()'s, its token counted. */
  private deliver(piece: GeneratedPiece): void {
    this.whole += piece.text;
    if (piece.id !== undefined) this.deliveredTokens++;
  }

  /** Tokens wait in the queue that the consumer has not had. */
  private tokensQueued(): boolean {
    return this.queue.some((p) => p.id !== undefined);
  }

  private wakeUp(): void {
    this.wake?.();
    this.wake = undefined;
  }
}
