// The block formats q8_0 and q4_0 on the CPU, in formats.ts's word layout: quantization exactly as
// ggml's reference (quantize_row_q8_0_ref, quantize_row_q4_0_ref: float32 arithmetic, the scale
// rounded to f16 only when stored, the quants computed with the unrounded one), and dequantization
// as the kernels do it. Rows whose length is not a multiple of 32 are refused. The k-quants'
// super-blocks are kquants.ts's.

import { BLOCK_SIZE, BLOCK_WEIGHTS, BLOCK_WORDS, type Block32DType, type BlockDType, blocksFromGguf, scaleOfWord, scaleWordOfF16, sizedOutput } from './formats.js';
import { f16BitsOfFloat, UnstorableValueError } from './half.js';
import { dequantizeSuperBlocks, isKQuant, quantizeKQuant } from './kquants.js';

const fr = Math.fround;

/**
 * C's roundf (to nearest, ties away from zero) of a float32 below 2^22 in magnitude: v +- 0.5 is
 * exact in double where it decides the result, and | 0 truncates. Without a branch: a sign test
 * mispredicts on every other weight, two thirds of q8_0's quantizing time.
 */
function roundAway(v: number): number {
  return (v + 0.5 - +(v < 0)) | 0;
}

/** The block's largest magnitude over its scale d: q8_0's reaches level 127, q4_0's level -8. */
const SCALE_STEPS: Record<Block32DType, number> = { q8_0: 127, q4_0: 8 };

function checkBlocks(dtype: Block32DType, length: number): number {
  if (length % BLOCK_SIZE !== 0) throw new RangeError(`${dtype}: ${length} values are not a whole number of ${BLOCK_SIZE}-value blocks`);
  return length / BLOCK_SIZE;
}

/**
 * Quantizes consecutive blocks of x (rows must be whole blocks: the caller checks row lengths), into
 * `into` where given (its length must be the blocks' words: a conversion reuses one a run of rows).
 * A NaN or infinity throws a RangeError naming it (q8_0 and q4_0 as they meet it; the k-quants'
 * callers check first, as toStored does).
 */
export function quantizeBlocks(dtype: BlockDType, x: Float32Array, into?: Uint32Array): Uint32Array {
  if (isKQuant(dtype)) return filled(blocksFromGguf(dtype, quantizeKQuant(dtype, x)), into);
  const blocks = checkBlocks(dtype, x.length);
  const out = sizedOutput(into, blocks * BLOCK_WORDS[dtype], Uint32Array);
  (dtype === 'q8_0' ? quantizeQ8 : quantizeQ4)(x, out);
  return out;
}

/** A NaN or infinity in the block at `at`: named, since a quantizer would make it a level. */
function refuseNonFinite(dtype: Block32DType, x: Float32Array, at: number): never {
  while (Number.isFinite(x[at])) at++;
  throw new RangeError(`${dtype}: value ${at} is ${x[at]}: only finite values convert`);
}

// The block loops below are written for V8 (the quantizer is the largest host cost of a load that
// converts): constants copied from formats.ts (V8 loads an imported binding, and checks that it is
// initialized, at each read in a loop: a tenth of the time here), the largest magnitude found with
// a test that is rarely taken, a NaN and an infinity met there (no pass of their own), and each
// line of quants written out (calls were not all inlined). Together 1.2-1.3 times as fast.
const SIZE = BLOCK_SIZE;
const Q8_WORDS = BLOCK_WORDS.q8_0;
const Q4_WORDS = BLOCK_WORDS.q4_0;

// d = amax / 127, q = roundf(x / d) (as x * (1 / d)), 4 quants a word.
function quantizeQ8(x: Float32Array, out: Uint32Array): void {
  for (let b = 0, at = 0, word = 0; at < x.length; b++, at += SIZE, word += Q8_WORDS) {
    let amax = 0;
    for (let j = 0; j < SIZE; j++) {
      const a = Math.abs(x[at + j]!);
      if (!(a <= amax)) {
        if (a !== a) refuseNonFinite('q8_0', x, at);
        amax = a;
      }
    }
    if (amax === Infinity) refuseNonFinite('q8_0', x, at);
    const d = fr(amax / SCALE_STEPS.q8_0);
    const id = d ? fr(1 / d) : 0;
    out[word] = scaleWordOfF16(f16ScaleBits('q8_0', d, amax, b));
    for (let w = 0; w < SIZE / 4; w++) {
      const i = at + 4 * w;
      const q0 = roundAway(fr(x[i]! * id));
      const q1 = roundAway(fr(x[i + 1]! * id));
      const q2 = roundAway(fr(x[i + 2]! * id));
      const q3 = roundAway(fr(x[i + 3]! * id));
      out[word + 1 + w] = (q0 & 0xff) | ((q1 & 0xff) << 8) | ((q2 & 0xff) << 16) | (q3 << 24);
    }
  }
}

// max = the value of largest magnitude (the first such, with its sign; +0 where all are zeros),
// d = max / -8, and q = min(15, trunc(x / d + 8.5)): max itself maps to 0, so the 16 levels reach
// -8 d .. 7 d. Byte i of the 16 holds weight i (low nibble) and i + 16 (high).
function quantizeQ4(x: Float32Array, out: Uint32Array): void {
  for (let b = 0, at = 0, word = 0; at < x.length; b++, at += SIZE, word += Q4_WORDS) {
    let amax = 0;
    let max = 0;
    for (let j = 0; j < SIZE; j++) {
      const v = x[at + j]!;
      const a = Math.abs(v);
      if (!(a <= amax)) {
        if (a !== a) refuseNonFinite('q4_0', x, at);
        amax = a;
        max = v;
      }
    }
    if (amax === Infinity) refuseNonFinite('q4_0', x, at);
    const d = fr(max / -SCALE_STEPS.q4_0);
    const id = d ? fr(1 / d) : 0;
    out[word] = scaleWordOfF16(f16ScaleBits('q4_0', d, max, b));
    for (let w = 0; w < SIZE / 8; w++) {
      const i = at + 4 * w;
      // Levels: trunc(x / d + 8.5) lies in 0 .. 16 (so | 0 truncates it), less level >> 4 (16 -> 15).
      let l0 = fr(fr(x[i]! * id) + 8.5) | 0, h0 = fr(fr(x[i + 16]! * id) + 8.5) | 0;
      let l1 = fr(fr(x[i + 1]! * id) + 8.5) | 0, h1 = fr(fr(x[i + 17]! * id) + 8.5) | 0;
      let l2 = fr(fr(x[i + 2]! * id) + 8.5) | 0, h2 = fr(fr(x[i + 18]! * id) + 8.5) | 0;
      let l3 = fr(fr(x[i + 3]! * id) + 8.5) | 0, h3 = fr(fr(x[i + 19]! * id) + 8.5) | 0;
      l0 -= l0 >> 4; l1 -= l1 >> 4; l2 -= l2 >> 4; l3 -= l3 >> 4;
      h0 -= h0 >> 4; h1 -= h1 >> 4; h2 -= h2 >> 4; h3 -= h3 >> 4;
      out[word + 1 + w] = l0 | (h0 << 4) | (l1 << 8) | (h1 << 12) | (l2 << 16) | (h2 << 20) | (l3 << 24) | (h3 << 28);
    }
  }
}

/**
 * Whether a block whose largest magnitude is `amax` has a finite f16 scale (f16ScaleBits would not
 * throw): a check of a whole matrix at once, since the scale grows with the block's largest value.
 */
export function scaleHolds(dtype: Block32DType, amax: number): boolean {
  return (f16BitsOfFloat(fr(amax / SCALE_STEPS[dtype])) & 0x7c00) !== 0x7c00;
}

/** A block's scale as f16 bits; one that rounds to infinity would turn the block's weights into infinities and NaN. */
function f16ScaleBits(dtype: Block32DType, d: number, peak: number, index: number): number {
  const bits = f16BitsOfFloat(d); // d is a float32
  if ((bits & 0x7c00) === 0x7c00) {
    const reason = `block ${index} reaches ${peak.toPrecision(3)}, past what ${dtype}'s f16 scale holds`;
    throw new UnstorableValueError(`${dtype}: ${reason}`, reason, index);
  }
  return bits;
}

/**
 * Dequantizes blocks back to float32: weight = d * q (k-quants: kquants.ts), into `into` where given
 * (its length must be the blocks' weights).
 */
export function dequantizeBlocks(dtype: BlockDType, data: Uint32Array, into?: Float32Array): Float32Array {
  const words = BLOCK_WORDS[dtype];
  if (data.length % words !== 0) throw new RangeError(`${dtype}: ${data.length} words are not a whole number of ${words}-word blocks`);
  // The k-quants' words are GGUF's bytes, each super-block padded to whole words: read where they lie.
  const out = sizedOutput(into, (data.length / words) * BLOCK_WEIGHTS[dtype], Float32Array);
  if (isKQuant(dtype)) return dequantizeSuperBlocks(dtype, new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 4 * words, out);
  (dtype === 'q8_0' ? dequantizeQ8 : dequantizeQ4)(data, out);
  return out;
}

// A word's quants a line each: a call and a block view per weight (the code before) were most of a
// conversion's dequantizing time.
function dequantizeQ8(data: Uint32Array, out: Float32Array): void {
  for (let w = 0, o = 0; w < data.length; w += Q8_WORDS) {
    const d = scaleOfWord(data[w]!);
    for (let k = 1; k <= SIZE / 4; k++, o += 4) {
      const v = data[w + k]!;
      out[o] = d * ((v << 24) >> 24);
      out[o + 1] = d * ((v << 16) >> 24);
      out[o + 2] = d * ((v << 8) >> 24);
      out[o + 3] = d * (v >> 24);
    }
  }
}

function dequantizeQ4(data: Uint32Array, out: Float32Array): void {
  for (let w = 0, o = 0; w < data.length; w += Q4_WORDS, o += SIZE) {
    const d = scaleOfWord(data[w]!);
    for (let k = 0; k < 4; k++) {
      const v = data[w + 1 + k]!;
      const at = o + 4 * k; // byte i of the 16 holds weight i (low nibble) and i + 16 (high)
      out[at] = d * ((v & 15) - 8);
      out[at + 16] = d * (((v >>> 4) & 15) - 8);
      out[at + 1] = d * (((v >>> 8) & 15) - 8);
      out[at + 17] = d * (((v >>> 12) & 15) - 8);
      out[at + 2] = d * (((v >>> 16) & 15) - 8);
      out[at + 18] = d * (((v >>> 20) & 15) - 8);
      out[at + 3] = d * (((v >>> 24) & 15) - 8);
      out[at + 19] = d * ((v >>> 28) - 8);
    }
  }
}

/** `made` copied into `into` where given (the k-quants make their own). */
function filled<A extends Float32Array | Uint32Array>(made: A, into: A | undefined): A {
  if (!into) return made;
  sizedOutput(into, made.length, made.constructor as new (length: number) => A).set(made);
  return into;
}
