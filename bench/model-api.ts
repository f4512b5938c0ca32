// The model half of the bench's measuring surface, over one Engine: load a model in a dtype,
// run greedy generations of an exact prompt length, count dispatches and GPU memory, dispose.
// The same code runs in the bench page (Chromium) and in Node; the driver (run.ts) calls these
// one at a time, so each page.evaluate stays short, and decides what to run.

import type { Engine, GenerationStats, Model } from '../src/index.js';
import type { WeightDType } from '../src/quant/formats.js';
import { DispatchCounter, MemoryTracker, type MemorySnapshot } from './hooks.js';
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

export interface ModelApi {
  loadModel(req: ModelLoadRequest): Promise<ModelLoadResult>;
  run(req: RunRequest): Promise<RunResult>;
  /** Live GPU buffers of the loaded model (after runs: the activations it allocated lazily too). */
  memory(): MemorySnapshot;
  disposeModel(): void;
}

export function createModelApi(engine: Engine): ModelApi {
  const counter = new DispatchCounter(engine);
  const memory = new MemoryTracker(engine);
  let model: Model | null = null;
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
      return { stats, dispatches: counter.take(), reportedDispatchesPerToken: stats.dispatchesPerToken, seconds };
    },
    memory: () => memory.snapshot(),
    disposeModel() {
      model?.dispose();
      model = null;
    },
  };
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
