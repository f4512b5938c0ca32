// ggml's legacy 32-weight block formats q4_1, q5_0 and q5_1 on the CPU: dequantization as ggml's
// dequantize_row_q4_1 / _q5_0 / _q5_1 compute it (float32 arithmetic), and a check of their f16 scales.
// llama.cpp's Q4_K_M / Q5_K_M files use them for tensors whose rows are not a multiple of 256; no GPU
// kernel reads them: the loader converts their values to q8_0. No quantizers. Tested in
// tests/quant/legacy.test.ts.
// Layouts (ggml-common.h), byte offsets within a block, blocks packed back to back (so unaligned):
//   q4_1 (20)  0 f16 d, 2 f16 m, 4 qs[16]                 weight = d * q + m,    q of 4 bits
//   q5_0 (22)  0 f16 d, 2 qh[4], 6 qs[16]                 weight = d * (q - 16), q of 5 bits
//   q5_1 (24)  0 f16 d, 2 f16 m, 4 qh[4], 8 qs[16]        weight = d * q + m,    q of 5 bits
// Weight j (0..15) has its low 4 bits in the low nibble of qs[j], weight j + 16 in the high nibble;
// the 5th bit of weight i (0..31) is bit i of qh, a little-endian u32.

import { BLOCK_SIZE } from './formats.js';
import { f16BitsAt, f16ValueTable, firstNonFiniteField } from './half.js';

export type LegacyQuantType = 'q4_1' | 'q5_0' | 'q5_1';

/** Bytes per 32-weight block (BLOCK_SIZE) in a GGUF file. */
export const LEGACY_BLOCK_BYTES: Record<LegacyQuantType, number> = { q4_1: 20, q5_0: 22, q5_1: 24 };

export function isLegacyQuant(type: string): type is LegacyQuantType {
  return Object.hasOwn(LEGACY_BLOCK_BYTES, type);
}

const fr = Math.fround;

/**
 * The weights of consecutive blocks, in order, into `into` where given (of exactly `count`); `count`
 * must be whole blocks and match the bytes.
 */
export function dequantizeLegacy(type: LegacyQuantType, bytes: Uint8Array, count: number, into?: Float32Array): Float32Array {
  if (count % BLOCK_SIZE !== 0) throw new RangeError(`${type}: ${count} weights are not a whole number of ${BLOCK_SIZE}-weight blocks`);
  const size = LEGACY_BLOCK_BYTES[type];
  if (bytes.byteLength !== (count / BLOCK_SIZE) * size) {
    throw new RangeError(`${type}: ${bytes.byteLength} bytes are not ${count / BLOCK_SIZE} blocks of ${size} bytes (${count} weights)`);
  }
  const halves = f16ValueTable();
  const qsAt = size - 16; // the nibbles end every block, qh (q5_0, q5_1) just before them
  const offset = type === 'q5_0' ? 16 : 0;
  if (into && into.length !== count) throw new RangeError(`${type}: an output of ${into.length} values given for ${count}`);
  const out = into ?? new Float32Array(count);
  for (let b = 0, at = 0; at < bytes.byteLength; b += BLOCK_SIZE, at += size) {
    const d = halves[f16BitsAt(bytes, at)]!;
    // q5_0 has no min: adding -0 leaves every product as it is, -0 included (+0 would not).
    const m = type === 'q5_0' ? -0 : halves[f16BitsAt(bytes, at + 2)]!;
    const h = at + qsAt - 4;
    const qh = type === 'q4_1' ? 0 : (bytes[h]! | (bytes[h + 1]! << 8) | (bytes[h + 2]! << 16) | (bytes[h + 3]! << 24)) >>> 0;
    for (let j = 0; j < 16; j++) {
      const byte = bytes[at + qsAt + j]!;
      const x0 = ((byte & 0xf) | (((qh >>> j) << 4) & 0x10)) - offset;
      const x1 = ((byte >> 4) | ((qh >>> (j + 12)) & 0x10)) - offset;
      out[b + j] = fr(fr(x0 * d) + m);
      out[b + j + 16] = fr(fr(x1 * d) + m);
    }
  }
  return out;
}

/**
 * The first block whose f16 d (or, q4_1 / q5_1, m) is infinite or NaN, or undefined. Such a scale makes
 * every weight of the block NaN or infinite: the file is damaged.
 */
export function firstNonFiniteLegacyScale(type: LegacyQuantType, bytes: Uint8Array): { block: number; field: 'd' | 'm' } | undefined {
  return firstNonFiniteField(bytes, LEGACY_BLOCK_BYTES[type], type === 'q5_0' ? [['d', 0]] : [['d', 0], ['m', 2]]);
}
