// train(): a model trained on the GPU with shaderlm's own kernels, from scratch (a small shape) or
// from a checkpoint (fine-tuning, or an exact resume), streaming one report per step. Browser and
// Node alike: data comes prepared (src/train/data), files are the caller's (src/train/checkpoint).

import type { Gpu } from '../gpu/device.js';
import { checkAdamw } from '../kernels/index.js';
import type { ModelConfig, WeightMap } from '../model/config.js';
import type { LoadedCheckpoint, OptimizerState } from './checkpoint/index.js';
import { checkResume, fingerprint } from './checkpoint/index.js';
import { checkPositiveInteger, checkWindow, type PreparedData } from './data/index.js';
import { GpuTrainer, type TrainingMemory } from './gpu/index.js';
import { initWeights, trainConfig, type ModelShape } from './init.js';
import { trainingLoop, type TrainStep } from './loop.js';
import { checkSchedule, type ScheduleKind } from './schedule.js';
import { float32Note, show } from '../value-words.js';

export type { TrainStep };

export interface TrainOptions {
  /** Prepared data: token streams and the tokenizer (for `from`, prepared with its tokenizer.json). */
  data: PreparedData;
  /** A fresh model's shape; its context is contextLength and its vocabulary the data's tokenizer's. */
  model?: Omit<ModelShape, 'context' | 'vocabSize'>;
  /** Start from a checkpoint's weights (fine-tuning), instead of a fresh model. */
  from?: LoadedCheckpoint;
  /** Continue `from`'s optimizer state exactly (same options, the next step's batch). */
  resume?: boolean;
  steps: number;
  batchSize: number;
  contextLength: number;
  learningRate: number;
  warmup?: number;
  schedule?: ScheduleKind;
  minLearningRate?: number;
  weightDecay?: number;
  gradClip?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Held-out loss every this many steps and after the last (0: only after the last). */
  evalEvery?: number;
  /** Held-out tokens per evaluation. */
  evalTokens?: number;
  seed?: number;
  /** Stop after this step (and return what a resume continues from): training in several sittings. */
  stopAt?: number;
  /** Bytes training may take on the device (default: its per-buffer limits only): over it, a ModelTooLargeError before anything is made. */
  maxMemory?: number;
  signal?: AbortSignal;
  /** Called after each step; a promise it returns is awaited before the next step, and its rejection ends the run. */
  onStep?: (step: TrainStep) => unknown;
}

/** The options a checkpoint records, so a resume can refuse different ones. */
export type RecordedOptions = Omit<Required<TrainOptions>, 'data' | 'model' | 'from' | 'resume' | 'stopAt' | 'maxMemory' | 'signal' | 'onStep' | 'minLearningRate'> & {
  minLearningRate?: number;
  /** The token streams trained and evaluated on (dataFingerprint()); absent in checkpoints saved before it was recorded. */
  dataFingerprint?: string;
};

export interface TrainResult {
  config: ModelConfig;
  weights: WeightMap;
  optimizer: OptimizerState<RecordedOptions>;
  /** The last report (undefined when no step ran: a resume of a finished run). */
  last?: TrainStep;
  /** The signal stopped the run before the last step it was to take (stopAt, else steps). */
  stopped: boolean;
  memory: TrainingMemory;
  tokensSeen: number;
  seconds: number;
}

/** What a run takes for each option it is not given (the command line's help says them). */
export const TRAIN_DEFAULTS = { warmup: 0, schedule: 'cosine' as ScheduleKind, weightDecay: 0.1, gradClip: 1, beta1: 0.9, beta2: 0.95, eps: 1e-8, evalEvery: 0, evalTokens: 8192, seed: 0 };

/** The model and its starting weights and optimizer state, checked before anything is allocated. */
export function planTraining(o: TrainOptions): { config: ModelConfig; weights?: WeightMap; state?: OptimizerState<RecordedOptions>; recorded: RecordedOptions } {
  const recorded = recordedOptions(o);
  checkPositiveInteger('steps', o.steps);
  if (o.maxMemory !== undefined && !(typeof o.maxMemory === 'number' && o.maxMemory > 0)) throw new RangeError(`maxMemory must be a number of bytes > 0, got ${show(o.maxMemory)}`);
  checkSchedule(recorded);
  // Before initWeights, whose position table grows with the context (data prepared without contextLength was never checked).
  checkWindow(o.data.train, o.contextLength, 'the training split');
  checkWindow(o.data.heldOut, o.contextLength, 'the held-out split');
  const vocab = o.data.tokenizer.vocabSize;
  if (o.from) {
    const config = o.from.config;
    if (o.model) checkResume(config, { ...o.model, context: config.maxSeqLen }, 'the checkpoint (from)', o.resume ? 'resume' : 'fine-tune');
    if (vocab > config.vocabSize) throw new RangeError(`the data's tokenizer has ${vocab} tokens but the model only ${config.vocabSize} rows: prepare the data with the model's tokenizer.json`);
    if (o.contextLength > config.maxSeqLen) throw new RangeError(`contextLength ${o.contextLength} is over the model's context of ${config.maxSeqLen}`);
    if (!o.resume) return { config, weights: o.from.weights, recorded };
    const saved = o.from.optimizer as OptimizerState<RecordedOptions> | undefined;
    if (!saved) throw new RangeError('resume: the checkpoint holds no optimizer state (it was saved without one): train from it without resuming');
    checkSameOptions(saved.options, recorded);
    if (o.stopAt !== undefined && o.stopAt <= saved.step) throw new RangeError(`stopAt must be past the step the checkpoint was saved at (${saved.step}), got ${o.stopAt}`);
    return { config, weights: o.from.weights, state: saved, recorded };
  }
  if (o.resume) throw new TypeError('resume needs the checkpoint to resume from (from)');
  if (!o.model) throw new TypeError('train: give a model shape (model) or a checkpoint to start from (from)');
  // A fresh model's weights are made by train(), after the memory checks: a model too large for the
  // device must be refused, not built on the host first (a 13B-parameter one ran out of memory).
  return { config: trainConfig({ ...o.model, context: o.contextLength, vocabSize: vocab }), recorded };
}

/** Trains, yielding a report after each step; the return value is the trained model and its optimizer state. */
export async function* train(gpu: Gpu, o: TrainOptions): AsyncGenerator<TrainStep, TrainResult> {
  const plan = planTraining(o);
  const { config, state, recorded } = plan;
  const shape = { batchSize: o.batchSize, contextLength: o.contextLength };
  GpuTrainer.memory(config, shape, gpu, o.maxMemory); // the device's limits and the budget, before any weight exists
  const weights = plan.weights ?? initWeights(config, recorded.seed);
  const trainer = await GpuTrainer.create(gpu, config, weights, {
    ...shape,
    maxMemory: o.maxMemory,
    optimizer: { beta1: recorded.beta1, beta2: recorded.beta2, eps: recorded.eps, weightDecay: recorded.weightDecay, gradClip: recorded.gradClip },
    state: state && { step: state.step, m: dataOf(state.m), v: dataOf(state.v) },
  });
  const started = performance.now();
  let last: TrainStep | undefined;
  let ran = 0;
  try {
    const loop = { ...recorded, startStep: state?.step ?? 0, endStep: o.stopAt ?? recorded.steps, signal: o.signal };
    for await (const report of trainingLoop(trainer, o.data, loop)) {
      last = report;
      ran++;
      await o.onStep?.(report);
      yield report;
    }
    const optimizer = await trainer.readOptimizerState();
    return {
      config,
      weights: await trainer.readWeights(),
      optimizer: { step: optimizer.step, m: toWeightMap(optimizer.m, weights), v: toWeightMap(optimizer.v, weights), options: recorded },
      last,
      stopped: optimizer.step < Math.min(loop.endStep, recorded.steps),
      memory: trainer.memory,
      tokensSeen: ran * o.batchSize * o.contextLength,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    trainer.destroy();
  }
}

function recordedOptions(o: TrainOptions): RecordedOptions {
  const r = { ...TRAIN_DEFAULTS, ...withoutUndefined(o) } as typeof TRAIN_DEFAULTS & TrainOptions;
  const { steps, batchSize, contextLength, learningRate, warmup, schedule, weightDecay, gradClip, beta1, beta2, eps, evalEvery, evalTokens, seed, minLearningRate } = r;
  if (r.stopAt !== undefined) {
    checkPositiveInteger('stopAt', r.stopAt);
    // The schedule spans steps: a stop past its end would silently be the end.
    if (r.stopAt > steps) throw new RangeError(`stopAt must be at most steps (${steps}), got ${r.stopAt}`);
  }
  checkPositiveInteger('batchSize', batchSize);
  checkPositiveInteger('contextLength', contextLength);
  checkPositiveInteger('evalTokens', evalTokens);
  if (!(Number.isSafeInteger(evalEvery) && evalEvery >= 0)) throw new RangeError(`evalEvery must be an integer >= 0, got ${show(evalEvery)}`);
  if (!(Number.isSafeInteger(seed) && seed >= 0 && seed < 2 ** 32)) throw new RangeError(`seed must be an integer in [0, 2^32), got ${show(seed)}`);
  const clips = (x: number) => x >= 0 && Number.isFinite(x);
  if (!(typeof gradClip === 'number' && clips(gradClip) && clips(Math.fround(gradClip)))) { // -1e-50 is -0 as a float32, but the trainer takes the number
    throw new RangeError(`gradClip must be >= 0 (0 = off) and finite, got ${show(gradClip)}${float32Note(gradClip, clips)}`);
  }
  // A clip a GPU reads as 0 (or flushes to 0) would turn clipping off, where the reference trainer clips to about 0.
  if (gradClip > 0 && Math.fround(gradClip) < 2 ** -126) throw new RangeError(`gradClip must be 0 (off) or at least 1.2e-38, float32's smallest normal, got ${show(gradClip)}`);
  checkAdamw({ lr: 0, beta1, beta2, eps, weightDecay, step: 1 }); // as GpuTrainer.create does, but before the GPU starts
  return {
    steps, batchSize, contextLength, learningRate, warmup, schedule, weightDecay, gradClip, beta1, beta2, eps, evalEvery, evalTokens, seed,
    ...(minLearningRate === undefined ? {} : { minLearningRate }), dataFingerprint: dataFingerprint(o.data),
  };
}

/** The training and held-out token streams by length and FNV-1a: resumed on other text, another split or tokenizer, a run is another run. */
function dataFingerprint(data: PreparedData): string {
  const of = (tokens: Uint32Array) => `${tokens.length} tokens (fnv1a32 ${fingerprint(new Uint8Array(tokens.buffer, tokens.byteOffset, tokens.byteLength)).fnv1a32})`;
  return `training ${of(data.train)}, held out ${of(data.heldOut)}`;
}

/** A resumed run must be the run that was saved: every recorded option equal, one recorded on either side only included. */
function checkSameOptions(saved: RecordedOptions, now: RecordedOptions): void {
  if (saved.dataFingerprint !== undefined && saved.dataFingerprint !== now.dataFingerprint) {
    throw new RangeError(`resume: the checkpoint was trained on other data (${saved.dataFingerprint}; now ${now.dataFingerprint}): resume with the same data and held-out files (or fraction) and tokenizer, or train from it without resuming`);
  }
  const keys = [...new Set([...Object.keys(saved), ...Object.keys(now)])].filter((k) => k !== 'dataFingerprint') as Array<keyof RecordedOptions>;
  const differing = keys.filter((k) => saved[k] !== now[k]);
  if (differing.length > 0) {
    // An option given on one side only reads as unset, not as "undefined" (minLearningRate: --lr / 10 when unset).
    const value = (v: unknown) => (v === undefined ? 'not set' : String(v));
    throw new RangeError(`resume: the checkpoint was trained with other options (${differing.map((k) => `${k}: ${value(saved[k])} saved, ${value(now[k])} now`).join('; ')}): resume with the same ones, or train from it without resuming`);
  }
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function dataOf(moments: WeightMap): Map<string, Float32Array> {
  return new Map([...moments].map(([name, t]) => [name, t.data]));
}

/** Moments as WeightMaps shaped like the weights they belong to (what checkpoints store). */
function toWeightMap(moments: Map<string, Float32Array>, like: WeightMap): WeightMap {
  const out: WeightMap = new Map();
  for (const [name, data] of moments) {
    const w = like.get(name)!;
    out.set(name, { shape: w.shape, dtype: 'f32', data, layout: w.layout });
  }
  return out;
}
