// The GPU transformer of one loaded model: weights, activations, KV cache and the three built
// passes; a step records a pass into one encoder and submits once. Generation runs as decode
// streams (decode-stream.ts): the prompt, then steps fed on the GPU by the token the step before
// sampled, queued ahead and read back 4 bytes each (a token id, or the sampler's
// NON_FINITE_TOKEN, which becomes NonFiniteLogitsError). The KV cache is held by one Session at a
// time (begin() takes it over, closing the stream of the one before). Everything generation uses is
// made at create(); an inspection builds its tapped pass and buffers per call (inspect-capture.ts).
// Forward pass: forward.ts; reference: src/reference/transformer.ts; tests: tests/model/forward.test.ts,
// tests/model/nonfinite.test.ts and tests/model/inspect.test.ts.

import type { Gpu } from '../gpu/device.js';
import type { CompileProgress } from '../gpu/pipelines.js';
import type { Recorder } from '../gpu/recorder.js';
import { createStorage, readFloat32 } from '../gpu/buffers.js';
import { ModelDisposedError } from '../errors.js';
import { Embed, storesTransposed } from '../kernels/index.js';
import { show } from '../value-words.js';
import { DecodeStream, type StepResult, type StreamHost } from './decode-stream.js';
import { allocate, freeAll, ALL_LOGITS_ROWS, type Activations, type KvCache } from './activations.js';
import { interleavedRope } from './interleave-rope.js';
import { frozenConfig, type ModelConfig } from './config.js';
import type { StoredWeights } from './convert.js';
import { buildHeadPass, buildPass, type Pass, type PassMode, type Sampling, type StepContext } from './forward.js';
import { GpuWeights, type UploadProgress } from './gpu-weights.js';
import { Capture, inspectRows, type InspectSink } from './inspect-capture.js';
import { describe } from '../value-words.js';

export type { Sampling, StepResult };
export { DecodeStream };

export interface TransformerOptions {
  /** Context length to allocate the KV cache for (default: the model's maxSeqLen, at most DEFAULT_CONTEXT). */
  maxSeqLen?: number;
  /** Sample only ids below this (default V): a checkpoint's padding rows beyond the tokenizer never come out. */
  sampleVocab?: number;
  /** Prompt rows per prefill pass (default PREFILL_ROWS): lower it to save activation memory. */
  prefillRows?: number;
  /** Each weight tensor's GPU buffers made (before any is written). */
  onAllocate?: (p: UploadProgress) => void;
  /** Each weight tensor written to the GPU. */
  onProgress?: (p: UploadProgress) => void;
  /** Each pipeline the passes' kernels compile, as it is built (none for pipelines this GPU already holds). */
  onCompileProgress?: (p: CompileProgress) => void;
  /**
   * The most bytes one weight buffer may hold (default and cap: the device's binding limit):
   * matrices over it are split by rows across bindings. Tests lower it to split small models.
   */
  bindingLimit?: number;
  /** Stops create() while its buffers are made or written (between tensors) or the passes build, with the signal's reason, freeing what it made; the device going stops it too, with its error. */
  signal?: AbortSignal;
}

/** What a decode stream is asked for: logit rows, at most `limit` tokens, and the signal that stops a long input's prefill between chunks. */
interface StreamOptions {
  logits?: boolean;
  limit?: number;
  signal?: AbortSignal;
}

/** Prompt rows per prefill pass: bounds activations at (PREFILL_ROWS, F); longer prompts run in chunks. */
const PREFILL_ROWS = 512;
/** KV cache positions allocated when the caller names none: long-context models would otherwise claim GBs. */
const DEFAULT_CONTEXT = 4096;

/** Thrown inside a step whose session another begin() has superseded; the generation loop ends quietly on it. */
export class SupersededError extends Error {
  override name = 'SupersededError';
}

/** A transformer collected without dispose() takes its device listener with it. */
const letGo = new FinalizationRegistry<() => void>((forget) => forget());

export class Transformer {
  /** Next free position of the KV cache; while a decode stream runs, after the tokens read from it. */
  pos = 0;
  private disposed = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** The session holding the KV cache (0: none yet). */
  private holder = 0;
  /**
   * The holder's call for when its hold ends between its calls: begin() takes the cache over (no
   * error), or the model or its device goes (the error later calls throw). A generation settles then.
   */
  private whenEnded?: (error?: Error) => void;
  private readonly forgetGpu: () => void;
  /** The decode stream that may still record steps: closed by any other call. */
  private open?: DecodeStream;
  private decodeDispatches?: number;

  private constructor(
    readonly gpu: Gpu,
    readonly config: ModelConfig,
    /** What the passes run: config, but half-split RoPE as interleaved pairs over reordered qkv rows (interleavedRope). */
    private readonly passConfig: ModelConfig,
    private readonly prefillRows: number,
    private readonly sampleVocab: number,
    private readonly weights: GpuWeights,
    private readonly activations: Activations,
    private readonly cache: KvCache,
    private readonly passes: Record<PassMode, Pass>,
  ) {
    // Weakly: the device's list must not keep a model the app let go of (its buffers are collected with it).
    const self = new WeakRef(this);
    this.forgetGpu = gpu.onGone((error) => self.deref()?.endHold(error));
    letGo.register(this, this.forgetGpu, this);
  }

  static async create(gpu: Gpu, config: ModelConfig, host: StoredWeights, o: TransformerOptions = {}): Promise<Transformer> {
    if (o.maxSeqLen !== undefined && !(Number.isInteger(o.maxSeqLen) && o.maxSeqLen > 0)) {
      throw new RangeError(`maxSeqLen (the context length) must be a positive integer, got ${o.maxSeqLen}`);
    }
    if (o.prefillRows !== undefined && !(Number.isInteger(o.prefillRows) && o.prefillRows > 0)) {
      throw new RangeError(`prefillRows must be a positive integer, got ${o.prefillRows}`);
    }
    const length = Math.min(o.maxSeqLen ?? DEFAULT_CONTEXT, config.maxSeqLen);
    const rows = Math.min(length, o.prefillRows ?? PREFILL_ROWS);
    // The passes run half-split RoPE as interleaved pairs (one dispatch fewer a layer); `config` stays the checkpoint's.
    const run = interleavedRope(config, host);
    // The buffers' making and writing stop too where the device goes (engine.destroy(), a loss): what is left would go nowhere.
    const gone = new AbortController();
    const forgetGone = gpu.onGone((error) => gone.abort(error));
    const signal = o.signal ? AbortSignal.any([o.signal, gone.signal]) : gone.signal;
    try {
      return await Transformer.assemble(gpu, config, host, run, rows, length, { ...o, signal });
    } finally {
      forgetGone();
    }
  }

  /** create()'s buffers, upload and passes, stopped by `o.signal` (the caller's, or the device going). */
  private static async assemble(gpu: Gpu, config: ModelConfig, host: StoredWeights, run: ReturnType<typeof interleavedRope>, rows: number, length: number, o: TransformerOptions & { signal: AbortSignal }): Promise<Transformer> {
    // Planned first: a matrix too large for a binding is refused before anything reaches the GPU.
    const weights = GpuWeights.plan(gpu, host, { onAllocate: o.onAllocate, onProgress: o.onProgress, bindingLimit: o.bindingLimit, reorder: run.reorder, transposeKn: (dtype) => storesTransposed(gpu.profile, dtype) });
    let buffers: { activations: Activations; cache: KvCache } | undefined;
    const built: Pass[] = [];
    const building: Array<Promise<Pass>> = [];
    const compiles = o.onCompileProgress && gpu.pipelines.watch(o.onCompileProgress);
    try {
      o.signal.throwIfAborted();
      buffers = allocate(gpu, config, rows, length);
      const { activations, cache } = buffers;
      const sampleVocab = o.sampleVocab ?? config.vocabSize;
      const build = async (mode: PassMode) => {
        const pass = await buildPass(gpu, run.config, weights, activations, cache, mode, sampleVocab);
        built.push(pass);
        return pass;
      };
      building.push(build('prefill'), build('decode'), build('all'));
      // Handled now: a build may fail while the buffers are made and written (an unhandled
      // rejection ends a Node process); the load rejects with it after the upload.
      const allBuilt = Promise.all(building);
      allBuilt.catch(() => undefined);
      // The passes' kernels compile on the driver's threads while the weights' buffers are made
      // and written (a pass binds buffers, not their data, and binds once they are made; nothing
      // runs before all is done). GPT-2-124M f32 in Node on SwiftShader (2 cores), alternated:
      // 6.0-6.9 s against 7.0-7.6 s writing first.
      await weights.make(o.signal);
      await weights.fill(o.signal);
      const [prefill, decode, all] = await untilAborted(allBuilt, o.signal);
      const reported = compiles?.stop();
      if (reported) throw reported.error; // a progress report threw: the load fails with it
      o.signal.throwIfAborted();
      return new Transformer(gpu, frozenConfig(config), run.config, rows, sampleVocab, weights, activations, cache, { prefill, decode, all });
    } catch (e) {
      compiles?.stop();
      const bindable = weights.isMade;
      weights.destroy();
      if (buffers) freeAll(buffers.activations, buffers.cache);
      // A pass still building when another failed is destroyed too, once built. An abort does not
      // wait for the compiles (seconds on a software adapter): they finish, and are freed, after
      // it; nor does a failure before the weights' buffers were made, when no pass bound anything.
      const passes = Promise.allSettled(building).then(() => built.forEach((pass) => pass.destroy()));
      if (!o.signal.aborted && bindable) await passes;
      throw e;
    }
  }

  /** Positions the KV cache holds. */
  get maxSeqLen(): number {
    return this.cache.length;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /**
   * Throws a RangeError unless `ids` can run from position `pos`: an array of 1 or more token ids
   * (integers below the vocabulary size) that fits in the context. Nothing is run or taken over.
   */
  checkIds(ids: readonly number[], pos = 0): void {
    if (!Array.isArray(ids)) throw new TypeError(`token ids must be an array of integers, got ${describe(ids)}${typeof ids === 'string' ? ': tokenize() the text first' : ''}`);
    if (ids.length === 0) throw new RangeError('no tokens to run');
    if (pos === 0 && ids.length > this.maxSeqLen) throw this.inputTooLong(ids.length);
    if (pos + ids.length > this.maxSeqLen) {
      throw new RangeError(`context overflow: ${pos} tokens in context + ${ids.length} new exceed the context length of ${this.maxSeqLen}`);
    }
    const V = this.config.vocabSize;
    const bad = ids.findIndex((id) => !(Number.isInteger(id) && id >= 0 && id < V));
    if (bad >= 0) throw new RangeError(`ids[${bad}] = ${show(ids[bad])} is not a token id: ids are integers in [0, ${V})`);
  }

  /**
   * The error for an input of `tokens` tokens (`atLeast`: counted before encoding, so at least
   * that many) over the context: what to do, and whether a larger maxSeqLen would help.
   */
  inputTooLong(tokens: number, atLeast = false): RangeError {
    const own = this.config.maxSeqLen;
    // A larger maxSeqLen helps only where the model's own context holds the input.
    const more = !(this.maxSeqLen < own && tokens <= own) ? ` (the model's own context is ${own})`
      : atLeast ? `, or load the model with a larger maxSeqLen (its context is ${own}), if the input fits there`
      : `, or load the model with a larger maxSeqLen (up to its context, ${own})`;
    return new RangeError(`the input is ${atLeast ? 'at least ' : ''}${tokens} tokens, but the context holds ${this.maxSeqLen}: shorten it${more}`);
  }

  /** Takes the KV cache over for a new sequence: every earlier session is superseded from now on (and told so). */
  begin(): Session {
    const session = new Session(this, ++this.holder);
    this.endHold();
    return session;
  }

  /** Calls `callback` when the hold of session `id` ends between calls (whenEnded), if it holds the cache now; undefined forgets it. */
  watchHolder(id: number, callback: ((error?: Error) => void) | undefined): void {
    if (this.holds(id)) this.whenEnded = callback;
  }

  /** Tells the holder its hold has ended: superseded (no error), or the model or device gone. */
  private endHold(error?: Error): void {
    const tell = this.whenEnded;
    this.whenEnded = undefined;
    if (error) this.open?.cancel(error);
    tell?.(error);
  }

  /** Whether `session` still holds the KV cache. */
  holds(session: number): boolean {
    return this.holder === session;
  }

  /** Dispatches the last decode step recorded (one token fed on the GPU); undefined before the first. */
  get dispatchesPerToken(): number | undefined {
    return this.decodeDispatches;
  }

  /**
   * Runs `ids` at the next positions and samples the following token on the GPU (4 bytes back).
   * A prompt longer than one prefill pass runs in chunks; only the last one samples. Throws
   * NonFiniteLogitsError, naming `sampling.step`, when the logits hold NaN or +Infinity (or
   * nothing above -Infinity): no token is returned.
   */
  async next(ids: number[], sampling: Sampling, o: { logits?: boolean; startAt?: number; session?: number } = {}): Promise<StepResult> {
    return this.exclusive(async () => {
      const stream = this.start(ids, sampling, { ...o, limit: 1 });
      try {
        return (await stream.next())!; // a stream of one step has one token
      } finally {
        stream.close();
      }
    });
  }

  /**
   * A decode stream: `ids` at the next positions (see next()), then up to `limit` - 1 steps each
   * fed the token before, queued ahead (DecodeStream). Never runs past the context: the stream
   * ends when the cache is full. Any other call on the model closes it.
   */
  async decode(ids: number[], sampling: Sampling, o: StreamOptions & { startAt?: number; session?: number } = {}): Promise<DecodeStream> {
    return this.exclusive(async () => this.start(ids, sampling, o));
  }

  /**
   * Runs `ids` from position `startAt` (default: the next) and returns every row's logits (T, V):
   * for tests and inspection. `signal` stops it before each pass (rejecting with its reason).
   */
  async logitsFor(ids: number[], o: { startAt?: number; session?: number; signal?: AbortSignal } = {}): Promise<Float32Array> {
    return this.exclusive(async () => {
      this.enter(ids, o);
      const V = this.config.vocabSize;
      const out = new Float32Array(ids.length * V);
      const rows = Math.min(ALL_LOGITS_ROWS, this.prefillRows);
      for (let at = 0; at < ids.length; at += rows) {
        o.signal?.throwIfAborted();
        const chunk = ids.slice(at, at + rows);
        this.record(this.passes.all, chunk, this.pos);
        this.pos += chunk.length;
        out.set(await this.settle(readFloat32(this.gpu.device, this.activations.allLogits, chunk.length * V)), at * V);
        this.gpu.assertHealthy();
      }
      return out;
    });
  }

  /**
   * Runs `ids` from position 0 as logitsFor() does, handing `sink` each pass's logits and what
   * else its methods ask for: the residual stream, attention maps, the logit lens. Builds its
   * tapped pass and buffers for this call and frees them after; generation's passes are untouched.
   * It takes its turn at the call, as logitsFor() does: the build is part of it, so a call made
   * while its pass compiles runs after it, not before. `signal` stops it before each pass.
   */
  async inspect(ids: number[], sink: InspectSink, signal?: AbortSignal): Promise<void> {
    return this.exclusive(async () => {
      this.enter(ids, { startAt: 0 });
      const c = this.config;
      const most = Math.min(ALL_LOGITS_ROWS, this.prefillRows);
      const attentionLayers = sink.attention ? (sink.attentionLayers ?? Array.from({ length: c.nLayers }, (_, l) => l)) : [];
      const attentionHeads = sink.attentionHeads ?? Array.from({ length: c.nHeads }, (_, h) => h);
      const rows = inspectRows(this.gpu, c, ids.length, most, attentionLayers.length, attentionHeads.length);
      const capture = Capture.create(this.gpu, c, { rows, width: ids.length, hidden: !!(sink.hidden || sink.lens), attentionLayers, attentionHeads });
      const built: Pass[] = [];
      const build = async (pass: () => Promise<Pass>) => {
        let p: Pass;
        try {
          p = await pass();
        } catch (e) {
          this.alive('while it was being inspected'); // a dispose() during the build took the weights it read
          throw e;
        }
        built.push(p);
        this.alive('while it was being inspected');
        return p;
      };
      try {
        const pass = await build(() => buildPass(this.gpu, this.passConfig, this.weights, this.activations, this.cache, 'all', this.sampleVocab, capture.taps));
        const head = sink.lens ? await build(() => buildHeadPass(this.gpu, this.passConfig, this.weights, this.activations)) : undefined;
        const a = this.activations;
        for (let at = 0; at < ids.length; at += rows) {
          signal?.throwIfAborted();
          const chunk = ids.slice(at, at + rows);
          const T = chunk.length;
          this.record(pass, chunk, this.pos, { then: (rec) => capture.stage(rec, T, a.allLogits) });
          this.pos += T;
          const got = await this.settle(capture.read(T));
          this.gpu.assertHealthy();
          sink.logits(at, got.logits);
          got.hidden?.forEach((states, slot) => sink.hidden?.(at, slot, states));
          got.attention?.forEach((probs, slot) => sink.attention?.(at, slot, probs));
          for (let slot = 0; head && slot <= c.nLayers; slot++) {
            // The lens: this slot's residual stream back into x, then the head pass alone.
            this.alive('while it was being inspected');
            signal?.throwIfAborted();
            const rec = this.gpu.recorder('logit lens');
            capture.restore(rec, slot, T, a.x);
            for (const step of head.steps) step(rec, { T, pos0: at });
            capture.stageLogits(rec, T, a.allLogits);
            rec.submit();
            sink.lens?.(at, slot, await this.settle(capture.readLogits(T)));
          }
          this.gpu.assertHealthy();
        }
      } finally {
        for (const p of built) p.destroy();
        capture.destroy();
      }
    });
  }

  /**
   * Rows `ids` of the token embedding matrix (n, C), gathered on the GPU and read back at once
   * (in several gathers only when they outgrow a storage binding). Leaves the KV cache alone.
   */
  async embeddingRows(ids: number[]): Promise<Float32Array> {
    const c = this.config;
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= c.vocabSize) throw new RangeError(`embedding row ${id} is outside the vocabulary of ${c.vocabSize}`);
    }
    const out = new Float32Array(ids.length * c.dim);
    const most = Math.max(1, Math.floor(this.gpu.limits.maxStorageBufferBindingSize / (c.dim * 4)));
    const kernel = await Embed.create(this.gpu, { positions: false, weights: this.weights.dtype('embed.tokens') });
    for (let at = 0; at < ids.length; at += most) {
      // Checked at each gather: a dispose() while the kernel compiled or a slice was read back has destroyed the table.
      this.alive('while its embedding rows were read');
      const chunk = ids.slice(at, at + most);
      const idsBuffer = createStorage(this.gpu.device, chunk.length * 4, 'inspect:embedding ids');
      const y = createStorage(this.gpu.device, chunk.length * c.dim * 4, 'inspect:embedding rows');
      try {
        this.gpu.device.queue.writeBuffer(idsBuffer, 0, new Uint32Array(chunk));
        // One gather per slice of a table split across bindings, in order (Embed's `first`).
        const bound = this.weights.slicesOf('embed.tokens').map(({ buffer, first, rows }) =>
          kernel.bind({ ids: idsBuffer, wte: buffer, y }, { T: chunk.length, C: c.dim, V: rows, pos0: 0, first }));
        try {
          const rec = this.gpu.recorder('embedding rows');
          bound.forEach((b) => b.record(rec));
          rec.submit();
        } finally {
          bound.forEach((b) => b.destroy());
        }
        out.set(await this.settle(readFloat32(this.gpu.device, y, chunk.length * c.dim)), at * c.dim);
        this.gpu.assertHealthy();
      } finally {
        idsBuffer.destroy();
        y.destroy();
      }
    }
    return out;
  }

  /**
   * Refuses every call from now on (ModelDisposedError) and frees the GPU memory once the step
   * running now has ended and the GPU has finished what was submitted: a buffer is never destroyed
   * under a pending map or submit (a test process disposing mid-step once died without a message:
   * the likely cause, not a confirmed one).
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.forgetGpu();
    letGo.unregister(this);
    this.endHold(ModelDisposedError.during('while it was generating'));
    const free = () => {
      this.weights.destroy();
      for (const pass of Object.values(this.passes)) pass.destroy();
      freeAll(this.activations, this.cache);
    };
    void this.queue.then(() => this.gpu.device.queue.onSubmittedWorkDone()).then(free, free);
  }

  /** Closes the open stream, checks the step and opens a stream for it, its first steps recorded. */
  private start(ids: number[], sampling: Sampling, o: StreamOptions & { startAt?: number; session?: number }): DecodeStream {
    if (o.limit !== undefined && !(Number.isInteger(o.limit) && o.limit >= 1)) throw new RangeError(`limit (tokens to decode) must be a positive integer, got ${o.limit}`);
    this.enter(ids, o);
    const room = this.maxSeqLen - this.pos - ids.length + 1; // steps until the cache is full
    const limit = Math.min(o.limit ?? room, room);
    const stream = new DecodeStream(this.streamHost(o.session), ids, this.pos, sampling, { logits: !!o.logits, limit, signal: o.signal });
    this.open = stream;
    stream.fill();
    return stream;
  }

  /** What a stream of `session` (none: a call outside sessions) may do with this model. */
  private streamHost(session: number | undefined): StreamHost {
    const a = this.activations;
    return {
      device: this.gpu.device,
      vocabSize: this.config.vocabSize,
      sampleVocab: this.sampleVocab,
      tokenBuffer: a.ids,
      logitsBuffer: a.logits,
      submit: (ids, pos0, sampling, then) => this.submit(ids, pos0, sampling, then),
      prefillRows: this.prefillRows,
      prefill: (ids, pos0) => void this.runChunk(ids, pos0),
      check: () => {
        if (session !== undefined && !this.holds(session)) throw new SupersededError('another call took over this model\'s KV cache');
        this.alive();
      },
      accept: (position) => {
        this.pos = position;
      },
      settle: (work) => this.settle(work),
      logitsOf: async (ids, pos0, sampling) => {
        this.submit(ids, pos0, sampling);
        return this.settle(readFloat32(this.gpu.device, a.logits, this.config.vocabSize));
      },
      release: (stream) => {
        if (this.open === stream) this.open = undefined;
      },
    };
  }

  /**
   * One sampling step at `pos0`: host `ids` (a prompt in prefill chunks, the last one sampled), or
   * none for a decode step fed the token the step before sampled; then `then`'s copies.
   */
  private submit(ids: number[] | undefined, pos0: number, sampling: Sampling, then?: (rec: Recorder) => void): void {
    if (!ids) {
      this.decodeDispatches = this.record(this.passes.decode, undefined, pos0, { sampling, then });
      return;
    }
    for (let at = 0; at < ids.length; at += this.prefillRows) {
      const chunk = ids.slice(at, at + this.prefillRows);
      const last = at + chunk.length === ids.length;
      this.runChunk(chunk, pos0 + at, last ? { sampling, then } : {});
    }
  }

  /** One pass over at most prefillRows host ids at `pos0`, sampling its last row when asked. */
  private runChunk(ids: number[], pos0: number, o: { sampling?: Sampling; then?: (rec: Recorder) => void } = {}): number {
    return this.record(this.passes[ids.length === 1 ? 'decode' : 'prefill'], ids, pos0, o);
  }

  /**
   * Records a pass at `pos0` over `ids`, uploaded, or (undefined) over the one token the previous
   * pass sampled into ids[0]; then `then`'s copies; submits it. Returns its dispatch count.
   */
  private record(pass: Pass, ids: number[] | undefined, pos0: number, o: { sampling?: Sampling; then?: (rec: Recorder) => void } = {}): number {
    this.alive('while it was running'); // its buffers are destroyed: a submit would be a validation error
    if (ids) this.gpu.device.queue.writeBuffer(this.activations.ids, 0, new Uint32Array(ids));
    const rec = this.gpu.recorder('forward');
    const ctx: StepContext = { T: ids?.length ?? 1, pos0, sampling: o.sampling, fed: !ids };
    for (const step of pass.steps) step(rec, ctx);
    o.then?.(rec);
    const dispatches = rec.dispatchCount;
    rec.submit();
    return dispatches;
  }

  /** Checks a step before anything runs (the session, disposal, the context and the ids), then closes the open stream. */
  private enter(ids: number[], o: { startAt?: number; session?: number }): void {
    if (o.session !== undefined && !this.holds(o.session)) throw new SupersededError('another call took over this model\'s KV cache');
    this.alive();
    const pos = o.startAt ?? this.pos;
    this.checkIds(ids, pos);
    this.open?.cancel(new SupersededError('another call took over this model\'s KV cache'));
    this.pos = pos;
  }

  /** One step at a time: steps share the activations, the KV cache and the readback buffer. */
  private exclusive<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step, step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Awaits GPU work, turning a failure into the reason: disposal or a lost device. */
  private async settle<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (e) {
      this.alive('while a step was running');
      throw await this.gpu.reasonFor(e);
    }
  }

  /** Throws ModelDisposedError once dispose() has run; `doing` says what the call was doing then. */
  private alive(doing?: string): void {
    if (this.disposed) throw ModelDisposedError.during(doing);
  }
}

/**
 * One sequence's hold on the KV cache: begin() on the transformer, then step() (the first starts
 * at position 0), then end(). A later begin() supersedes it: its next step throws SupersededError.
 */
export class Session {
  private started = false;
  private ended = false;

  constructor(
    private readonly transformer: Transformer,
    private readonly id: number,
  ) {}

  /** Another session has taken the KV cache over. */
  get superseded(): boolean {
    return !this.transformer.holds(this.id);
  }

  /** Positions used so far. */
  get position(): number {
    return this.started ? this.transformer.pos : 0;
  }

  /**
   * A decode stream (Transformer.decode) from `ids` after the session's tokens so far (from
   * position 0 on `restart`): at most `limit` tokens, each step fed the token before on the GPU.
   */
  async decode(ids: number[], sampling: Sampling, o: StreamOptions & { restart?: boolean } = {}): Promise<DecodeStream> {
    if (this.ended) throw new Error('this session has ended');
    const fromStart = !this.started || o.restart;
    this.started = true;
    return this.transformer.decode(ids, sampling, { logits: o.logits, limit: o.limit, signal: o.signal, startAt: fromStart ? 0 : undefined, session: this.id });
  }

  /** Dispatches of one decode step (Transformer.dispatchesPerToken). */
  get dispatchesPerToken(): number | undefined {
    return this.transformer.dispatchesPerToken;
  }

  /** Every row's logits (T, V) for `ids` from position 0: one step, whole, so a later begin() cannot cut it (only `signal` can). */
  async logits(ids: number[], signal?: AbortSignal): Promise<Float32Array> {
    if (this.ended) throw new Error('this session has ended');
    this.started = true;
    return this.transformer.logitsFor(ids, { startAt: 0, signal });
  }

  /** Runs `ids` from position 0, handing `sink` what it asks for (Transformer.inspect): one step, whole, as logits(). */
  async inspect(ids: number[], sink: InspectSink, signal?: AbortSignal): Promise<void> {
    if (this.ended) throw new Error('this session has ended');
    this.started = true;
    return this.transformer.inspect(ids, sink, signal);
  }

  end(): void {
    this.ended = true;
    this.transformer.watchHolder(this.id, undefined);
  }

  /**
   * Calls `callback` once the hold ends while no step of it runs: another call takes the KV cache
   * over (no error), or the model or its device goes (the error).
   */
  onEnded(callback: (error?: Error) => void): void {
    this.transformer.watchHolder(this.id, callback);
  }
}

/** `work`, or the signal's reason as soon as it aborts (the work goes on, unwaited). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    if (signal.aborted) stop();
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}
