// The forward pass on the GPU: one transformer for GPT-2 and Llama families, their differences
// read from ModelConfig. Everything (weights, activations, KV cache, bind groups) is made at
// create(); a step updates shapes in the param arena, records into one encoder and submits once.
// Reference: src/reference/transformer.ts; tests: tests/model/forward.test.ts.

import type { Gpu } from '../gpu/device.js';
import { createStorage, readFloat32, uploadStorage } from '../gpu/buffers.js';
import { MapMode, Usage } from '../gpu/flags.js';
import type { Recorder } from '../gpu/recorder.js';
import type { Bound } from '../kernels/common.js';
import { Penalty, type PenaltyShape } from '../kernels/penalty.js';
import type { SampleShape } from '../kernels/sample.js';
import { qkvWidth, type ModelConfig, type WeightMap } from './config.js';
import { GpuWeights, ModelTooLargeError, type UploadProgress } from './gpu-weights.js';
import { ropeFrequencyTurns, ropeInverseFrequencies } from './rope-frequencies.js';
import { buildPass, createKernels, type Pass } from './passes.js';

export interface TransformerOptions {
  /** Context length to allocate the KV cache for (default: the model's maxSeqLen, at most DEFAULT_CONTEXT). */
  maxSeqLen?: number;
  /** Sample only ids below this (default V): a checkpoint's padding rows beyond the tokenizer never come out. */
  sampleVocab?: number;
  /** Prompt rows per prefill pass (default PREFILL_ROWS): lower it to save activation memory. */
  prefillRows?: number;
  onProgress?: (p: UploadProgress) => void;
}

/** Rows per chunk when every row's logits are wanted: bounds the (rows, V) buffer. */
const ALL_LOGITS_ROWS = 32;
/** Prompt rows per prefill pass: bounds activations at (PREFILL_ROWS, F); longer prompts run in chunks. */
const PREFILL_ROWS = 512;
/** KV cache positions allocated when the caller names none: long-context models would otherwise claim GBs. */
export const DEFAULT_CONTEXT = 4096;

export type Sampling = Omit<SampleShape, 'V' | 'outIndex'> & {
  /** > 1 penalises the logits of tokens in `history` (1 = off). */
  repetitionPenalty?: number;
  history?: number[];
};

export class Transformer {
  /** Next free position of the KV cache. */
  pos = 0;
  private disposed = false;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly gpu: Gpu,
    readonly config: ModelConfig,
    readonly maxSeqLen: number,
    private readonly prefillRows: number,
    private readonly weights: GpuWeights,
    private readonly buffers: Map<string, GPUBuffer>,
    private readonly prefillPass: Pass,
    private readonly decodePass: Pass,
    private readonly allLogitsPass: Pass,
    private readonly sampleOp: Bound<SampleShape>,
    private readonly penaltyOp: Bound<PenaltyShape>,
    /** Ids the sampler may return: the tokenizer's vocabulary when the checkpoint pads its own. */
    private readonly sampleVocab: number,
  ) {}

  static async create(gpu: Gpu, config: ModelConfig, host: WeightMap, o: TransformerOptions = {}): Promise<Transformer> {
    if (o.maxSeqLen !== undefined && !(Number.isInteger(o.maxSeqLen) && o.maxSeqLen > 0)) {
      throw new RangeError(`maxSeqLen (the context length) must be a positive integer, got ${o.maxSeqLen}`);
    }
    if (o.prefillRows !== undefined && !(Number.isInteger(o.prefillRows) && o.prefillRows > 0)) {
      throw new RangeError(`prefillRows must be a positive integer, got ${o.prefillRows}`);
    }
    const maxS = Math.min(o.maxSeqLen ?? DEFAULT_CONTEXT, config.maxSeqLen);
    const rows = Math.min(maxS, o.prefillRows ?? PREFILL_ROWS); // prefill capacity per pass
    const weights = GpuWeights.upload(gpu, host, o.onProgress);
    const b = new Map<string, GPUBuffer>();
    const owned: Array<{ destroy(): void }> = []; // freed if a later step fails
    try {
      const { dim: C, nHeads: NH, nKvHeads: NKV, headSize: HS, hiddenDim: F, vocabSize: V } = config;
      const alloc = (name: string, floats: number) => {
        if (floats * 4 > gpu.limits.maxStorageBufferBindingSize) {
          throw new ModelTooLargeError(`buffer ${name} needs ${floats * 4} bytes, over this device's maxStorageBufferBindingSize of ${gpu.limits.maxStorageBufferBindingSize}: load with a shorter context (maxSeqLen, --context)`);
        }
        return b.set(name, createStorage(gpu.device, floats * 4, name)).get(name)!;
      };
      for (const name of ['xA', 'xB', 'h']) alloc(name, rows * C);
      alloc('qkv', rows * qkvWidth(config));
      alloc('q', rows * NH * HS);
      alloc('att', rows * NH * HS);
      for (const name of ['up', 'gate', 'act']) alloc(name, rows * F);
      alloc('xLast', C);
      alloc('hLast', C);
      alloc('logits', V);
      alloc('allLogits', Math.min(rows, ALL_LOGITS_ROWS) * V);
      alloc('ids', rows);
      alloc('token', 1);
      alloc('history', maxS);
      if (config.positions === 'rope') {
        b.set('ropeFreqs', uploadStorage(gpu.device, ropeFrequencyTurns(ropeInverseFrequencies(config)), 'ropeFreqs'));
      }
      for (let l = 0; l < config.nLayers; l++) {
        alloc(`k${l}`, maxS * NKV * HS);
        alloc(`v${l}`, maxS * NKV * HS);
      }
      const kernels = await createKernels(gpu, config, weights);
      const build = (mode: 'prefill' | 'decode' | 'all') => {
        const pass = buildPass(config, weights, b, kernels, mode);
        owned.push(pass);
        return pass;
      };
      const passes = [build('prefill'), build('decode'), build('all')] as const;
      // Sampling reads only the tokenizer's ids when the checkpoint pads its vocabulary.
      const sampleOp = kernels.sampler.bind({ logits: b.get('logits')!, out: b.get('token')! }, { V, temperature: 0 });
      owned.push(sampleOp);
      const penalty = await Penalty.create(gpu);
      const penaltyOp = penalty.bind({ ids: b.get('history')!, logits: b.get('logits')! }, { n: 0, V, penalty: 1 });
      owned.push(penaltyOp);
      b.set('readback', gpu.device.createBuffer({ label: 'token readback', size: 4, usage: Usage.MAP_READ | Usage.COPY_DST }));
      return new Transformer(gpu, config, maxS, rows, weights, b, ...passes, sampleOp, penaltyOp, o.sampleVocab ?? V);
    } catch (e) {
      weights.destroy();
      for (const x of owned) x.destroy();
      for (const buffer of b.values()) buffer.destroy();
      throw e;
    }
  }

  /**
   * Runs `ids` at the next positions and samples the following token on the GPU (4 bytes back).
   * A prompt longer than one prefill pass runs in chunks; only the last one samples.
   */
  async next(ids: number[], sampling: Sampling, o: { logits?: boolean; startAt?: number } = {}): Promise<{ token: number; logits?: Float32Array }> {
    return this.exclusive(async () => {
      if (o.startAt !== undefined) this.pos = o.startAt;
      this.validate(ids);
      for (let at = 0; at < ids.length; at += this.prefillRows) {
        const chunk = ids.slice(at, at + this.prefillRows);
        const rec = this.begin(chunk);
        const T = chunk.length;
        for (const step of (T === 1 ? this.decodePass : this.prefillPass).steps) step(rec, T, this.pos);
        if (at + T === ids.length) this.recordSampling(rec, sampling);
        rec.submit();
        this.pos += T;
      }
      const logits = o.logits ? await this.settle(readFloat32(this.gpu.device, this.buffer('logits'), this.config.vocabSize)) : undefined;
      const readback = this.buffer('readback');
      await this.settle(readback.mapAsync(MapMode.READ));
      const token = new Uint32Array(readback.getMappedRange().slice(0))[0];
      readback.unmap();
      this.gpu.assertHealthy();
      return { token, logits };
    });
  }

  private recordSampling(rec: Recorder, sampling: Sampling): void {
    const { repetitionPenalty = 1, history = [], ...rest } = sampling;
    if (repetitionPenalty !== 1 && history.length > 0) {
      const distinct = Uint32Array.from(new Set(history));
      this.gpu.device.queue.writeBuffer(this.buffer('history'), 0, distinct);
      this.penaltyOp.update({ n: distinct.length, V: this.config.vocabSize, penalty: repetitionPenalty });
      this.penaltyOp.record(rec);
    }
    this.sampleOp.update({ ...rest, V: this.sampleVocab });
    this.sampleOp.record(rec);
    rec.copy(this.buffer('token'), 0, this.buffer('readback'), 0, 4);
  }

  /** Runs `ids` from position `startAt` (default: the next) and returns every row's logits (T, V): for tests and inspection. */
  async logitsFor(ids: number[], o: { startAt?: number } = {}): Promise<Float32Array> {
    return this.exclusive(async () => {
      if (o.startAt !== undefined) this.pos = o.startAt;
      this.validate(ids);
      const V = this.config.vocabSize;
      const out = new Float32Array(ids.length * V);
      const rows = Math.min(ALL_LOGITS_ROWS, this.prefillRows);
      for (let at = 0; at < ids.length; at += rows) {
        const chunk = ids.slice(at, at + rows);
        const rec = this.begin(chunk);
        for (const step of this.allLogitsPass.steps) step(rec, chunk.length, this.pos);
        rec.submit();
        this.pos += chunk.length;
        out.set(await this.settle(readFloat32(this.gpu.device, this.buffer('allLogits'), chunk.length * V)), at * V);
        this.gpu.assertHealthy();
      }
      return out;
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.weights.destroy();
    for (const x of [this.prefillPass, this.decodePass, this.allLogitsPass, this.sampleOp, this.penaltyOp]) x.destroy();
    for (const buffer of this.buffers.values()) buffer.destroy(); // the readback buffer too
  }

  get isDisposed(): boolean {
    return this.disposed;
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

  private validate(ids: number[]): void {
    if (this.disposed) throw new Error('this model was disposed: load it again to use it');
    if (ids.length === 0) throw new RangeError('no tokens to run');
    if (this.pos + ids.length > this.maxSeqLen) {
      throw new RangeError(`context overflow: ${this.pos} tokens in context + ${ids.length} new exceed the context length of ${this.maxSeqLen}`);
    }
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= this.config.vocabSize) throw new RangeError(`token id ${id} is outside the vocabulary of ${this.config.vocabSize}`);
    }
  }

  /** Uploads one pass's ids (validated) and opens its recorder. */
  private begin(ids: number[]): Recorder {
    this.gpu.device.queue.writeBuffer(this.buffer('ids'), 0, new Uint32Array(ids));
    return this.gpu.recorder('forward');
  }

  private buffer(name: string): GPUBuffer {
    return this.buffers.get(name)!;
  }
}
