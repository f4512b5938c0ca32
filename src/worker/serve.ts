// The worker side of the engine worker: one Engine, its models by id, and the running loads,
// generations and trainings by operation id, exposed through comlink as EngineService
// (protocol.ts). Every load reads through the Cache Storage layer, with `default:` names under the
// page's site (LoadOptions.fetch and modelsBase). The page side is client.ts.
// Tests: tests/browser/playground.test.ts, picker.test.ts.

import { expose, releaseProxy, transfer, type Endpoint } from 'comlink';
import { createEngine, type Engine, type LoadProgress } from '../engine.js';
import type { GeneratedPiece } from '../model/generation.js';
import { defaultModelAbsent } from '../model/source.js';
import type { InspectOptions } from '../model/inspect.js';
import type { ChatMessage, ChatTemplateOptions, Model } from '../model/model.js';
import type { TrainStep } from '../train/api.js';
import { tokenPiece } from '../tokenizer/piece.js';
import { unknownCharacters } from '../tokenizer/unknown.js';
import { DownloadCache, downloadPolicy, refusedFileOf, type DownloadSession } from './cache.js';
import type { EngineService, EngineSettings, GenerateRequest, ModelCall, WireLoadOptions, WireSource, WireTrained, WireTrainRequest } from './protocol.js';
import { DeviceLostError } from '../errors.js';
import { carryErrorClasses, fromWireReason, toWire, type WireReason } from './wire-errors.js';

/** Answers EngineService calls arriving on `endpoint` (the worker's global scope by default). */
export function serveEngine(endpoint?: Endpoint): void {
  carryErrorClasses();
  expose(new EngineWorker(), endpoint);
}

// `signal` is the call's own when the page gave one (its abort(op) fires it).
const CALLS: Record<ModelCall, (model: Model, args: unknown[], signal?: AbortSignal) => unknown> = {
  tokenize: (model, [text, options]) => model.tokenize(text as string, options as { bos?: boolean } | undefined),
  applyChatTemplate: (model, [messages, options]) => model.applyChatTemplate(messages as ChatMessage[], options as ChatTemplateOptions | undefined),
  decode: (model, [ids]) => model.tokenizer.decode(ids as number[]),
  decodeEach: (model, [ids]) => (ids as number[]).map((id) => tokenPiece(model.tokenizer, id)),
  unknownCharacters: (model, [text]) => unknownCharacters(model.tokenizer, text as string),
  logits: (model, [ids], signal) => model.logits(ids as number[], signal ? { signal } : {}),
  inspect: (model, [input, options], signal) => model.inspect(input as string | number[], { ...(options as InspectOptions | undefined), ...(signal ? { signal } : {}) }),
};

class EngineWorker implements EngineService {
  private engine?: Engine;
  private settings?: EngineSettings;
  private downloads?: DownloadCache;
  private readonly models = new Map<number, Model>();
  private readonly running = new Map<number, AbortController>();
  private nextModel = 1;

  async start(settings: EngineSettings, lossPort?: MessagePort): Promise<{ adapter: string }> {
    if (this.engine) throw new Error('this engine worker has started already: one engine per worker');
    this.settings = settings;
    if (settings.cache !== false) {
      // Full URLs on both sides: the cache sees requests' absolute URLs, and connectEngine resolved modelsBase.
      this.downloads = new DownloadCache(globalThis.fetch.bind(globalThis), (url) => downloadPolicy(url, settings.modelsBase));
    }
    this.engine = await createEngine(settings.gpu);
    // A destroy() the page asked for ends its side already; a loss it has not heard of.
    this.engine.gpu.onGone((error) => { if (error instanceof DeviceLostError) lossPort?.postMessage(toWire(error)); });
    return { adapter: this.engine.adapter };
  }

  holdLifeLock(name: string): Promise<boolean> {
    const locks = globalThis.navigator?.locks;
    if (!locks) return Promise.resolve(false);
    return new Promise((held) => {
      locks.request(name, () => {
        held(true);
        return new Promise<never>(() => undefined); // never released: it frees when the worker ends
      }).catch(() => held(false)); // refused (an opaque origin's worker, a sandboxed frame): no watch
    });
  }

  async load(op: number, source: WireSource, options: WireLoadOptions, onProgress?: (p: LoadProgress) => unknown) {
    const engine = this.started();
    const controller = this.begin(op);
    const { signal } = controller;
    const reports = new Reports(onProgress, controller);
    try {
      const model = await this.downloading(options.hfEndpoint, (reading, session) => engine.load(source, {
        ...options,
        ...reading,
        signal,
        onProgress: (p) => {
          if (p.phase === 'allocate') session?.complete(); // every file is read and checked: a whole set, kept even if the GPU refuses it
          reports.callback?.(p);
        },
      }));
      try {
        await reports.delivered(); // every progress report reaches the page before the load's result does
        signal.throwIfAborted(); // an abort that came while they went, as in-page after the last report
      } catch (error) {
        model.dispose(); // the page's last report failed, or the load was stopped: nobody will ever hold this model
        throw error;
      }
      const id = this.nextModel++;
      this.models.set(id, model);
      return { id, info: model.info() };
    } finally {
      this.running.delete(op);
      letGo(onProgress);
    }
  }

  async train(op: number, request: WireTrainRequest, onStep?: (step: TrainStep) => unknown): Promise<WireTrained> {
    const engine = this.started();
    const controller = this.begin(op);
    const { signal } = controller;
    const reports = new Reports(onStep, controller, { awaited: true });
    try {
      const { files, load: _load, ...summary } = await this.downloading(request.hfEndpoint, (reading) => engine.train({ ...request, ...reading, signal, onStep: reports.callback }));
      await reports.delivered(); // the last step's report before the result
      return { ...summary, files: files() };
    } finally {
      this.running.delete(op);
      letGo(onStep);
    }
  }

  async generate(op: number, modelId: number, request: GenerateRequest, onPiece: (piece: GeneratedPiece) => unknown) {
    const model = this.model(modelId);
    const controller = this.begin(op);
    if (request.aborted) controller.abort(); // the page has the reason: the stats are all that come back
    const { signal } = controller;
    const run = request.kind === 'chat'
      ? model.chat(request.messages, { ...request.options, signal })
      : model.generate(request.prompt, { ...request.options, signal });
    try {
      let delivered: unknown;
      // Pieces go out without waiting for the page; the last one is awaited, and messages on one
      // channel arrive in order, so the page has every piece before it has the stats.
      for await (const piece of run) delivered = onPiece(piece);
      await delivered;
      return await run.stats;
    } finally {
      this.running.delete(op);
      letGo(onPiece);
    }
  }

  abort(op: number, reason?: WireReason): void {
    this.running.get(op)?.abort(reason === undefined ? undefined : fromWireReason(reason));
  }

  async call(modelId: number, method: ModelCall, args: unknown[], op?: number): Promise<unknown> {
    const call = CALLS[method];
    if (!call) throw new RangeError(`unknown model call "${method}": the calls are ${Object.keys(CALLS).join(', ')}`);
    let result: unknown;
    try {
      result = await call(this.model(modelId), args, op === undefined ? undefined : this.begin(op).signal);
    } finally {
      if (op !== undefined) this.running.delete(op);
    }
    // Moved, not copied: logits and an inspection's arrays can be hundreds of MB, and the worker keeps none of them.
    // (A string, decode()'s, has nothing to move, and Comlink's transfer list cannot be keyed by one.)
    return typeof result === 'object' && result !== null ? transfer(result, [...buffersIn(result)]) : result;
  }

  dispose(modelId: number): void {
    this.models.get(modelId)?.dispose(); // kept: as in the page, tokenize() goes on working, and the rest says why not
  }

  forget(modelId: number): void {
    this.models.delete(modelId);
  }

  loseDevice(): void {
    this.started().gpu.device.destroy();
  }

  private started(): Engine {
    if (!this.engine) throw new Error('the engine worker has not started: call start() first');
    return this.engine;
  }

  private model(id: number): Model {
    const model = this.models.get(id);
    if (!model) throw new Error(`model ${id} is not loaded in this worker (loaded by another engine?): load it again`);
    return model;
  }

  /** The controller abort(op) stops `op` through. */
  private begin(op: number): AbortController {
    const controller = new AbortController();
    this.running.set(op, controller);
    return controller;
  }

  /**
   * Runs a task that may download, given how to read: through a session of the download cache
   * (its files and 404 answers are kept only if the task succeeds: cache.ts) that knows the Hub
   * `hfEndpoint` the task reads `hf:` sources from, `default:` under the site's models/.
   */
  private async downloading<T>(hfEndpoint: string | undefined, task: (reading: { fetch?: typeof fetch; modelsBase: string }, session?: DownloadSession) => Promise<T>): Promise<T> {
    const modelsBase = this.settings!.modelsBase;
    const session = this.downloads?.session(hfEndpoint === undefined ? undefined : (url) => downloadPolicy(url, modelsBase, hfEndpoint));
    try {
      const result = await task({ modelsBase: this.settings!.modelsBase, ...(session ? { fetch: session.fetch } : {}) }, session);
      await session?.settle(true);
      return result;
    } catch (e) {
      await session?.settle(false, refusedFileOf(e));
      const absent = (e as { absentDefault?: { source: string; detail: string } } | null | undefined)?.absentDefault;
      // The page sets where default: models are when it connects (always: connectEngine requires it); LoadOptions.modelsBase is refused here.
      throw absent ? defaultModelAbsent(absent.source, absent.detail, 'EngineSettings.modelsBase (given to connectEngine)', true) : e;
    }
  }
}

/** The ArrayBuffers under the typed arrays in `value`'s plain objects and arrays. */
function buffersIn(value: unknown, found = new Set<ArrayBuffer>()): Set<ArrayBuffer> {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (Array.isArray(value)) {
    for (const item of value) buffersIn(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) buffersIn(item, found);
  }
  return found;
}

/**
 * Lets the page's side of a callback go once its call has ended (comlink's release, sent after the
 * call's last report): its port closes now, not when this side's proxy is collected, which kept a
 * Node process serving an engine on a port alive for half a minute after destroy().
 */
function letGo(callback: unknown): void {
  const release = (callback as { [releaseProxy]?: () => void } | undefined)?.[releaseProxy];
  if (typeof release === 'function') release();
}

/**
 * A page callback (progress, training steps) called across the worker boundary: the first report
 * the page fails on stops the operation with that error, as a throwing callback stops it in the
 * page, and none fails unseen. Progress goes without waiting; an `awaited` callback (training's
 * onStep, which engine.train awaits in the page) returns the page's answer, so the run waits for it.
 */
class Reports<T> {
  readonly callback: ((report: T) => Promise<void> | undefined) | undefined;
  private last: Promise<unknown> = Promise.resolve();
  private failure: { error: unknown } | undefined;

  constructor(send: ((report: T) => unknown) | undefined, controller: AbortController, { awaited = false } = {}) {
    this.callback = send && ((report: T) => {
      if (this.failure) throw this.failure.error;
      this.last = Promise.resolve(send(report)).catch((error: unknown) => {
        this.failure ??= { error };
        controller.abort(error);
      });
      return awaited ? this.delivered() : undefined;
    });
  }

  /** Settles once the last report has reached the page; rejects with the first that failed. */
  async delivered(): Promise<void> {
    await this.last;
    if (this.failure) throw this.failure.error;
  }
}
