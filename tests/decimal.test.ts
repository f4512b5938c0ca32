// parseDecimal: the flags' numbers, in decimal notation only; notDecimalMessage: why one gave none.

import { describe, expect, it } from 'vitest';
import { notDecimalMessage, parseDecimal } from '../src/decimal.js';

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

  it('says a number past float64 is one, too large, and anything else is not decimal', () => {
    expect(notDecimalMessage('temperature', '1e400')).toBe('--temperature 1e400 is beyond the range of numbers (about ±1.8e308)');
    expect(notDecimalMessage('temperature', '0x10')).toBe('--temperature needs a decimal number, got "0x10"');
  });
});
