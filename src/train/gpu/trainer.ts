// GpuTrainer: training steps of a GPT-2 or Llama model on the GPU with shaderlm's own kernels.
// Checks the memory before allocating, allocates and binds everything once, then runs each step
// as one submit with one 8-byte readback (loss, gradient norm). Not the schedule, the data or the
// checkpoint files (the train() API around it); the CPU oracle it matches is src/reference/train.ts.

import { readFloat32, readMapped } from '../../gpu/buffers.js';
import type { Gpu } from '../../gpu/device.js';
import { Usage } from '../../gpu/flags.js';
import type { Recorder } from '../../gpu/recorder.js';
import { checkAdamw } from '../../kernels/index.js';
import { checkSupported, type ModelConfig, type WeightMap } from '../../model/config.js';
import { checkPositiveInteger } from '../data/batches.js';
import { allocateBuffers, checkWeights, writeArray } from './allocate.js';
import { uploadBatch, type TrainBatch } from './batch.js';
import type { TrainBuffers, TrainShape } from './layout.js';
import { checkTraining, trainingMemory, type TrainingMemory } from './memory.js';
import { buildPasses, type AdamwOptions, type WeightInfo } from './passes.js';
import type { Sections, Step, StepContext } from './steps.js';

export type { AdamwOptions, TrainBatch, TrainingMemory, TrainShape };

export interface GpuTrainerOptions extends TrainShape {
  optimizer: AdamwOptions;
  /** Refuse a config whose buffers total more bytes than this (the per-buffer limits always apply). */
  maxMemory?: number;
  /** Resume: the AdamW moments and step count readOptimizerState() gave (default: zero moments, step 0). */
  state?: OptimizerState;
}

/** What AdamW carries between steps, per weight name: resuming from it continues a run exactly. */
export interface OptimizerState {
  /** Steps taken. */
  step: number;
  m: Map<string, Float32Array>;
  v: Map<string, Float32Array>;
}

export interface StepResult {
  /** Mean next-token loss of the batch before the update. */
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
}

export class GpuTrainer {
  private busy = false;
  private dispatches = 0;
  /** destroy() was called: a read in flight must not map its buffers again (map.ts). */
  private destroyed = false;

  private constructor(
    private readonly gpu: Gpu,
    readonly config: ModelConfig,
    /** As given, less the resumed state (not kept). */
    readonly options: Omit<GpuTrainerOptions, 'state'>,
    private steps: number,
    /** Bytes allocated by role, as memory() computed before allocating. */
    readonly memory: TrainingMemory,
    private readonly b: TrainBuffers<GPUBuffer>,
    private readonly info: WeightInfo,
    private readonly passes: Sections & { destroy(): void },
    private readonly readback: GPUBuffer,
    private readonly free: () => void,
  ) {}

  /**
   * The GPU memory training `config` on batches of this shape needs, by role, in bytes: on `gpu`,
   * checked against its limits as create() checks them (throwing the same errors); without one,
   * with WebGPU's default 256-byte slice alignment.
   */
  static memory(config: ModelConfig, options: TrainShape, gpu?: Gpu, maxMemory?: number): TrainingMemory {
    return gpu ? checkTraining(config, options, gpu.limits, maxMemory) : trainingMemory(config, options);
  }

  /**
   * Uploads `weights` (copied: the map is not kept) and builds every pass. Throws before allocating:
   * a ModelTooLargeError naming the buffer over the device's limits, a RangeError for a
   * contextLength whose per-sequence slices would not bind or a hyperparameter out of range, a
   * TypeError for weights that do not match the config.
   */
  static async create(gpu: Gpu, config: ModelConfig, weights: WeightMap, options: GpuTrainerOptions): Promise<GpuTrainer> {
    checkOptions(config, options);
    checkSupported(config);
    const memory = checkTraining(config, options, gpu.limits, options.maxMemory);
    checkWeights(config, weights);
    if (options.state) checkState(weights, options.state);
    const { buffers, destroy } = allocateBuffers(gpu, config, options, weights);
    for (const [name, m] of options.state?.m ?? []) writeArray(gpu, buffers.m.get(name)!, m);
    for (const [name, v] of options.state?.v ?? []) writeArray(gpu, buffers.v.get(name)!, v);
    const info: WeightInfo = new Map([...weights].map(([name, t]) => [name, { shape: [...t.shape], layout: t.layout }]));
    let passes: Sections & { destroy(): void };
    try {
      passes = await buildPasses(gpu, config, options, buffers, info, options.optimizer);
    } catch (e) {
      destroy();
      throw e;
    }
    const readback = gpu.device.createBuffer({ label: 'train readback', size: 8, usage: Usage.MAP_READ | Usage.COPY_DST });
    const { state, ...kept } = options;
    return new GpuTrainer(gpu, config, kept, state?.step ?? 0, memory, buffers, info, passes, readback, destroy);
  }

  /** Optimizer steps taken. */
  get stepCount(): number {
    return this.steps;
  }

  /** Kernel dispatches the last step() recorded. */
  get dispatchesPerStep(): number {
    return this.dispatches;
  }

  /** One AdamW step on the batch at learning rate `lr`: the loss before it and the gradient norm. */
  async step(batch: TrainBatch, lr: number): Promise<StepResult> {
    if (!(lr >= 0 && Number.isFinite(lr))) throw new RangeError(`GPU trainer: lr must be finite and >= 0, got ${lr}`);
    return this.exclusive(async () => {
      const { rows, distinct } = uploadBatch(this.gpu, this.config, this.options, this.b, batch, true);
      const ctx: StepContext = { rows, distinct, step: this.steps + 1, lr };
      const { forward, backward, optimizer } = this.passes;
      this.dispatches = this.run('train step', [...forward, ...backward, ...optimizer], ctx, (rec) => {
        rec.copy(this.b.loss, 0, this.readback, 0, 4);
        rec.copy(this.b.norm, 0, this.readback, 4, 4);
      });
      this.steps++;
      const [loss, gradNorm] = await this.read(this.readback, 2);
      return { loss, gradNorm };
    });
  }

  /** The mean next-token loss over the batches' tokens (forward and loss only; the weights are untouched). */
  async evaluate(batches: ReadonlyArray<TrainBatch>): Promise<number> {
    if (batches.length === 0) throw new RangeError('GPU trainer: evaluate() needs at least one batch');
    return this.exclusive(async () => {
      const losses = this.gpu.device.createBuffer({ label: 'eval readback', size: 4 * batches.length, usage: Usage.MAP_READ | Usage.COPY_DST });
      try {
        const rows: number[] = [];
        batches.forEach((batch, i) => {
          const uploaded = uploadBatch(this.gpu, this.config, this.options, this.b, batch, false);
          rows.push(uploaded.rows);
          this.run('train eval', this.passes.forward, { ...uploaded, step: this.steps, lr: 0 }, (rec) => rec.copy(this.b.loss, 0, losses, 4 * i, 4));
        });
        const mean = await this.read(losses, batches.length);
        let sum = 0;
        rows.forEach((r, i) => (sum += mean[i] * r));
        return sum / rows.reduce((a, r) => a + r, 0);
      } finally {
        losses.destroy();
      }
    });
  }

  /** The current weights, as host tensors in the shapes and layouts they were given in. */
  async readWeights(): Promise<WeightMap> {
    return this.exclusive(async () => {
      const data = await this.readAll(this.b.weights);
      return new Map([...this.info].map(([name, t]) => [name, { shape: [...t.shape], dtype: 'f32', data: data.get(name)!, layout: t.layout }]));
    });
  }

  /** The AdamW moments and step count, for a checkpoint that resumes exactly (options.state). */
  async readOptimizerState(): Promise<OptimizerState> {
    return this.exclusive(async () => ({ step: this.steps, m: await this.readAll(this.b.m), v: await this.readAll(this.b.v) }));
  }

  /** Frees every buffer and param slot; the trainer cannot be used afterwards. */
  destroy(): void {
    this.destroyed = true;
    this.passes.destroy();
    this.free();
    this.readback.destroy();
  }

  /** Every tensor of `buffers` (weights, m or v) read back, by name. */
  private async readAll(buffers: Map<string, GPUBuffer>): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (const [name, t] of this.info) out.set(name, await this.gpu.settle(readFloat32(this.gpu.device, buffers.get(name)!, t.shape.reduce((a, b) => a * b, 1))));
    this.gpu.assertHealthy();
    return out;
  }

  /** Records `steps`, then `tail` (copies), as one submit; returns the dispatches recorded. */
  private run(label: string, steps: Step[], ctx: StepContext, tail: (rec: Recorder) => void): number {
    const rec = this.gpu.recorder(label);
    for (const s of steps) s(rec, ctx);
    tail(rec);
    rec.submit();
    return rec.dispatchCount;
  }

  /** The first `count` floats of a MAP_READ buffer once the queue reaches it; surfaces any GPU error. */
  private async read(buffer: GPUBuffer, count: number): Promise<Float32Array> {
    const values = new Float32Array(await this.gpu.settle(readMapped(buffer, count * 4, () => this.destroyed)));
    this.gpu.assertHealthy();
    return values;
  }

  /** One call at a time: steps share every buffer and the readback. */
  private async exclusive<R>(work: () => Promise<R>): Promise<R> {
    if (this.busy) throw new Error('GPU trainer: a step, evaluation or read is still running: await it before the next');
    this.busy = true;
    try {
      return await work();
    } finally {
      this.busy = false;
    }
  }
}

function checkOptions(c: ModelConfig, o: GpuTrainerOptions): void {
  checkPositiveInteger('batchSize', o.batchSize);
  checkPositiveInteger('contextLength', o.contextLength);
  if (o.contextLength > c.maxSeqLen) throw new RangeError(`contextLength ${o.contextLength} exceeds the model's maxSeqLen of ${c.maxSeqLen}`);
  const { beta1, beta2, eps, weightDecay, gradClip } = o.optimizer;
  checkAdamw({ lr: 0, beta1, beta2, eps, weightDecay, step: 1 });
  if (!(gradClip >= 0 && Number.isFinite(gradClip))) throw new RangeError(`gradClip must be finite and >= 0 (0: no clipping), got ${gradClip}`);
  if (o.maxMemory !== undefined && !(o.maxMemory > 0)) throw new RangeError(`maxMemory must be > 0 bytes, got ${o.maxMemory}`);
}

/** Throws unless `state` holds a step count and both moments, of the right length, for every weight. */
function checkState(weights: WeightMap, state: OptimizerState): void {
  if (!Number.isSafeInteger(state.step) || state.step < 0) throw new RangeError(`optimizer state: step must be an integer >= 0, got ${state.step}`);
  for (const [which, moments] of [['m', state.m], ['v', state.v]] as const) {
    if (moments.size !== weights.size) throw new TypeError(`optimizer state: ${moments.size} ${which} tensors for ${weights.size} weights`);
    for (const [name, t] of weights) {
      const moment = moments.get(name);
      if (!moment || moment.length !== t.data.length) {
        throw new TypeError(`optimizer state: ${which} of ${name} ${moment ? `has ${moment.length} values, not ${t.data.length}` : 'is missing'}`);
      }
    }
  }
}
