// The n-gram baselines of bench/baselines.ts: counts match a plain count, and both smoothings give
// distributions that sum to one over the vocabulary, for every order and context (seen, unseen,
// shorter than the order at the start of a text). Fast: small synthetic data, no shared files.

import { describe, expect, it } from 'vitest';
import { additive, crossEntropyNats, GramCounts, kneserNey, tuneAlpha } from '../../bench/baselines.js';
import { mulberry32, randomBelow } from '../../src/train/data/random.js';

const V = 5;
const rng = mulberry32(11);
// A skewed, repetitive stream, so that counts of 1, 2, 3 and 4 all occur and the discounts are estimated.
const stream = Uint32Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? randomBelow(rng, V) : (i * i) % 3));
const second = Uint32Array.from({ length: 200 }, () => randomBelow(rng, V));
const counts = new GramCounts([stream, second], V, 4);

/** Sum over w of P(w | context) for the model. */
const total = (probability: (s: number[], i: number) => number, context: number[]) =>
  Array.from({ length: V }, (_, w) => probability([...context, w], context.length)).reduce((a, b) => a + b, 0);

describe('n-gram baselines', () => {
  it('counts every m-gram within each sequence, never across them', () => {
    const naive = new Map<string, number>();
    for (const s of [stream, second]) for (let i = 0; i + 3 <= s.length; i++) naive.set(s.slice(i, i + 3).join(), (naive.get(s.slice(i, i + 3).join()) ?? 0) + 1);
    const grams = counts.grams[3]!;
    expect(grams.keys.length).toBe(naive.size);
    grams.keys.forEach((key, i) => {
      const symbols = [Math.floor(key / 25), Math.floor(key / 5) % 5, key % 5].join();
      expect(grams.values[i]).toBe(naive.get(symbols));
    });
    expect([...grams.values].reduce((a, b) => a + b, 0)).toBe(2998 + 198);
  });

  it('Kneser-Ney and add-alpha sum to one for every order and context', () => {
    const kn = kneserNey(counts);
    const contexts = [[], [0], [4], [1, 2, 0], [4, 4, 4], [3, 3, 3, 3, 3], [...stream.subarray(100, 110)]];
    for (let order = 1; order <= 4; order++) {
      for (const context of contexts) {
        expect(total(kn(order).probability, context)).toBeCloseTo(1, 12);
        expect(total(additive(counts, order, 0.3).probability, context)).toBeCloseTo(1, 12);
      }
    }
  });

  it('scores better with context on a predictable stream, and picks a sensible alpha', () => {
    const kn = kneserNey(counts);
    const heldOut = stream.subarray(0, 500);
    expect(crossEntropyNats(kn(3), heldOut)).toBeLessThan(crossEntropyNats(kn(1), heldOut));
    expect(tuneAlpha(counts, 2, heldOut, [0.01, 1, 100])).not.toBe(100);
  });

  it('refuses orders it has no counts for and keys past 2^53', () => {
    expect(() => kneserNey(counts)(5)).toThrow('order must be in 1..4, got 5');
    expect(() => additive(counts, 0, 1)).toThrow('order must be in 1..4, got 0');
    expect(() => new GramCounts([stream], 66, 9)).toThrow('66^9 m-gram keys do not fit a double');
  });
});
