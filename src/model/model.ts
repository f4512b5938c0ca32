// A loaded model as users see it: tokenizer plus GPU transformer, with generate(), tokenize(),
// info() and dispose(). The model has one KV cache: a new generate() or logits() call takes it
// over, and a generation still running ends with stopReason 'superseded'.
// Loading lives in src/engine.ts; tests: tests/model/generate.test.ts.

import { generate, prepareRun, type GeneratedPiece, type GenerateOptions, type GenerationStats, type PreparedRun } from '../generate.js';
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

/** Throws unless every id the tokenizer can produce has a row in the model. */
export function checkTokenizerFits(tokenizer: Tokenizer, config: ModelConfig): void {
  if (tokenizer.vocabSize > config.vocabSize) {
    throw new RangeError(`the tokenizer has ${tokenizer.vocabSize} tokens but the model only ${config.vocabSize}: they do not belong together`);
  }
}

export class Model {
  /** Counts calls that took over the KV cache; a generation runs while it holds the latest. */
  private generation = 0;

  constructor(
    private readonly transformer: Transformer,
    readonly tokenizer: Tokenizer,
    private readonly stats: { parameters: number; weightBytes: number },
  ) {}

  get config(): ModelConfig {
    return this.transformer.config;
  }

  /**
   * Streams text for `prompt`; the generator's return value holds the run's stats. Options and
   * prompt are checked now (a rejected call disturbs nothing; its error surfaces on iteration),
   * and this call takes over the KV cache from any generation still running.
   */
  generate(prompt: string, options: GenerateOptions = {}): AsyncGenerator<GeneratedPiece, GenerationStats> {
    let run: PreparedRun;
    try {
      if (this.transformer.isDisposed) throw new Error('generate() after dispose(): this model has been disposed; load it again');
      run = prepareRun(this.transformer, this.tokenizer, prompt, options);
    } catch (e) {
      return failed(e);
    }
    const mine = ++this.generation;
    return generate(this.transformer, this.tokenizer, run, options, () => this.generation === mine);
  }

  /** The ids generate() feeds the model for `prompt`. */
  tokenize(text: string, options: { bos?: boolean } = {}): number[] {
    return this.tokenizer.encode(text, { bos: options.bos });
  }

  /**
   * Every position's next-token logits (T, V) for `ids`, from position 0: for tests and
   * inspection. Takes over the KV cache (a running generation ends as 'superseded').
   */
  async logits(ids: number[]): Promise<Float32Array> {
    if (this.transformer.isDisposed) throw new Error('logits() after dispose(): this model has been disposed; load it again');
    this.generation++;
    return this.transformer.logitsFor(ids, { startAt: 0 });
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

/** A generator whose first step throws `error`: errors of generate() surface on iteration. */
async function* failed(error: unknown): AsyncGenerator<never, never> {
  throw error;
}
