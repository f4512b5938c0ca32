// ggml's k-quants q4_K, q5_K and q6_K on the CPU: dequantization of their 256-weight super-blocks as
// ggml's dequantize_row_q4_K / _q5_K / _q6_K compute it (float32 arithmetic), and quantizers to each.
// The GPU reads all three as GGUF stores them (WEIGHT_DTYPES, formats.ts).
// Layouts (ggml-common.h), byte offsets within a super-block:
//   q4_K (144)  0 f16 d, 2 f16 dmin, 4 scales[12], 16 qs[128]
//   q5_K (176)  0 f16 d, 2 f16 dmin, 4 scales[12], 16 qh[32], 48 qs[128]
//   q6_K (210)  0 ql[128], 128 qh[64], 192 i8 scales[16], 208 f16 d
// q4_K / q5_K: 8 sub-blocks of 32, each with a 6-bit scale sc and min m (packed in scales[12]);
//   weight = d * sc * q - dmin * m. Sub-blocks 2g and 2g + 1 share the 32 bytes qs[32g .. 32g + 31]:
//   the low nibbles are sub-block 2g, the high nibbles 2g + 1. q5_K's 5th bit of weight l of sub-block s
//   is bit s of qh[l].
// q6_K: 16 sub-blocks of 16, each with an int8 scale; weight = d * scale * (q - 32), q of 6 bits. Each
//   half of 128 weights takes 64 bytes of ql and 32 of qh: weight l (0..31) + 32 i of the half has its low
//   4 bits in ql[l + 32 (i & 1)] (low nibble for i < 2, high for i >= 2) and its high 2 bits in qh[l] at bit 2 i.

import type { StoredTensor } from './formats.js';
import type { LegacyQuantType } from './legacy.js';
import { f16Bits, f16BitsAt, f16Value, f16ValueTable, firstNonFiniteField, UnstorableValueError } from './half.js';

export type KQuantType = 'q4_K' | 'q5_K' | 'q6_K';

/** Weights per super-block (ggml's QK_K). */
export const SUPER_BLOCK = 256;

/** Bytes per super-block in a GGUF file. */
export const K_QUANT_BLOCK_BYTES: Record<KQuantType, number> = { q4_K: 144, q5_K: 176, q6_K: 210 };

export function isKQuant(type: string): type is KQuantType {
  return type in K_QUANT_BLOCK_BYTES;
}

const fr = Math.fround;

/** Super-blocks in `bytes`, checking they hold exactly `count` weights in whole super-blocks. */
function superBlocks(type: KQuantType, bytes: Uint8Array, count: number): number {
  if (count % SUPER_BLOCK !== 0) throw new RangeError(`${type}: ${count} weights are not a whole number of ${SUPER_BLOCK}-weight super-blocks (rows must be multiples of ${SUPER_BLOCK})`);
  const size = K_QUANT_BLOCK_BYTES[type];
  if (bytes.byteLength % size !== 0) throw new RangeError(`${type}: ${bytes.byteLength} bytes are not a whole number of ${size}-byte super-blocks`);
  if (bytes.byteLength / size !== count / SUPER_BLOCK) {
    throw new RangeError(`${type}: ${bytes.byteLength / size} super-blocks hold ${(bytes.byteLength / size) * SUPER_BLOCK} weights, not ${count}`);
  }
  return count / SUPER_BLOCK;
}

/** The weights of consecutive super-blocks (GGUF's bytes), in order, into `into` where given (of exactly `count`). */
export function dequantizeKQuant(type: KQuantType, bytes: Uint8Array, count: number, into?: Float32Array): Float32Array {
  superBlocks(type, bytes, count);
  if (into && into.length !== count) throw new RangeError(`${type}: an output of ${into.length} values given for ${count}`);
  return dequantizeSuperBlocks(type, bytes, K_QUANT_BLOCK_BYTES[type], into ?? new Float32Array(count));
}

/**
 * The super-blocks that start every `stride` bytes of `bytes` (GGUF's size, or formats.ts's words,
 * which pad q6_K's 210 bytes to 212), dequantized into `out`, whose length says how many: no copy of
 * the bytes, and no array made where the caller reuses one (on this VM a fresh array's first touch
 * cost more than the work).
 */
export function dequantizeSuperBlocks(type: KQuantType, bytes: Uint8Array, stride: number, out: Float32Array): Float32Array {
  const blocks = out.length / SUPER_BLOCK;
  if (!Number.isInteger(blocks) || bytes.byteLength < (blocks - 1) * stride + K_QUANT_BLOCK_BYTES[type]) {
    throw new RangeError(`${type}: ${bytes.byteLength} bytes do not hold ${out.length} values in super-blocks every ${stride} bytes`);
  }
  const scaleMins = new Float32Array(16);
  for (let b = 0; b < blocks; b++) {
    if (type === 'q6_K') dequantizeQ6(bytes, b * stride, out, b * SUPER_BLOCK);
    else dequantizeQ45(bytes, b * stride, out, b * SUPER_BLOCK, type === 'q5_K', scaleMins);
  }
  return out;
}

/**
 * k-quant super-blocks of consecutive 256-value runs of x, as GGUF's bytes. Shaped as ggml's
 * quantize_row_q4_K_ref / _q5_K_ref / _q6_K_ref, without their iterative search for each sub-block's
 * scale: the same format, a little more error than llama.cpp's own files. q4_K, q5_K: sub-block scales
 * and mins to 6 bits against the largest, d and dmin as f16, the quants from the rounded scales, each
 * sub-block's scale and min from its range (min(x, 0) .. max(x)). q6_K: the 16 sub-block scales to int8
 * against the largest (-128 d = that scale), each mapping its sub-block's value of largest magnitude to
 * q = 0 (-32 levels, where ggml's make_qx_quants starts). Throws an UnstorableValueError where a super-block's
 * scales overflow f16.
 */
export function quantizeKQuant(type: KQuantType, x: Float32Array): Uint8Array {
  if (x.length % SUPER_BLOCK !== 0) throw new RangeError(`${type}: ${x.length} values are not a whole number of ${SUPER_BLOCK}-value super-blocks`);
  const size = K_QUANT_BLOCK_BYTES[type];
  const bytes = new Uint8Array((x.length / SUPER_BLOCK) * size);
  const [scales, scaleMins] = [new Float32Array(16), new Float32Array(16)];
  for (let b = 0; b < x.length / SUPER_BLOCK; b++) {
    if (type === 'q6_K') quantizeQ6Block(x, b * SUPER_BLOCK, bytes, b * size, b, scales);
    else quantizeQ45Block(x, b * SUPER_BLOCK, bytes, b * size, b, type === 'q5_K', scales, scaleMins);
  }
  return bytes;
}

// The quantizers, as the dequantizers, write the super-block at byte `out` of `bytes` with no view
// or array made per super-block (`scales` and `scaleMins` are reused), and round with roundHalfUp:
// about twice as fast, the bytes unchanged.

/**
 * Math.round(v) of a v below 2^52 in magnitude (as an integer: -0 is 0), which V8 did not inline here
 * (5 times slower than this): floor(v + 0.5), but for the one v where v + 0.5 rounds up to the next
 * integer, 0.5 - 2^-54.
 */
export function roundHalfUp(v: number): number {
  const q = Math.floor(v + 0.5);
  return q - 0.5 > v ? q - 1 : q; // q - 0.5 is exact; q - v would round
}

/** A q4_K / q5_K sub-block's scale or min as a level of 63 against the largest of its super-block. */
function sixBitLevel(v: number, max: number): number {
  return max > 0 ? Math.min(63, roundHalfUp((63 / max) * v)) : 0;
}

function quantizeQ45Block(x: Float32Array, at: number, bytes: Uint8Array, out: number, index: number, fifthBit: boolean, scales: Float32Array, scaleMins: Float32Array): void {
  const top = fifthBit ? 31 : 15;
  // Sub-block s's range as a scale (at s) and a min (at 8 + s); scaleMins then takes q45ScaleMins' rounded ones.
  let highest = 0;
  let maxScale = 0;
  let maxMin = 0;
  for (let s = 0; s < 8; s++) {
    let lo = 0; // weight = scale * q - min with min >= 0: the range always reaches down to 0
    let hi = 0;
    for (let l = at + 32 * s; l < at + 32 * s + 32; l++) {
      const v = x[l]!;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    highest = Math.max(highest, hi);
    scales[s] = (hi - lo) / top; // rounded to float32 as it is stored
    scales[8 + s] = 0 - lo; // not -lo: -0 would store dmin as f16 -0
    maxScale = Math.max(maxScale, scales[s]!);
    maxMin = Math.max(maxMin, scales[8 + s]!);
  }
  const dBits = f16Bits(fr(maxScale / 63));
  const dminBits = f16Bits(fr(maxMin / 63));
  const type = fifthBit ? 'q5_K' : 'q4_K';
  if ((dBits & 0x7c00) === 0x7c00 || (dminBits & 0x7c00) === 0x7c00) {
    const reason = `super-block ${index} spans ${(-maxMin).toPrecision(3)} .. ${highest.toPrecision(3)}, past what its f16 scales hold`;
    throw new UnstorableValueError(`${type}: ${reason}`, reason, index);
  }
  bytes[out] = dBits & 0xff;
  bytes[out + 1] = dBits >> 8;
  bytes[out + 2] = dminBits & 0xff;
  bytes[out + 3] = dminBits >> 8;
  const packed = out + 4;
  for (let s = 0; s < 8; s++) {
    const ls = sixBitLevel(scales[s]!, maxScale);
    const lm = sixBitLevel(scales[8 + s]!, maxMin);
    if (s < 4) {
      bytes[packed + s] = ls;
      bytes[packed + s + 4] = lm;
    } else {
      bytes[packed + s + 4] = (ls & 0xf) | ((lm & 0xf) << 4);
      bytes[packed + s - 4]! |= (ls >> 4) << 6;
      bytes[packed + s]! |= (lm >> 4) << 6;
    }
  }
  q45ScaleMins(bytes, out, scaleMins);
  const qh = out + 16;
  const qs = out + (fifthBit ? 48 : 16);
  for (let s = 0; s < 8; s++) {
    const scale = scaleMins[2 * s]!;
    const min = scaleMins[2 * s + 1]!;
    const to = qs + 32 * (s >> 1);
    const shift = 4 * (s & 1);
    for (let l = 0; l < 32; l++) {
      const q = scale ? Math.max(0, Math.min(top, roundHalfUp((x[at + 32 * s + l]! + min) / scale))) : 0;
      bytes[to + l]! |= (q & 15) << shift;
      if (fifthBit) bytes[qh + l]! |= (q >> 4) << s;
    }
  }
}

function quantizeQ6Block(x: Float32Array, at: number, bytes: Uint8Array, out: number, index: number, scales: Float32Array): void {
  let maxScale = 0;
  let peak = 0;
  for (let s = 0; s < 16; s++) {
    let max = 0; // the value of largest magnitude (the first such, with its sign)
    let amax = 0;
    for (let l = at + 16 * s; l < at + 16 * s + 16; l++) {
      const v = x[l]!;
      if (Math.abs(v) > amax) {
        amax = Math.abs(v);
        max = v;
      }
    }
    scales[s] = max / -32; // rounded to float32 as it is stored
    if (Math.abs(scales[s]!) > Math.abs(maxScale)) {
      maxScale = scales[s]!;
      peak = max;
    }
  }
  if (maxScale === 0) return; // all zeros: the block stays zero bytes
  const iscale = fr(-128 / maxScale);
  const dBits = f16Bits(fr(1 / iscale));
  if ((dBits & 0x7c00) === 0x7c00) {
    const reason = `super-block ${index} reaches ${peak.toPrecision(3)}, past what its f16 scale holds`;
    throw new UnstorableValueError(`q6_K: ${reason}`, reason, index);
  }
  bytes[out + 208] = dBits & 0xff;
  bytes[out + 209] = dBits >> 8;
  const d = f16Value(dBits);
  for (let s = 0; s < 16; s++) {
    const sc = Math.min(127, roundHalfUp(fr(iscale * scales[s]!)));
    bytes[out + 192 + s] = sc & 0xff;
    const step = fr(d * sc);
    // Weight 16 s + l is weight j = 16 (s & 1) + l of group g = (s >> 1) & 3 of half s >> 3 (the layout above).
    const [half, g, j] = [s >> 3, (s >> 1) & 3, 16 * (s & 1)];
    const low = out + 64 * half + 32 * (g & 1) + j;
    const lowShift = g < 2 ? 0 : 4;
    const high = out + 128 + 32 * half + j;
    for (let l = 0; l < 16; l++) {
      const q = (step ? Math.max(-32, Math.min(31, roundHalfUp(x[at + 16 * s + l]! / step))) : 0) + 32;
      bytes[low + l]! |= (q & 15) << lowShift;
      bytes[high + l]! |= (q >> 4) << (2 * g);
    }
  }
}

/**
 * The first super-block whose f16 d (or, q4_K / q5_K, dmin) is infinite or NaN, or undefined. Such a scale
 * makes every weight of the super-block NaN: the file is damaged.
 */
export function firstNonFiniteScale(type: KQuantType, bytes: Uint8Array): { block: number; field: 'd' | 'dmin' } | undefined {
  return firstNonFiniteField(bytes, K_QUANT_BLOCK_BYTES[type], type === 'q6_K' ? [['d', 208]] : [['d', 0], ['dmin', 2]]);
}

/**
 * Scale and min of sub-block j (0..7), 6 bits each, from scales[12] (ggml's get_scale_min_k4): j < 4 in the
 * low 6 bits of bytes j (scale) and j + 4 (min); j >= 4 with their low 4 bits in the nibbles of byte j + 4
 * (scale low, min high) and their top 2 bits in the top 2 bits of bytes j - 4 (scale) and j (min).
 */
export function scaleMinK4(scales: Uint8Array, j: number): [number, number] {
  const packed = packedScaleMin(scales, 0, j);
  return [packed & 63, packed >> 8];
}

/** scaleMinK4 of the scales[12] at byte `at`, as one number: the scale, and the min times 256 (no array made). */
function packedScaleMin(bytes: Uint8Array, at: number, j: number): number {
  if (j < 4) return (bytes[at + j]! & 63) | ((bytes[at + j + 4]! & 63) << 8);
  const sc = (bytes[at + j + 4]! & 0xf) | ((bytes[at + j - 4]! >> 6) << 4);
  const m = (bytes[at + j + 4]! >> 4) | ((bytes[at + j]! >> 6) << 4);
  return sc | (m << 8);
}

/**
 * Into `into`, sub-block s's scale d * sc at 2 s and min dmin * m at 2 s + 1 (float32, as ggml computes
 * them: a Float32Array's store rounds) of the q4_K / q5_K super-block at byte `at`.
 */
function q45ScaleMins(bytes: Uint8Array, at: number, into: Float32Array): Float32Array {
  const halves = f16ValueTable();
  const d = halves[f16BitsAt(bytes, at)]!;
  const dmin = halves[f16BitsAt(bytes, at + 2)]!;
  for (let s = 0; s < 8; s++) {
    const packed = packedScaleMin(bytes, at + 4, s);
    into[2 * s] = d * (packed & 63);
    into[2 * s + 1] = dmin * (packed >> 8);
  }
  return into;
}

// The dequantizers read the file's bytes at offsets, with no view or array made per super-block or
// sub-block, and no branch per weight: 6-9 times as fast as with them (a mixed q, k and v stack of
// a Q4_K_M file is dequantized whole at load).

/** The q4_K / q5_K super-block at byte `at` into y from `o`; `scaleMins` is q45ScaleMins' scratch. */
function dequantizeQ45(bytes: Uint8Array, at: number, y: Float32Array, o: number, fifthBit: boolean, scaleMins: Float32Array): void {
  q45ScaleMins(bytes, at, scaleMins);
  const qh = at + 16; // q4_K: its nibbles, read and masked away
  const qs = at + (fifthBit ? 48 : 16);
  const high = fifthBit ? 1 : 0;
  for (let s = 0; s < 8; s++) {
    const scale = scaleMins[2 * s]!;
    const min = scaleMins[2 * s + 1]!;
    const from = qs + 32 * (s >> 1);
    const shift = 4 * (s & 1);
    const to = o + 32 * s;
    for (let l = 0; l < 32; l++) {
      const q = ((bytes[from + l]! >> shift) & 0xf) | (((bytes[qh + l]! >> s) & high) << 4);
      y[to + l] = fr(scale * q) - min;
    }
  }
}

/** The q6_K super-block at byte `at` into y from `o`. */
function dequantizeQ6(bytes: Uint8Array, at: number, y: Float32Array, o: number): void {
  const d = f16ValueTable()[f16BitsAt(bytes, at + 208)]!;
  for (let half = 0; half < 2; half++) {
    const ql = at + 64 * half;
    const qh = at + 128 + 32 * half;
    for (let i = 0; i < 4; i++) {
      const low = ql + 32 * (i & 1);
      const lowShift = i < 2 ? 0 : 4;
      // Weights l and l + 16 of the 32 are in sub-blocks of 16 with scales[8 half + 2 i] and the next, int8s.
      for (let part = 0; part < 2; part++) {
        const step = fr(d * ((bytes[at + 192 + 8 * half + 2 * i + part]! << 24) >> 24));
        const to = o + 128 * half + 32 * i;
        for (let l = 16 * part; l < 16 * part + 16; l++) {
          const q = (((bytes[low + l]! >> lowShift) & 0xf) | (((bytes[qh + l]! >> (2 * i)) & 3) << 4)) - 32;
          y[to + l] = step * q;
        }
      }
    }
  }
}

/**
 * What the GGUF loader attaches to a matrix it dequantized from k-quant blocks, or from the legacy
 * formats no kernel reads (legacy.ts), and stores q8_0: the file's types (a stacked qkv may mix them)
 * and a way to dequantize its exact values again, so that a dtype asked for on load converts from
 * those rather than from the q8_0 rounding (src/model/convert.ts).
 */
export interface KQuantOrigin {
  types: Array<KQuantType | LegacyQuantType>;
  values: () => Float32Array;
  /** Why the loader kept them f32, not q8_0 (a block past what q8_0's f16 scale holds). */
  f32Because?: string;
}

export type FromKQuant = StoredTensor & { kQuant?: KQuantOrigin };

export function kQuantOrigin(t: StoredTensor): KQuantOrigin | undefined {
  return (t as FromKQuant).kQuant;
}
