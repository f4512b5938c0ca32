// Batches (src/train/data/batches.ts) and their generator (random.ts): the same seed draws the same
// batch, targets are the inputs one token on, windows stay inside the corpus and cover all of it,
// held-out windows do not overlap, and every bad hyperparameter is refused with its message.

import { describe, expect, it } from 'vitest';
import { checkWindow, heldOutBatches, sampleBatch } from '../../src/train/data/batches.js';
import { mulberry32, randomBelow } from '../../src/train/data/random.js';

const corpus = Uint32Array.from({ length: 100 }, (_, i) => i); // token i at position i: a window's start is its first id

describe('mulberry32', () => {
  it('is deterministic, in [0, 1), and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const draws = Array.from({ length: 1000 }, () => a());
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(draws.every((u) => u >= 0 && u < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
    // The published generator's first output for seed 0 (as tests/support/random.ts's copy gives).
    expect(mulberry32(0)()).toBeCloseTo(0.26642920868471265, 15);
    expect(() => mulberry32(Number.NaN)).toThrow('a random seed must be a finite number, got NaN');
  });

  it('randomBelow covers 0..n-1 evenly', () => {
    const rng = mulberry32(1);
    const seen = new Array<number>(7).fill(0);
    for (let i = 0; i < 7000; i++) seen[randomBelow(rng, 7)]! += 1;
    for (const count of seen) expect(count).toBeGreaterThan(850); // 1000 expected; 5 sigma is ~150
  });
});

describe('sampleBatch', () => {
  it('draws the same batch from the same seed, and another from another seed', () => {
    const draw = (seed: number) => sampleBatch(corpus, { batchSize: 4, contextLength: 8, rng: mulberry32(seed) });
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7).inputs).not.toEqual(draw(8).inputs);
  });

  it('returns (B, T) rows of contiguous tokens with targets one token on', () => {
    const batch = sampleBatch(corpus, { batchSize: 5, contextLength: 6, rng: mulberry32(3) });
    expect(batch).toMatchObject({ rows: 5, contextLength: 6 });
    expect(batch.inputs).toBeInstanceOf(Uint32Array);
    expect(batch.inputs).toHaveLength(30);
    for (let r = 0; r < 5; r++) {
      const start = batch.inputs[r * 6]!;
      expect([...batch.inputs.subarray(r * 6, r * 6 + 6)]).toEqual([0, 1, 2, 3, 4, 5].map((t) => start + t));
      expect([...batch.targets.subarray(r * 6, r * 6 + 6)]).toEqual([1, 2, 3, 4, 5, 6].map((t) => start + t));
    }
  });

  it('starts windows anywhere in 0..n-T-1, the last target being the last token', () => {
    const T = 10;
    const starts = new Set<number>();
    const rng = mulberry32(5);
    for (let i = 0; i < 200; i++) {
      const { inputs } = sampleBatch(corpus, { batchSize: 16, contextLength: T, rng });
      for (let r = 0; r < 16; r++) starts.add(inputs[r * T]!);
    }
    expect(Math.min(...starts)).toBe(0);
    expect(Math.max(...starts)).toBe(100 - T - 1);
    expect(starts.size).toBe(100 - T);
    // A corpus of exactly T + 1 tokens has one window.
    const tight = sampleBatch(corpus.subarray(0, 11), { batchSize: 3, contextLength: 10, rng: mulberry32(1) });
    expect([...tight.targets.subarray(20)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('refuses out-of-range hyperparameters and corpora shorter than a window', () => {
    const rng = mulberry32(1);
    for (const bad of [0, -1, 1.5, Number.NaN, Infinity]) {
      expect(() => sampleBatch(corpus, { batchSize: bad, contextLength: 8, rng })).toThrow(`batchSize must be a positive integer, got ${bad}`);
      expect(() => sampleBatch(corpus, { batchSize: 2, contextLength: bad, rng })).toThrow(`contextLength must be a positive integer, got ${bad}`);
    }
    expect(() => sampleBatch(corpus, { batchSize: 2, contextLength: 100, rng })).toThrow(
      'the corpus has 100 tokens, shorter than one context window: contextLength 100 needs 101 (the window and the token after it)',
    );
    expect(() => sampleBatch(new Uint32Array(0), { batchSize: 2, contextLength: 8, rng })).toThrow('the corpus is empty');
    expect(() => checkWindow(corpus, 200, 'input.txt')).toThrow('input.txt has 100 tokens, shorter than one context window');
  });
});

describe('heldOutBatches', () => {
  it('walks the held-out tokens in back-to-back windows, batched, the last batch short', () => {
    const batches = heldOutBatches(corpus, { batchSize: 4, contextLength: 10 });
    expect(batches.map((b) => b.rows)).toEqual([4, 4, 1]); // floor(99 / 10) = 9 windows
    const starts = batches.flatMap((b) => Array.from({ length: b.rows }, (_, r) => b.inputs[r * 10]!));
    expect(starts).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80]);
    expect(batches[2]!.targets.at(-1)).toBe(90); // window 80..89 predicts 81..90
    expect(heldOutBatches(corpus, { batchSize: 4, contextLength: 10 })).toEqual(batches);
  });

  it('with maxTokens, takes that many windows spread over the whole held-out text', () => {
    const batches = heldOutBatches(corpus, { batchSize: 8, contextLength: 10, maxTokens: 35 });
    expect(batches.map((b) => b.rows)).toEqual([3]);
    expect([0, 1, 2].map((r) => batches[0]!.inputs[r * 10])).toEqual([0, 30, 60]);
    expect(heldOutBatches(corpus, { batchSize: 8, contextLength: 10, maxTokens: 5 })[0]!.rows).toBe(1); // at least one
    expect(heldOutBatches(corpus, { batchSize: 8, contextLength: 10, maxTokens: 10_000 }).map((b) => b.rows)).toEqual([8, 1]);
  });

  it('refuses bad hyperparameters and a held-out split shorter than a window', () => {
    expect(() => heldOutBatches(corpus, { batchSize: 0, contextLength: 10 })).toThrow('batchSize must be a positive integer, got 0');
    expect(() => heldOutBatches(corpus, { batchSize: 2, contextLength: 10, maxTokens: 0 })).toThrow('maxTokens must be a positive integer, got 0');
    expect(() => heldOutBatches(corpus.subarray(0, 5), { batchSize: 2, contextLength: 10 })).toThrow('the held-out split has 5 tokens, shorter than one context window');
    expect(() => heldOutBatches(new Uint32Array(0), { batchSize: 2, contextLength: 10 })).toThrow('the held-out split is empty');
  });
});
