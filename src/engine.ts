// createEngine(): the entry point. Owns one GPU device and loads models onto it: resolve the
// source, parse weights and tokenizer, upload, build the forward pass. Browser and Node alike.
// Tests: tests/model/*.test.ts and the CLI tests.

import { createGpu, type Gpu, type GpuOptions } from './gpu/device.js';
import { Model } from './model/model.js';
import { prepareModel } from './model/prepare.js';
import { readSourceFile, resolveSource, type LoadProgress, type ModelSource } from './model/source.js';
import { Transformer } from './model/transformer.js';

export type { LoadProgress, ModelSource };

export interface LoadOptions {
  /** Tokenizer file for checkpoints that do not carry one (llama2.c's tokenizer.bin). */
  tokenizer?: string | File;
  onProgress?: (p: LoadProgress) => void;
  /** Allocate the KV cache for this many positions instead of the model's full context. */
  maxSeqLen?: number;
  signal?: AbortSignal;
}

export class Engine {
  private constructor(readonly gpu: Gpu) {}

  static async create(options: GpuOptions = {}): Promise<Engine> {
    return new Engine(await createGpu(options));
  }

  /** The adapter in words, e.g. "node google swiftshader (profile software)". */
  get adapter(): string {
    const a = this.gpu.adapter;
    return `${a.runtime} ${a.vendor} ${a.architecture}${a.description ? ` ${a.description}` : ''} (profile ${this.gpu.profile})`.replace(/\s+/g, ' ');
  }

  async load(source: ModelSource, o: LoadOptions = {}): Promise<Model> {
    const files = await resolveSource(source, { onProgress: o.onProgress, signal: o.signal });
    if (o.tokenizer !== undefined) {
      const { name, bytes } = await readSourceFile(o.tokenizer);
      // Never let a tokenizer that shares the checkpoint's file name replace the checkpoint.
      files.files.set(files.files.has(name) ? `tokenizer-${name}` : name, bytes);
    }
    const loaded = prepareModel(files); // every check before anything reaches the GPU
    const { tokenizer, chatTemplate } = loaded;
    const transformer = await Transformer.create(this.gpu, loaded.config, loaded.weights, {
      maxSeqLen: o.maxSeqLen,
      sampleVocab: tokenizer.vocabSize,
      onProgress: o.onProgress,
    });
    let parameters = 0;
    let weightBytes = 0;
    for (const t of loaded.weights.values()) {
      parameters += t.data.length;
      weightBytes += t.data.byteLength;
    }
    return new Model(transformer, tokenizer, { parameters, weightBytes }, chatTemplate);
  }

  destroy(): void {
    this.gpu.destroy();
  }
}

/** A ready engine on the best adapter of this browser or Node process. */
export function createEngine(options: GpuOptions = {}): Promise<Engine> {
  return Engine.create(options);
}
