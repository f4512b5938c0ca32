// parseDecimal: the flags' numbers, in decimal notation only.

import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../src/decimal.js';

describe('parseDecimal', () => {
  it('reads decimal notation, signs, fractions and exponents', () => {
    const read = ['3', ' 42 ', '-1', '+2.5', '.5', '1.', '1e-5', '2E3'].map(parseDecimal);
    expect(read).toEqual([3, 42, -1, 2.5, 0.5, 1, 1e-5, 2000]);
  });

  it('refuses other notations, words, blanks and numbers past float64', () => {
    for (const text of ['0x10', '0b11', '0o7', '', '  ', 'Infinity', 'NaN', '1e999', '1,5', '5 tokens', '--3']) {
      expect(parseDecimal(text), text).toBeUndefined();
    }
  });
});
