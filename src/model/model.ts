// A loaded model as users see it: tokenizer plus GPU transformer, with generate(), tokenize(),
// info() and dispose(). One generation at a time per model (they share the KV cache).
// Loading lives in src/engine.ts; tests: tests/model/generate.test.ts.

import { generate, type GeneratedPiece, type GenerateOptions, type GenerationStats } from '../generate.js';
import type { Tokenizer } from '../tokenizer/types.js';
import type { ModelConfig } from './config.js';
import type { Transformer } from './transformer.js';

export interface ModelInfo {
  config: ModelConfig;
  /** Parameters, counting a tied embedding once. */
  parameters: number;
  /** Bytes of weights on the GPU. */
  weightBytes: number;
  /** Context length the KV cache was allocated for. */
  contextLength: number;
  tokenizerVocabSize: number;
}

export class Model {
  private busy = false;

  constructor(
    private readonly transformer: Transformer,
    readonly tokenizer: Tokenizer,
    private readonly stats: { parameters: number; weightBytes: number },
  ) {
    if (tokenizer.vocabSize > transformer.config.vocabSize) {
      throw new RangeError(`the tokenizer has ${tokenizer.vocabSize} tokens but the model only ${transformer.config.vocabSize}: they do not belong together`);
    }
  }

  get config(): ModelConfig {
    return this.transformer.config;
  }

  /** Streams text for `prompt`; the generator's return value holds the run's stats. */
  async *generate(prompt: string, options: GenerateOptions = {}): AsyncGenerator<GeneratedPiece, GenerationStats> {
    if (this.transformer.isDisposed) throw new Error('generate() after dispose(): this model has been disposed; load it again');
    if (this.busy) throw new Error('this model is already generating: wait for the running generation to finish (they share one KV cache)');
    this.busy = true;
    try {
      return yield* generate(this.transformer, this.tokenizer, prompt, options);
    } finally {
      this.busy = false;
    }
  }

  /** The ids generate() feeds the model for `prompt`. */
  tokenize(text: string, options: { bos?: boolean } = {}): number[] {
    return this.tokenizer.encode(text, { bos: options.bos });
  }

  /** Every position's next-token logits (T, V) for `ids`, from position 0: for tests and inspection. */
  async logits(ids: number[]): Promise<Float32Array> {
    if (this.busy) throw new Error('this model is generating: logits() would disturb its KV cache');
    this.transformer.reset();
    return this.transformer.logitsFor(ids);
  }

  info(): ModelInfo {
    return {
      config: this.config,
      parameters: this.stats.parameters,
      weightBytes: this.stats.weightBytes,
      contextLength: this.transformer.maxSeqLen,
      tokenizerVocabSize: this.tokenizer.vocabSize,
    };
  }

  dispose(): void {
    this.transformer.dispose();
  }
}
