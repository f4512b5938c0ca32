// parseDecimal: the flags' numbers, in decimal notation only; notDecimalMessage: why one gave none.

import { describe, expect, it } from 'vitest';
import { decimalFlag, UsageError } from '../src/cli-args.js';
import { digitsPastExact, fractionLost, notDecimalMessage, parseDecimal } from '../src/decimal.js';

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

  // 2^53 + 1 parses as 2^53: a refusal echoing the parsed number would quote one never typed.
  it('a number written in digits past 2^53 - 1 is refused as typed; the largest exact one, exponents and small fractions are read', () => {
    for (const text of ['9007199254740992', '9007199254740993', '-9007199254740993', '9007199254740993.0', '9007199254740993.5', '9007199254740991.01', '123456789012345678901']) {
      expect(digitsPastExact(text), text).toBe(true);
      expect(() => decimalFlag('steps', text)).toThrow(new UsageError(`--steps ${text} is past 2^53 - 1 (9007199254740991), the largest whole number held exactly`));
    }
    for (const text of ['9007199254740991', '-9007199254740991', '9007199254740991.000', '1e16', '0.5', '00009007199254740991']) expect(digitsPastExact(text), text).toBe(false);
    expect(decimalFlag('steps', '9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(decimalFlag('seed', '1e16')).toBe(1e16);
  });

  // 2^52 + 0.5 parses as 2^52: an integer flag's check then passed a number nobody typed, and 1e-400 read as a temperature of 0 (review AO).
  it('a fraction that parsing turns into a whole number is refused; fractions a double holds, or rounds to another fraction, are read', () => {
    for (const [text, whole] of [['4503599627370496.5', 4503599627370496], ['1e-400', 0], ['-0.5e-400', 0], ['4503599627370496500e-3', 4503599627370496], ['1.00000000000000000001', 1]] as const) {
      expect(fractionLost(text), text).toBe(true);
      expect(() => decimalFlag('max-tokens', text)).toThrow(new UsageError(`--max-tokens ${text} has a fraction a double cannot hold: it would read as the whole number ${whole}`));
    }
    for (const text of ['0.5', '2.0', '2e0', '25e-1', '1.5e3', '2.50e1', '0.1234567890123456789', '1e-300', '4503599627370496', '450359962737049600e-2']) expect(fractionLost(text), text).toBe(false);
    expect(decimalFlag('max-tokens', '25e-1')).toBe(2.5);
    expect(decimalFlag('max-tokens', '450359962737049600e-2')).toBe(4503599627370496);
  });
});
