// The held-out split (src/train/data/split.ts): nanoGPT's 90/10 of tinyshakespeare, other fractions,
// characters outside the BMP never cut in two, bad fractions refused.

import { describe, expect, it } from 'vitest';
import { codePoints, splitHeldOut, utf16Index } from '../../src/train/data/split.js';
import { readText } from '../tokenizer/data.js';

describe('splitHeldOut', () => {
  it("cuts tinyshakespeare where nanoGPT's prepare.py does: 1,003,854 + 111,540 characters", () => {
    const text = readText('tinyshakespeare/input.txt');
    const { train, heldOut } = splitHeldOut(text);
    expect([train.length, heldOut.length]).toEqual([1_003_854, 111_540]);
    expect(train + heldOut === text).toBe(true);
  });

  it('takes the last fraction by characters, rounding the training part down', () => {
    expect(splitHeldOut('abcdefghij', 0.25)).toEqual({ train: 'abcdefg', heldOut: 'hij' }); // floor(7.5)
    expect(splitHeldOut('abcdefghij', 0)).toEqual({ train: 'abcdefghij', heldOut: '' });
    expect(splitHeldOut('abc', 0.5)).toEqual({ train: 'a', heldOut: 'bc' });
  });

  it('counts characters outside the BMP once and never splits their surrogate pair', () => {
    const text = '😀😀😀😀a'; // 5 characters, 9 UTF-16 units
    expect(codePoints(text)).toBe(5);
    expect(utf16Index(text, 2)).toBe(4);
    expect(splitHeldOut(text, 0.5)).toEqual({ train: '😀😀', heldOut: '😀😀a' });
  });

  it('refuses fractions outside [0, 1)', () => {
    for (const bad of [1, -0.1, 1.5, Number.NaN]) {
      expect(() => splitHeldOut('abc', bad)).toThrow(`the held-out fraction must be a number in [0, 1), got ${bad}`);
    }
  });
});
