// The model half of the bench's measuring surface, over one Engine: load a model in a dtype,
// run greedy generations of an exact prompt length, count dispatches and GPU memory, dispose.
// The same code runs in the bench page (Chromium) and in Node; the driver (run.ts) calls these
// one at a time, so each page.evaluate stays short, and decides what to run.

import type { Dispatch } from '../src/gpu/recorder.js';
import type { Engine, GenerationStats, Model } from '../src/index.js';
import type { WeightDType } from '../src/quant/formats.js';
import { DispatchCounter, MemoryTracker, type MemorySnapshot } from './hooks.js';
import { onePassSecondsPerRep, recordSeconds, stepSecondsPerDispatch } from './timestamps.js';
import { nowSeconds } from './timing.js';

export interface ModelLoadRequest {
  /** A folder or .bin checkpoint: a path in Node, a URL in the page. */
  source: string;
  tokenizer?: string;
  dtype: WeightDType;
  maxSeqLen?: number;
}

export interface ModelLoadResult {
    loadSeconds: number;
    parameters: number;
    weightBytes: number;
    contextLength: number;
    config: { architecture: string; nLayers: number; dim: number; nHeads: number; nKvHeads: number; hiddenDim: number; vocabSize: number };
    /** ModelInfo.bytesPerToken: the weight bytes one decode step reads. */
    bytesPerToken: number;
    /** Matrices the engine kept in another dtype, and why. */
    dtypeNotes: string[];
    memory: MemorySnapshot;
}

export interface RunRequest {
  promptTokens: number;
  /** Tokens to generate (greedy, past end-of-sequence). */
  maxTokens: number;
}

export interface RunResult {
  stats: GenerationStats;
  /** Dispatches recorded on the device during the run (prefill, every decode step, sampling). */
  dispatches: number;
  /** What the engine itself reports per decode token (GenerationStats.dispatchesPerToken). */
  reportedDispatchesPerToken: number;
  seconds: number;
}

/** One decode step's GPU time by kernel, from timestamp-query (each dispatch replayed in a stamped pass of its own). */
export interface StepProfile {
  /** The sum over the step's dispatches, each timed in a pass of its own. */
  gpuMs: number;
  /** The whole step replayed in one stamped pass, as decode records it (null where the stamps failed). */
  onePassGpuMs: number | null;
  /** Host time to record the step's dispatches (median), before any submit. */
  recordMs: number;
  /**
   * Host time a decode step of the last run took from its recorder's opening to its submit
   * (median; null if none was seen): the model's JS, the API calls and the submit. In a page that
   * is not cross-origin isolated the clock moves in 100 µs steps, so this is coarse there.
   */
  hostStepMs: number | null;
  /** Replays averaged. */
  replays: number;
  /** By kernel (family, the variant's non-default flags, K x N for linear kernels), in step order of first use. */
  kernels: Array<{ kernel: string; calls: number; gpuMs: number }>;
}

export interface ModelApi {
  loadModel(req: ModelLoadRequest): Promise<ModelLoadResult>;
  run(req: RunRequest): Promise<RunResult>;
  /**
   * The last run's decode step (a recorder of exactly GenerationStats.dispatchesPerToken
   * dispatches) replayed under timestamps; null without timestamp-query or a decode step.
   */
  profileStep(): Promise<StepProfile | null>;
  /** Live GPU buffers of the loaded model (after runs: the activations it allocated lazily too). */
  memory(): MemorySnapshot;
  disposeModel(): void;
}

export function createModelApi(engine: Engine): ModelApi {
  const counter = new DispatchCounter(engine);
  const memory = new MemoryTracker(engine);
  let model: Model | null = null;
  let lastDispatchesPerToken: number | undefined;
  const prompts = new Map<number, string>();
  const loaded = (): Model => {
    if (!model) throw new Error('bench: no model loaded');
    return model;
  };
  return {
    async loadModel(req) {
      model?.dispose();
      model = null;
      prompts.clear();
      memory.reset();
      const t0 = nowSeconds();
      const m = await engine.load(req.source, { tokenizer: req.tokenizer, maxSeqLen: req.maxSeqLen, dtype: req.dtype });
      const loadSeconds = nowSeconds() - t0;
      model = m;
      const info = m.info();
      const c = info.config;
      if (info.bytesPerToken === undefined) throw new Error('bench: engine.load gave a model without ModelInfo.bytesPerToken');
      return {
        loadSeconds,
        parameters: info.parameters,
        weightBytes: info.weightBytes,
        contextLength: info.contextLength,
        config: { architecture: c.architecture, nLayers: c.nLayers, dim: c.dim, nHeads: c.nHeads, nKvHeads: c.nKvHeads, hiddenDim: c.hiddenDim, vocabSize: c.vocabSize },
        bytesPerToken: info.bytesPerToken,
        dtypeNotes: info.dtypeNotes ?? [],
        memory: memory.snapshot(),
      };
    },
    async run(req) {
      const m = loaded();
      let prompt = prompts.get(req.promptTokens);
      if (prompt === undefined) prompts.set(req.promptTokens, (prompt = promptOf(m, req.promptTokens)));
      counter.start();
      const t0 = nowSeconds();
      const gen = m.generate(prompt, { temperature: 0, maxTokens: req.maxTokens, ignoreEos: true });
      await gen.text();
      const stats = await gen.stats;
      const seconds = nowSeconds() - t0;
      lastDispatchesPerToken = stats.dispatchesPerToken;
      return { stats, dispatches: counter.take(), reportedDispatchesPerToken: stats.dispatchesPerToken, seconds };
    },
    async profileStep() {
      const step = lastDispatchesPerToken === undefined ? undefined : counter.lastStep(lastDispatchesPerToken);
      if (!step) return null;
      const timed = await stepSecondsPerDispatch(engine.gpu, step, 20);
      if (!timed) return null;
      const { seconds, replays } = timed;
      const kernels = new Map<string, { kernel: string; calls: number; gpuMs: number }>();
      step.forEach((d, i) => {
        const kernel = kernelName(d);
        const k = kernels.get(kernel) ?? kernels.set(kernel, { kernel, calls: 0, gpuMs: 0 }).get(kernel)!;
        k.calls++;
        k.gpuMs += 1000 * seconds[i]!;
      });
      const onePass = await onePassSecondsPerRep(engine.gpu, [step], replays);
      const recordMs = 1000 * recordSeconds(engine.gpu.device, step, 21);
      const hostStepMs = counter.hostStepMs(step.length) ?? null;
      return { gpuMs: 1000 * seconds.reduce((a, b) => a + b, 0), onePassGpuMs: onePass === null ? null : 1000 * onePass, recordMs, hostStepMs, replays, kernels: [...kernels.values()] };
    },
    memory: () => memory.snapshot(),
    disposeModel() {
      model?.dispose();
      model = null;
    },
  };
}

/** Flags of a pipeline key worth naming when they differ from these defaults. */
const DEFAULT_FLAGS: Record<string, string> = { activation: 'none', bias: '0', gated: '0', norm: 'none', residual: '0', weights: 'f32', qkvCache: 'off' };

/** A dispatch by its kernel: the pipeline key's family and non-default flags, and K x N for a linear kernel's shape. */
function kernelName(d: Dispatch): string {
  const [family, ...flags] = d.label.split('/');
  const named = flags.map((f) => f.split('=')).filter(([k, v]) => k! in DEFAULT_FLAGS && DEFAULT_FLAGS[k!] !== v).map(([k, v]) => (v === '1' ? k : `${k}=${v}`));
  const shape = (d as Dispatch & { shape?: Record<string, unknown> }).shape;
  const dims = shape && typeof shape.K === 'number' && typeof shape.N === 'number' ? `${shape.K}x${shape.N}` : '';
  return [family, ...named, dims].filter(Boolean).join(' ');
}

/** A prompt the model's tokenizer encodes to exactly `n` tokens (BOS included): a word and n - 1 repeats of " a". */
function promptOf(model: Model, n: number): string {
  let repeats = n - 1;
  for (let attempt = 0; attempt < 8; attempt++) {
    const text = `Once${' a'.repeat(Math.max(0, repeats))}`;
    const length = model.tokenize(text).length;
    if (length === n) return text;
    repeats += n - length;
  }
  throw new Error(`bench: found no prompt of exactly ${n} tokens for this tokenizer`);
}
