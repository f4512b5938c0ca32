// Shared WGSL that reads weights in any storage format of src/quant/formats.ts (f32, f16 and bf16
// pairs, q8_0 and q4_0 blocks with float32 scales, q4_K super-blocks), dequantizing to f32 as it loads: the element
// type of the storage array, loaders of 4 consecutive values of a row (the linear kernels, via
// shaders/linear.ts) and of one value (the embedding). Not a kernel by itself. CPU twin: src/quant/.

import { BLOCK_WORDS, isBlockDType, type WeightDType } from '../src/quant/formats.js';
import { unroll } from './unroll.js';

/**
 * The storage array's element type: vec4 loads read f32 as vec4<f32> and f16/bf16 as vec2<u32>
 * (4 values); block formats are always u32 words, whatever the load width.
 */
export function weightElementType(dtype: WeightDType, vec4: boolean): string {
  if (dtype === 'f32') return vec4 ? 'vec4<f32>' : 'f32';
  if (dtype === 'f16' || dtype === 'bf16') return vec4 ? 'vec2<u32>' : 'u32';
  return 'u32';
}

/** `fn {name}Pair(v: u32) -> vec2<f32>`: the two 16-bit values of a word, low half first. */
function pairDecoder(name: string, dtype: 'f16' | 'bf16'): string {
  // unpack2x16float needs no shader-f16; bf16 is the high half of an f32.
  const body = dtype === 'f16' ? 'unpack2x16float(v)' : 'vec2<f32>(bitcast<f32>(v << 16u), bitcast<f32>(v & 0xffff0000u))';
  return `fn ${name}Pair(v: u32) -> vec2<f32> { return ${body}; }`;
}

/**
 * `{name}Start(row)`, `{name}Load(start, c4)`: values 4 c4 .. 4 c4 + 3 of a row of `len` values,
 * dequantized; `{name}At(row, c4)`: the same for any c4, zero past the row. Non-block formats:
 * `vec4` reads needs len % 4 == 0 (Load does not check c4); scalar reads are zero past the row.
 * Block formats: len % 32 == 0 (the host checks), so both widths are the same code.
 */
export function weightRowLoaders(name: string, len: string, vec4: boolean, dtype: WeightDType): string {
  const at = `fn ${name}At(row: u32, c4: u32) -> vec4<f32> {
  let n4 = ${len} / 4u;
  return select(vec4<f32>(0.0), ${name}Load(${name}Start(row), min(c4, n4 - 1u)), c4 < n4);
}`;
  if (dtype === 'q4_K') return `${superBlockQuad(name, len)}\n${at}`;
  if (isBlockDType(dtype)) return `${blockQuad(name, len, dtype)}\n${at}`;
  if (dtype === 'f32') return f32Loaders(name, len, vec4, at);
  const pair = pairDecoder(name, dtype);
  if (vec4) {
    return `${pair}
fn ${name}Start(row: u32) -> u32 { return row * (${len} / 4u); }
fn ${name}Load(start: u32, c4: u32) -> vec4<f32> {
  let q = ${name}[start + c4];
  return vec4<f32>(${name}Pair(q.x), ${name}Pair(q.y));
}
${at}`;
  }
  const element = (j: number) => `select(0.0, ${name}Value(start + min(c + ${j}u, ${len} - 1u)), c + ${j}u < ${len})`;
  return `${pair}
fn ${name}Value(e: u32) -> f32 { return ${name}Pair(${name}[e >> 1u])[e & 1u]; }
fn ${name}Start(row: u32) -> u32 { return row * ${len}; }
fn ${name}Load(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(${unroll(4, element, ', ')});
}
fn ${name}At(row: u32, c4: u32) -> vec4<f32> { return ${name}Load(${name}Start(row), c4); }`;
}

function f32Loaders(name: string, len: string, vec4: boolean, at: string): string {
  if (vec4) {
    return `fn ${name}Start(row: u32) -> u32 { return row * (${len} / 4u); }
fn ${name}Load(start: u32, c4: u32) -> vec4<f32> { return ${name}[start + c4]; }
${at}`;
  }
  const element = (j: number) => `select(0.0, ${name}[start + min(c + ${j}u, ${len} - 1u)], c + ${j}u < ${len})`;
  return `fn ${name}Start(row: u32) -> u32 { return row * ${len}; }
fn ${name}Load(start: u32, c4: u32) -> vec4<f32> {
  let c = 4u * c4;
  return vec4<f32>(${unroll(4, element, ', ')});
}
fn ${name}At(row: u32, c4: u32) -> vec4<f32> { return ${name}Load(${name}Start(row), c4); }`;
}

/** Start and Load of a block format: start is the row's first word; quad c4 % 8 of block c4 / 8. */
function blockQuad(name: string, len: string, dtype: 'q8_0' | 'q4_0'): string {
  const W = BLOCK_WORDS[dtype];
  // q4_0: quads 0..3 are the low nibbles of words 1..4, quads 4..7 their high nibbles.
  const quants = dtype === 'q8_0' ? `${name}Quad(start, b, i)` : `${name}Quads(start, b, i & 3u)[i >> 2u]`;
  return `fn ${name}Start(row: u32) -> u32 { return row * (${len} / 32u) * ${W}u; }
${blockParts(name, dtype)}
fn ${name}Load(start: u32, c4: u32) -> vec4<f32> {
  let b = c4 / 8u;
  let i = c4 % 8u;
  return ${name}Scale(start, b) * ${quants};
}`;
}

/**
 * q4_K's Start and Load (kquants.ts's layout, GGUF's bytes as words): start is the row's first word;
 * vec4 c4 is values 4 v .. 4 v + 3 (v = c4 % 16) of 64-value chunk c4 / 16, whose 8 words hold its
 * first sub-block in their low nibbles and its second in their high ones. For loops over chunks c
 * (super-block c / 4, sub-blocks 2 (c % 4) and 2 (c % 4) + 1): \`{name}Nibbles(start, c, i)\`, word i
 * (< 8) of the chunk read as q4_0's are, both halves in place; \`{name}ChunkScaleMin(start, c, high)\`,
 * the (scale, min) of its low (0) or high (1) sub-block.
 */
function superBlockQuad(name: string, len: string): string {
  return `fn ${name}Start(row: u32) -> u32 { return row * (${len} / 256u) * ${BLOCK_WORDS.q4_K}u; }
${superBlockParts(name)}
fn ${name}Nibbles(start: u32, c: u32, i: u32) -> mat2x4<f32> {
  let q = ${name}[start + (c / 4u) * ${BLOCK_WORDS.q4_K}u + 4u + 8u * (c % 4u) + i];
  ${NIBBLES_IN_PLACE}
}
fn ${name}ChunkScaleMin(start: u32, c: u32, high: u32) -> vec2<f32> {
  return ${name}ScaleMin(start + (c / 4u) * ${BLOCK_WORDS.q4_K}u, 2u * (c % 4u) + high);
}
fn ${name}Load(start: u32, c4: u32) -> vec4<f32> {
  let c = c4 / 16u;
  let high = (c4 % 16u) / 8u;
  let sm = ${name}ChunkScaleMin(start, c, high);
  return sm.x * (${name}Nibbles(start, c, c4 % 8u)[high] * ${NIBBLE_UNPLACE}) - sm.y;
}`;
}

/**
 * \`{name}ScaleMin(sb, j)\`: sub-block j's scale d * sc and min dmin * m of the q4_K super-block at word
 * sb, its 6-bit sc and m unpacked from scales[12] as kquants.ts's scaleMinK4 does.
 */
function superBlockParts(name: string): string {
  return `fn ${name}ScaleByte(sb: u32, i: u32) -> u32 { return (${name}[sb + 1u + i / 4u] >> (8u * (i % 4u))) & 0xffu; }
fn ${name}ScaleMin(sb: u32, j: u32) -> vec2<f32> {
  let dm = unpack2x16float(${name}[sb]);
  let low = ${name}ScaleByte(sb, j % 4u);
  let mid = ${name}ScaleByte(sb, j % 4u + 4u);
  let top = ${name}ScaleByte(sb, j % 4u + 8u);
  let sc = select(low & 63u, (top & 15u) | ((low >> 6u) << 4u), j >= 4u);
  let m = select(mid & 63u, (top >> 4u) | ((mid >> 6u) << 4u), j >= 4u);
  return dm * vec2<f32>(f32(sc), f32(m));
}`;
}

/**
 * The place values of the 4 nibbles {name}Nibbles masks out of each half of a q4_0 word (bits
 * 8j.. and 8j + 4..): 256^j. A loop that multiplies x's quad by their inverses, NIBBLE_UNPLACE,
 * multiplies the masked nibbles as they are, without shifting each one down.
 */
export const NIBBLE_UNPLACE = 'vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08)';

/** WGSL returning word q's low and high nibbles, each times its place value 256^j (q4_0, q4_K). */
const NIBBLES_IN_PLACE = `let places = vec4<u32>(0xfu, 0xf00u, 0xf0000u, 0xf000000u);
  // Below 2^28: exact as i32 and as f32.
  return mat2x4<f32>(vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q) & places)), vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q >> 4u) & places)));`;

/** The inverse of the place value of q8_0's quants in {name}QuadHigh: 2^-24. */
export const QUAD_HIGH_UNPLACE = '5.9604644775390625e-08';

/**
 * For loops over whole blocks (a row's block b from its Start): `{name}Scale(start, b)`, the
 * block's d; q8_0: `{name}Quad(start, b, i)`, quants 4i .. 4i + 3 (i < 8) as f32, and
 * `{name}QuadHigh(start, b, i)`, the same times 2^24 (each byte moved to the top of an i32, which
 * keeps its sign: 1-2 operations instead of 2, the 2^-24 left to a loop's block sum); q4_0:
 * `{name}Quads(start, b, i)`, columns quants 4i .. 4i + 3 and 16 + 4i .. (i < 4), nibble - 8,
 * and `{name}Nibbles(start, b, i)`, the same nibbles times their place values 256^(0..3), without
 * the - 8: a GEMV multiplies them by x * NIBBLE_UNPLACE and subtracts 8 * the sum of x's block once
 * (2 operations a weight instead of 4, the most a software adapter spends on a q4_0 weight).
 * Weight = d * quant, so a loop can scale a block's sum once.
 */
function blockParts(name: string, dtype: 'q8_0' | 'q4_0'): string {
  const W = BLOCK_WORDS[dtype];
  const scale = `fn ${name}Scale(start: u32, b: u32) -> f32 { return bitcast<f32>(${name}[start + b * ${W}u]); }`;
  if (dtype === 'q8_0') {
    return `${scale}
fn ${name}QuadHigh(start: u32, b: u32, i: u32) -> vec4<f32> {
  let q = ${name}[start + b * ${W}u + 1u + i];
  let top = 0xff000000u;
  return vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(q << 24u, (q << 16u) & top, (q << 8u) & top, q & top)));
}
fn ${name}Quad(start: u32, b: u32, i: u32) -> vec4<f32> { return ${name}QuadHigh(start, b, i) * ${QUAD_HIGH_UNPLACE}; }`;
  }
  return `${scale}
fn ${name}Nibbles(start: u32, b: u32, i: u32) -> mat2x4<f32> {
  let q = ${name}[start + b * ${W}u + 1u + i];
  ${NIBBLES_IN_PLACE}
}
fn ${name}Quads(start: u32, b: u32, i: u32) -> mat2x4<f32> {
  let n = ${name}Nibbles(start, b, i);
  return mat2x4<f32>(n[0] * ${NIBBLE_UNPLACE} - 8.0, n[1] * ${NIBBLE_UNPLACE} - 8.0);
}`;
}

/** `fn {name}Value(row, c) -> f32`: value c of row `row` of a (rows, len) array, dequantized. */
export function weightValue(name: string, len: string, dtype: WeightDType): string {
  if (dtype === 'f32') return `fn ${name}Value(row: u32, c: u32) -> f32 { return ${name}[row * ${len} + c]; }`;
  if (dtype === 'f16' || dtype === 'bf16') {
    return `${pairDecoder(name, dtype)}
fn ${name}Value(row: u32, c: u32) -> f32 {
  let e = row * ${len} + c;
  return ${name}Pair(${name}[e >> 1u])[e & 1u];
}`;
  }
  if (dtype === 'q4_K') {
    return `${superBlockParts(name)}
fn ${name}Value(row: u32, c: u32) -> f32 {
  let sb = (row * (${len} / 256u) + c / 256u) * ${BLOCK_WORDS.q4_K}u;
  let i = c % 256u;
  let l = i % 32u;
  let byte = (${name}[sb + 4u + 8u * (i / 64u) + l / 4u] >> (8u * (l % 4u))) & 0xffu;
  let sm = ${name}ScaleMin(sb, i / 32u);
  return sm.x * f32((byte >> (4u * ((i / 32u) % 2u))) & 15u) - sm.y;
}`;
  }
  const W = BLOCK_WORDS[dtype];
  const quant = dtype === 'q8_0'
    ? `f32((bitcast<i32>(${name}[b + 1u + j / 4u]) << (24u - 8u * (j % 4u))) >> 24u)`
    : `f32((${name}[b + 1u + (j % 16u) / 4u] >> (8u * (j % 4u) + select(0u, 4u, j >= 16u))) & 15u) - 8.0`;
  return `fn ${name}Value(row: u32, c: u32) -> f32 {
  let b = (row * (${len} / 32u) + c / 32u) * ${W}u;
  let j = c % 32u;
  return bitcast<f32>(${name}[b]) * (${quant});
}`;
}
