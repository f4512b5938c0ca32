// The runtime guard on non-finite logits: random models whose weights are poisoned after the
// loaders' checks (built straight from a WeightMap) make NaN or +Infinity logits at run time, and
// generate() rejects with NonFiniteLogitsError naming the step, never yielding a token for it;
// logits() and inspect() refuse such rows too, naming the position.

import { afterAll, describe, expect, it } from 'vitest';
import { NonFiniteLogitsError } from '../../src/errors.js';
import { createGpu } from '../../src/gpu/device.js';
import type { ModelConfig, WeightMap } from '../../src/model/config.js';
import type { GeneratedPiece } from '../../src/model/generation.js';
import { Model } from '../../src/model/model.js';
import type { GenerateOptions } from '../../src/model/options.js';
import { Transformer } from '../../src/model/transformer.js';
import { fromAlphabet } from '../../src/tokenizer/characters.js';
import { gpt2Config, llamaConfig, randomWeights, type Dims } from './random-model.js';

const gpu = await createGpu();
afterAll(() => gpu.destroy());

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz .,!?\n'; // 32 characters: V = 32
const dims: Dims = { V: 32, C: 32, L: 2, NH: 4, NKV: 2, F: 64, maxSeqLen: 32 };
const llama = llamaConfig(dims, 'half');
const gpt2 = gpt2Config({ ...dims, NKV: dims.NH });
const PROMPT = 'the cat';
const greedy: GenerateOptions = { temperature: 0, maxTokens: 6 };
const sampled: GenerateOptions = { temperature: 0.9, topK: 10, topP: 0.9, minP: 0.02, seed: 7, maxTokens: 6 };

/** A model on random weights that `poison` edits after every load-time check would have run. */
async function modelWith(config: ModelConfig, poison: (w: WeightMap) => void = () => {}): Promise<Model> {
  const weights = randomWeights(config, 5);
  poison(weights);
  const transformer = await Transformer.create(gpu, config, weights);
  return new Model(transformer, fromAlphabet(ALPHABET), { parameters: 0, weightBytes: 0 });
}

function scale(w: WeightMap, name: string, by: number): void {
  const data = w.get(name)!.data as Float32Array;
  for (let i = 0; i < data.length; i++) data[i] *= by;
}

/** Runs a generation to its end: the pieces it yielded, and the error it ended with (if any). */
async function run(model: Model, o: GenerateOptions, prompt = PROMPT): Promise<{ pieces: GeneratedPiece[]; error?: unknown }> {
  const pieces: GeneratedPiece[] = [];
  const generation = model.generate(prompt, o);
  try {
    for await (const piece of generation) pieces.push(piece);
  } catch (error) {
    await expect(generation.stats).rejects.toBe(error); // no stats of a success either
    return { pieces, error };
  }
  return { pieces };
}

function expectNonFinite(error: unknown, step: number, detail: RegExp): void {
  expect(error).toBeInstanceOf(NonFiniteLogitsError);
  expect((error as NonFiniteLogitsError).step).toBe(step);
  expect((error as Error).message).toMatch(new RegExp(`step ${step}\\b`));
  expect((error as Error).message).toMatch(detail);
}

describe('non-finite logits stop the generation with NonFiniteLogitsError', () => {
  it('a healthy model generates (finite rows pass the guard)', async () => {
    const model = await modelWith(llama);
    try {
      for (const o of [greedy, sampled]) {
        const { pieces, error } = await run(model, o);
        expect(error).toBeUndefined();
        expect(pieces.filter((p) => p.id !== undefined)).toHaveLength(6);
      }
    } finally {
      model.dispose();
    }
  });

  it('a NaN norm weight: step 0, greedy and sampled, no token yielded', async () => {
    const model = await modelWith(llama, (w) => {
      (w.get('norm.final.weight')!.data as Float32Array)[3] = NaN;
    });
    try {
      for (const o of [greedy, sampled]) {
        const { pieces, error } = await run(model, o);
        expect(pieces).toEqual([]);
        expectNonFinite(error, 0, /32 NaN among the 32 logits/);
      }
    } finally {
      model.dispose();
    }
  });

  // The penalty kernel saturates what it computes from finite logits; a broken row must pass it as it is.
  it('a logit bias or a repetition penalty does not hide them', async () => {
    const model = await modelWith(llama, (w) => {
      (w.get('norm.final.weight')!.data as Float32Array)[3] = NaN;
    });
    try {
      for (const o of [{ ...greedy, logitBias: { 6: 0 } }, { ...sampled, logitBias: new Map([[2, -5]]) }, { ...greedy, repetitionPenalty: 1.1 }]) {
        const { pieces, error } = await run(model, o);
        expect(pieces).toEqual([]);
        expectNonFinite(error, 0, /32 NaN among the 32 logits/);
      }
    } finally {
      model.dispose();
    }
  });

  it('huge finite MLP weights (x1e30) overflow to Infinity in the activations, then NaN', async () => {
    const model = await modelWith(llama, (w) => {
      scale(w, 'layers.0.mlp.gate.weight', 1e30);
      scale(w, 'layers.0.mlp.up.weight', 1e30);
    });
    try {
      const { pieces, error } = await run(model, sampled);
      expect(pieces).toEqual([]);
      expectNonFinite(error, 0, /NaN among the 32 logits/);
    } finally {
      model.dispose();
    }
  });

  it('a huge finite final-norm weight (x1e38) overflows logits to +Infinity', async () => {
    const model = await modelWith(gpt2, (w) => scale(w, 'norm.final.weight', 1e38));
    try {
      const { pieces, error } = await run(model, greedy);
      expect(pieces).toEqual([]);
      expectNonFinite(error, 0, /\+Infinity among the 32 logits/);
    } finally {
      model.dispose();
    }
  });

  it('names the step where it happened: the tokens before it are delivered', async () => {
    // The healthy model's first greedy token, whose embedding row is then poisoned: step 0 (the
    // prompt) is finite, step 1 feeds that token and its logits are NaN.
    const prompt = 'dog';
    const healthy = await modelWith(llama);
    let first: number;
    try {
      first = (await run(healthy, greedy, prompt)).pieces[0]!.id!;
    } finally {
      healthy.dispose();
    }
    expect(prompt).not.toContain(ALPHABET[first]); // else step 0 would already read the poisoned row
    const model = await modelWith(llama, (w) => {
      w.get('embed.tokens')!.data.fill(NaN, first * dims.C, (first + 1) * dims.C);
    });
    try {
      const { pieces, error } = await run(model, greedy, prompt);
      expect(pieces.map((p) => p.id)).toEqual([first]);
      expectNonFinite(error, 1, /32 NaN among the 32 logits/);
    } finally {
      model.dispose();
    }
  });

  // They handed NaN logits and NaN probabilities on as an answer.
  it('logits() and inspect() refuse the same rows, naming the first position that broke', async () => {
    const input = 'the dog'; // a NaN embedding for 'd' (position 4): the positions before it stay finite
    const model = await modelWith(llama, (w) => {
      const d = ALPHABET.indexOf('d');
      w.get('embed.tokens')!.data.fill(NaN, d * dims.C, (d + 1) * dims.C);
    });
    try {
      const ids = model.tokenize(input, { bos: false });
      expect(Array.from((await model.logits(ids.slice(0, 4))).slice(0, 4 * 32)).every(Number.isFinite)).toBe(true);
      for (const call of [() => model.logits(ids), () => model.inspect(ids), () => model.inspect(ids, { topK: 3, logitLens: 2 })]) {
        const error = await call().then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(NonFiniteLogitsError);
        expect((error as NonFiniteLogitsError).step).toBe(4);
        expect((error as Error).message).toMatch(/^the logits at position 4 are not finite \(32 NaN among the 32 logits\)/);
      }
      // Without the model's own next-token rows asked for, the layers show where it broke, NaN included.
      const layers = await model.inspect(ids, { topK: 0, hiddenStates: true, logitLens: 2 });
      const C = dims.C;
      const embedded = layers.hiddenStates!.at(0)!;
      expect(embedded.subarray(0, 4 * C).every(Number.isFinite)).toBe(true);
      expect(embedded.subarray(4 * C, 5 * C).every(Number.isNaN)).toBe(true);
      expect(layers.logitLens).toBeDefined();
    } finally {
      model.dispose();
    }
  });
});
