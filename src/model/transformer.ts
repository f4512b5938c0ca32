// The GPU transformer of one loaded model: weights, activations, KV cache and the three built
// passes; a step uploads ids, records a pass into one encoder, submits once and reads back 4
// bytes (a token id, or the sampler's NON_FINITE_TOKEN, which becomes NonFiniteLogitsError). The KV
// cache is held by one Session at a time (begin() takes it over). Everything is made at create().
// Forward pass: forward.ts; reference: src/reference/transformer.ts; tests: tests/model/forward.test.ts
// and tests/model/nonfinite.test.ts.

import { NonFiniteLogitsError } from '../errors.js';
import type { Gpu } from '../gpu/device.js';
import { readFloat32 } from '../gpu/buffers.js';
import { MapMode } from '../gpu/flags.js';
import { describeUnsamplable, NON_FINITE_TOKEN } from '../kernels/sample/kernel.js';
import { allocate, freeAll, ALL_LOGITS_ROWS, type Activations, type KvCache } from './activations.js';
import type { ModelConfig, WeightMap } from './config.js';
import { buildPass, type Pass, type PassMode, type Sampling, type StepContext } from './forward.js';
import { GpuWeights, type UploadProgress } from './gpu-weights.js';

export type { Sampling };

export interface TransformerOptions {
  /** Context length to allocate the KV cache for (default: the model's maxSeqLen, at most DEFAULT_CONTEXT). */
  maxSeqLen?: number;
  /** Sample only ids below this (default V): a checkpoint's padding rows beyond the tokenizer never come out. */
  sampleVocab?: number;
  /** Prompt rows per prefill pass (default PREFILL_ROWS): lower it to save activation memory. */
  prefillRows?: number;
  onProgress?: (p: UploadProgress) => void;
}

/** Prompt rows per prefill pass: bounds activations at (PREFILL_ROWS, F); longer prompts run in chunks. */
const PREFILL_ROWS = 512;
/** KV cache positions allocated when the caller names none: long-context models would otherwise claim GBs. */
export const DEFAULT_CONTEXT = 4096;

/** Thrown inside a step whose session another begin() has superseded; the generation loop ends quietly on it. */
export class SupersededError extends Error {
  override name = 'SupersededError';
}

export class Transformer {
  /** Next free position of the KV cache. */
  pos = 0;
  private disposed = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** The session holding the KV cache (0: none yet). */
  private holder = 0;

  private constructor(
    readonly gpu: Gpu,
    readonly config: ModelConfig,
    private readonly prefillRows: number,
    private readonly sampleVocab: number,
    private readonly weights: GpuWeights,
    private readonly activations: Activations,
    private readonly cache: KvCache,
    private readonly passes: Record<PassMode, Pass>,
  ) {}

  static async create(gpu: Gpu, config: ModelConfig, host: WeightMap, o: TransformerOptions = {}): Promise<Transformer> {
    if (o.maxSeqLen !== undefined && !(Number.isInteger(o.maxSeqLen) && o.maxSeqLen > 0)) {
      throw new RangeError(`maxSeqLen (the context length) must be a positive integer, got ${o.maxSeqLen}`);
    }
    if (o.prefillRows !== undefined && !(Number.isInteger(o.prefillRows) && o.prefillRows > 0)) {
      throw new RangeError(`prefillRows must be a positive integer, got ${o.prefillRows}`);
    }
    const length = Math.min(o.maxSeqLen ?? DEFAULT_CONTEXT, config.maxSeqLen);
    const rows = Math.min(length, o.prefillRows ?? PREFILL_ROWS);
    const weights = GpuWeights.upload(gpu, host, o.onProgress);
    let buffers: { activations: Activations; cache: KvCache } | undefined;
    const built: Pass[] = [];
    try {
      buffers = allocate(gpu, config, rows, length);
      const { activations, cache } = buffers;
      const sampleVocab = o.sampleVocab ?? config.vocabSize;
      const build = async (mode: PassMode) => {
        const pass = await buildPass(gpu, config, weights, activations, cache, mode, sampleVocab);
        built.push(pass);
        return pass;
      };
      const [prefill, decode, all] = await Promise.all([build('prefill'), build('decode'), build('all')]);
      return new Transformer(gpu, config, rows, sampleVocab, weights, activations, cache, { prefill, decode, all });
    } catch (e) {
      weights.destroy();
      for (const pass of built) pass.destroy();
      if (buffers) freeAll(buffers.activations, buffers.cache);
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

  /** Takes the KV cache over for a new sequence: every earlier session is superseded from now on. */
  begin(): Session {
    return new Session(this, ++this.holder);
  }

  /** Whether `session` still holds the KV cache. */
  holds(session: number): boolean {
    return this.holder === session;
  }

  /**
   * Runs `ids` at the next positions and samples the following token on the GPU (4 bytes back).
   * A prompt longer than one prefill pass runs in chunks; only the last one samples. Throws
   * NonFiniteLogitsError, naming `sampling.step`, when the logits hold NaN or +Infinity (or
   * nothing above -Infinity): no token is returned.
   */
  async next(ids: number[], sampling: Sampling, o: { logits?: boolean; startAt?: number; session?: number } = {}): Promise<{ token: number; logits?: Float32Array }> {
    return this.exclusive(async () => {
      this.enter(ids, o);
      const a = this.activations;
      for (let at = 0; at < ids.length; at += this.prefillRows) {
        const chunk = ids.slice(at, at + this.prefillRows);
        const last = at + chunk.length === ids.length;
        this.record(chunk.length === 1 ? 'decode' : 'prefill', chunk, last ? sampling : undefined);
      }
      const logits = o.logits ? await this.settle(readFloat32(this.gpu.device, a.logits, this.config.vocabSize)) : undefined;
      await this.settle(a.readback.mapAsync(MapMode.READ));
      const token = new Uint32Array(a.readback.getMappedRange().slice(0))[0];
      a.readback.unmap();
      this.gpu.assertHealthy();
      if (token === NON_FINITE_TOKEN) {
        // The error path only: read the row the sampler saw to say what was wrong with it.
        const row = logits ?? await this.settle(readFloat32(this.gpu.device, a.logits, this.sampleVocab));
        throw new NonFiniteLogitsError(sampling.step ?? 0, describeUnsamplable(row.subarray(0, this.sampleVocab)));
      }
      return { token, logits };
    });
  }

  /** Runs `ids` from position `startAt` (default: the next) and returns every row's logits (T, V): for tests and inspection. */
  async logitsFor(ids: number[], o: { startAt?: number; session?: number } = {}): Promise<Float32Array> {
    return this.exclusive(async () => {
      this.enter(ids, o);
      const V = this.config.vocabSize;
      const out = new Float32Array(ids.length * V);
      const rows = Math.min(ALL_LOGITS_ROWS, this.prefillRows);
      for (let at = 0; at < ids.length; at += rows) {
        const chunk = ids.slice(at, at + rows);
        this.record('all', chunk);
        out.set(await this.settle(readFloat32(this.gpu.device, this.activations.allLogits, chunk.length * V)), at * V);
        this.gpu.assertHealthy();
      }
      return out;
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.weights.destroy();
    for (const pass of Object.values(this.passes)) pass.destroy();
    freeAll(this.activations, this.cache);
  }

  /** Uploads one pass's ids, records the pass and submits it; advances the position. */
  private record(mode: PassMode, ids: number[], sampling?: Sampling): void {
    this.gpu.device.queue.writeBuffer(this.activations.ids, 0, new Uint32Array(ids));
    const rec = this.gpu.recorder('forward');
    const ctx: StepContext = { T: ids.length, pos0: this.pos, sampling };
    for (const step of this.passes[mode].steps) step(rec, ctx);
    rec.submit();
    this.pos += ids.length;
  }

  /** Checks a step before anything runs: the session, disposal, the context and the ids. */
  private enter(ids: number[], o: { startAt?: number; session?: number }): void {
    if (o.session !== undefined && !this.holds(o.session)) throw new SupersededError('another call took over this model\'s KV cache');
    if (this.disposed) throw new Error('this model was disposed: load it again to use it');
    if (ids.length === 0) throw new RangeError('no tokens to run');
    const pos = o.startAt ?? this.pos;
    if (pos + ids.length > this.maxSeqLen) {
      throw new RangeError(`context overflow: ${pos} tokens in context + ${ids.length} new exceed the context length of ${this.maxSeqLen}`);
    }
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= this.config.vocabSize) throw new RangeError(`token id ${id} is outside the vocabulary of ${this.config.vocabSize}`);
    }
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
      if (this.disposed) throw new Error('this model was disposed while a step was running');
      this.gpu.assertHealthy();
      throw e;
    }
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

  /** Runs `ids` after the session's tokens so far (from position 0 on `restart`) and samples the next token. */
  async step(ids: number[], sampling: Sampling, o: { logits?: boolean; restart?: boolean } = {}): Promise<{ token: number; logits?: Float32Array }> {
    if (this.ended) throw new Error('this session has ended');
    const fromStart = !this.started || o.restart;
    this.started = true;
    return this.transformer.next(ids, sampling, { logits: o.logits, startAt: fromStart ? 0 : undefined, session: this.id });
  }

  /** Every row's logits (T, V) for `ids` from position 0: one step, whole, so a later begin() cannot cut it. */
  async logits(ids: number[]): Promise<Float32Array> {
    if (this.ended) throw new Error('this session has ended');
    this.started = true;
    return this.transformer.logitsFor(ids, { startAt: 0 });
  }

  end(): void {
    this.ended = true;
  }
}
