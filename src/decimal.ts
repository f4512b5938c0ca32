// A number as a person types it on a command line: decimal notation only. Number() alone also
// reads "0x10", "0b11" and "0o7" (and "" as 0), which someone who typed them did not mean as
// decimal. Shared by the CLI (src/cli.ts) and the training command (src/train/command.ts).

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** Why a flag's `text` gave no number (parseDecimal undefined): not decimal notation, or beyond a double. */
export function notDecimalMessage(flag: string, text: string): string {
  return spellsDecimal(text) ? `--${flag} ${text} ${BEYOND_RANGE}` : `--${flag} needs a decimal number, got "${text}"`;
}

/** What a decimal such as 1e400 is, which parseDecimal does not take. */
export const BEYOND_RANGE = 'is beyond the range of numbers (about ±1.8e308)';

/** What a whole number written past 2^53 - 1 is: a double cannot hold it, so echoed back it would read as its neighbour. */
export const PAST_EXACT = 'is past 2^53 - 1 (9007199254740991), the largest whole number held exactly';

/**
 * Whether `text` writes out in digits (no exponent) a number past 2^53 - 1 in magnitude, read
 * exactly: a double holds no such whole number exactly, nor the fractions near them
 * (9007199254740993.5 parses as 9007199254740994; review AL).
 */
export function digitsPastExact(text: string): boolean {
  const m = /^[+-]?(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) return false;
  const whole = BigInt(m[1]!);
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  return whole > limit || (whole === limit && /[1-9]/.test(m[2] ?? ''));
}

/** What a decimal such as 0.5e-400 or 4503599627370496.5 is: its fraction gone, it would read as another number. */
export const FRACTION_LOST = 'has a fraction a double cannot hold: it would read as the whole number';

/**
 * Whether `text` spells a number with a fraction, read exactly (its exponent applied to the digits),
 * that parses to a whole number: 4503599627370496.5 as 2^52, 1e-400 as 0. An integer flag's check
 * would then pass a number nobody typed, and a fraction such as a temperature become 0 (review AO).
 */
export function fractionLost(text: string): boolean {
  const m = /^[+-]?(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text.trim());
  if (!m || !Number.isInteger(Number(text))) return false;
  const digits = m[1]! + (m[2] ?? '');
  const point = m[1]!.length + Number(m[3] ?? 0);
  return /[1-9]/.test(digits.slice(Math.max(0, point)));
}

/** Whether `text` is written as a decimal number, in range or not. */
export function spellsDecimal(text: string): boolean {
  return DECIMAL.test(text.trim());
}

/** The finite number `text` spells in decimal notation, or undefined when it spells none. */
export function parseDecimal(text: string): number | undefined {
  if (!DECIMAL.test(text.trim())) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}
