// Shared WGSL that reads weights in any storage format of src/quant/formats.ts (f32, f16 and bf16
// pairs, q8_0 and q4_0 blocks with float32 scales, the k-quants' super-blocks), dequantizing to f32 as it
// loads: the element type of the storage array, loaders of 4 consecutive values of a row (the linear
// kernels, via shaders/linear.ts) and of one value (the embedding). Not a kernel by itself. CPU
// twin: src/quant/.

import type { Tuning } from '../src/gpu/profile.js';
import { BLOCK_WORDS, isBlockDType, type BlockDType, type WeightDType } from '../src/quant/formats.js';
import { isKQuant, type KQuantType } from '../src/quant/kquants.js';
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

/**
 * How a program turns the 16-bit halves of a word into f32: 'unpack' with unpack2x16float (f16)
 * and a shift (bf16); 'multiply' with no shift and no builtin: f16's bits moved by integer
 * multiplies and one float add, then a float multiply-subtract and a select for subnormal halves;
 * bf16's low half by a multiply (v * 2^16). SwiftShader (Subzero) runs a
 * shader's shifts lane by lane and its unpack2x16float as ~17 operations a half. Alternated in
 * Node, against the read probe: the f16 GEMV 1x768x3072 'kn' 0.33-0.35 -> 0.47-0.52, the f16
 * GPT-2 head 1x768x50257 0.33-0.35 -> 0.44-0.51 (f32 'kn' 0.6, f32 head 0.95-1.06). Dropped: the
 * same without the select (0.58 and 0.56-0.61), as SwiftShader flushes f32 subnormals, which it
 * made of subnormal halves (stories260K's f16 logits 3.5e-4 off: tests/model/dtype.test.ts);
 * min() instead of the select (0.31-0.33 and 0.37-0.42). GPUs convert f16 in hardware and shift
 * at full rate.
 */
export type HalfDecode = 'unpack' | 'multiply';
export const halfDecode: Tuning<HalfDecode> = { gpu: 'unpack', software: 'multiply' };

/**
 * `fn {name}Pair(v: u32) -> vec2<f32>`: the two 16-bit values of a word, low half first. f16 by
 * 'multiply': each half's 15 bits below its sign, m, go to bits 27..13 (m << 13), where 112 added
 * to the exponent field makes them an f32 n, a normal half's magnitude exactly (weights hold no
 * infinity or NaN: the loaders refuse them). A subnormal half's (exponent field 0) reads as
 * n = 2^-15 + its magnitude / 2, below 2^-14, and 2 n - 2^-14 is its magnitude, exactly; the
 * select takes that for those halves (it is computed for every half), and no step makes an f32
 * subnormal, which SwiftShader flushes. Then the sign bit. The low half's m << 13 is v * 2^13,
 * masked; the high half moves down 3 bits through a float add: its bits converted in place are
 * the float m * 2^16, exactly; 2^38 plus that holds 2 m in its low mantissa bits, which an integer
 * multiply by 2^12 takes to bit 13 while the exponent's bits leave the word.
 */
function pairDecoder(name: string, dtype: 'f16' | 'bf16', halves: HalfDecode): string {
  if (dtype === 'f16' && halves === 'multiply') {
    return `fn ${name}Pair(v: u32) -> vec2<f32> {
  let m = vec2<u32>((v * 8192u) & 0x0fffe000u, bitcast<u32>(f32(i32(v & 0x7fff0000u)) + 0x1p38f) * 4096u); // m << 13 of each half
  let n = bitcast<vec2<f32>>(m + 0x38000000u);
  let magnitude = select(n, 2.0 * n - 0x1p-14f, bitcast<vec2<i32>>(m) < vec2<i32>(0x800000));
  return bitcast<vec2<f32>>(bitcast<vec2<u32>>(magnitude) | vec2<u32>((v & 0x8000u) * 65536u, v & 0x80000000u));
}`;
  }
  // unpack2x16float needs no shader-f16; bf16 is the high half of an f32.
  const low = halves === 'multiply' ? 'v * 65536u' : 'v << 16u';
  const body = dtype === 'f16' ? 'unpack2x16float(v)' : `vec2<f32>(bitcast<f32>(${low}), bitcast<f32>(v & 0xffff0000u))`;
  return `fn ${name}Pair(v: u32) -> vec2<f32> { return ${body}; }`;
}

/**
 * `{name}Start(row)`, `{name}Load(start, c4)`: values 4 c4 .. 4 c4 + 3 of a row of `len` values,
 * dequantized; `{name}At(row, c4)`: the same for any c4, zero past the row. Non-block formats:
 * `vec4` reads needs len % 4 == 0 (Load does not check c4); scalar reads are zero past the row.
 * Block formats: len % 32 == 0 (k-quants: len % 256 == 0; the host checks), so both widths are
 * the same code.
 */
export function weightRowLoaders(name: string, len: string, vec4: boolean, dtype: WeightDType, halves: HalfDecode): string {
  const at = `fn ${name}At(row: u32, c4: u32) -> vec4<f32> {
  let n4 = ${len} / 4u;
  return select(vec4<f32>(0.0), ${name}Load(${name}Start(row), min(c4, n4 - 1u)), c4 < n4);
}`;
  if (isKQuant(dtype)) return `${superBlockLoaders(name, len, dtype)}\n${at}`;
  if (isBlockDType(dtype)) return `${blockQuad(name, len, dtype)}\n${at}`;
  if (dtype === 'f32') return f32Loaders(name, len, vec4, at);
  const pair = pairDecoder(name, dtype, halves);
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
  const quants = dtype === 'q8_0' ? `${name}Unplace(${name}InPlace(start, b, i))` : `${name}Unplace(${name}InPlace(start, b, i & 3u), i >> 2u)`;
  return `fn ${name}Start(row: u32) -> u32 { return row * (${len} / 32u) * ${W}u; }
${blockParts(name, dtype)}
fn ${name}Load(start: u32, c4: u32) -> vec4<f32> {
  let b = c4 / 8u;
  let i = c4 % 8u;
  return ${name}Scale(start, b) * ${quants};
}`;
}

/**
 * A k-quant's Start and Load (kquants.ts's layouts: GGUF's bytes as words, q6_K's padded to 53):
 * start is the row's first word, and vec4 c4 of a row is read from its 64-value chunk. For loops
 * over chunks c (super-block c / 4), each two runs of 32 values whose quants share 8 words, the
 * first run's in the low bits of each byte and the second's in the high ones:
 * - \`{name}Words(start, c)\`: the index of chunk c's first quant word and of its first high-bits
 *   word (q5_K's 5th bits, q6_K's top 2; q4_K has none), once a row and chunk;
 * - \`{name}ChunkOf(c)\`: what chunk c's position decides, the same for every row (kQuantChunk);
 * - \`{name}InPlace(at, k, i)\`: word i (< 8) of both runs, their quants in place, by masks,
 *   multiplies and adds, no shift (SwiftShader runs a shader's shifts lane by lane; q4InPlace): the
 *   first run times 256^j, the second times 16 * 256^j (NIBBLE_UNPLACE, HIGH_NIBBLE_UNPLACE), with
 *   k.offsets left in;
 * - the runs' scales: q4_K's and q5_K's \`{name}ScaleMins(start, c, k)\`, q6_K's
 *   \`{name}Scales(start, c, k)\` (kQuantScales);
 * - \`{name}Unplace(n, k, r)\`: run r of an InPlace word as its 4 quants' values (unplaced, offsets
 *   taken off), for loops that dequantize each word (the software matmul);
 * - \`{name}Quants(start, c, k, i, second)\`: the same, reading word i, for Load's vec4 at a time
 *   (the 'gpu' matmul, the embedding).
 * q4_K, q5_K: the runs are sub-blocks 2 (c % 4) and 2 (c % 4) + 1, values 64 c .. 64 c + 63; the
 * nibbles of 8 qs words, q5_K's 5th bits from its 8 qh words (bits 2 (c % 4) and 2 (c % 4) + 1 of
 * each byte). q6_K: half h = (c % 4) / 2 of the super-block, g = c % 2; the runs are values
 * 128 h + 32 g .. and 64 further (x's vec4s 16 c - 8 g .. and 16 further), the low 4 bits from the
 * 8 ql words 16 h + 8 g.., the high 2 from the 8 qh words 32 + 8 h.. (bits 2 g, 2 g + 1 and
 * 2 g + 4, 2 g + 5 of each byte). Quant - 32 is q6_K's value: its offsets hold the 32.
 */
function superBlockLoaders(name: string, len: string, dtype: KQuantType): string {
  const W = BLOCK_WORDS[dtype];
  const words = {
    q4_K: 'let q = sb + 4u + 8u * (c % 4u); return vec2<u32>(q, q);',
    q5_K: 'return vec2<u32>(sb + 12u + 8u * (c % 4u), sb + 4u);',
    q6_K: 'return vec2<u32>(sb + 8u * (c % 4u), sb + 32u + 8u * ((c % 4u) / 2u));',
  }[dtype];
  const common = `fn ${name}Start(row: u32) -> u32 { return row * (${len} / 256u) * ${W}u; }
${pairDecoder(name, 'f16', 'multiply')}
fn ${name}Words(start: u32, c: u32) -> vec2<u32> {
  let sb = start + (c / 4u) * ${W}u;
  ${words}
}
${kQuantChunk(name, dtype)}
fn ${name}InPlace(at: vec2<u32>, k: ${name}Chunk, i: u32) -> mat2x4<f32> {
  let q = ${name}[at.x + i];${dtype === 'q4_K' ? '' : `
  let qh = ${name}[at.y + i];`}
  return ${kQuantInPlace(dtype)};
}
${kQuantScales(name, dtype)}
fn ${name}Unplace(n: mat2x4<f32>, k: ${name}Chunk, r: u32) -> vec4<f32> { return ${unplaceRun('k.offsets')}; }
fn ${name}Quants(start: u32, c: u32, k: ${name}Chunk, i: u32, second: bool) -> vec4<f32> {
  return ${name}Unplace(${name}InPlace(${name}Words(start, c), k, i), k, u32(second));
}`;
  if (dtype === 'q6_K') {
    return `${common}
fn ${name}Load(start: u32, c4: u32) -> vec4<f32> {
  let v = c4 % 64u; // the vec4 within its super-block
  let c = 4u * (c4 / 64u) + 2u * (v / 32u) + (v / 8u) % 2u;
  let second = (v % 32u) >= 16u;
  let i = v % 8u;
  let k = ${name}ChunkOf(c);
  return ${name}Scales(start, c, k)[2u * u32(second) + i / 4u] * ${name}Quants(start, c, k, i, second);
}`;
  }
  return `${common}
fn ${name}Load(start: u32, c4: u32) -> vec4<f32> {
  let c = c4 / 16u;
  let high = (c4 % 16u) >= 8u;
  let k = ${name}ChunkOf(c);
  let sm = ${name}ScaleMins(start, c, k);
  return select(sm.x, sm.z, high) * ${name}Quants(start, c, k, c4 % 8u, high) - select(sm.y, sm.w, high);
}`;
}

/**
 * \`{name}Chunk\` and \`{name}ChunkOf(c)\`: what chunk c's position decides, for any row. The offsets
 * InPlace leaves in, by run: what it reads less the value (quant, or q6_K's quant - 32); the masks,
 * multipliers and offsets of the scales (kQuantScales); and where the high bits of a qh word lie:
 * - the first runs: the mask of the high bits in each byte and the integer multiplier that takes
 *   them to bit 4 beside the low nibble (q6_K: bits 2 g, 2 g + 1, times 16 or 4; q5_K: bit b, times
 *   2^(4 - b), but for b = 6, where the nibble is multiplied by 4 instead, the run's bits masked by
 *   firstPlaces and its sum in units of 4 * 256^j, which its sub-block's scale takes back);
 * - q6_K's second run: the same multiplier takes bits 2 g + 4, 2 g + 5 to bits 8, 9, above the high
 *   nibble (into the next byte's low nibble, which the mask of the high nibbles left empty); the
 *   top byte's, which would leave the word, are masked by topMask and added as a float, times
 *   topMul;
 * - q5_K's second run: the masks of the bits in each byte (byte j's in lane j) and the float
 *   multiplier that takes them to 16 times the run's unit 16 * 256^j (2^(8 - b) for bit b).
 * The top byte's bit 31 is the word's sign as an i32, so InPlace flips it first: its high nibble
 * then reads as nibble - 8 (q4InPlace), a high bit there as bit - 1.
 */
function kQuantChunk(name: string, dtype: KQuantType): string {
  const bytes = 'vec4<u32>(0xffu, 0xff00u, 0xff0000u, 0xff000000u)';
  if (dtype === 'q6_K') {
    // Bits 2 g, 2 g + 1 (first run) and 2 g + 4, 2 g + 5 (second; bit 31 at g == 1); the int8
    // scales of bytes 2 g and 2 g + 1 of two words.
    return `struct ${name}Chunk {
  firstMask: u32, secondMask: u32, highMul: u32, topMask: u32, topMul: f32, offsets: mat2x4<f32>,
  scaleMasks: vec4<u32>, scaleUnplace: vec4<f32>, scaleOffsets: vec4<f32>,
}
fn ${name}ChunkOf(c: u32) -> ${name}Chunk {
  let g = c % 2u;
  let masks = select(vec2<u32>(0xffu, 0xff00u), vec2<u32>(0xff0000u, 0xff000000u), g == 1u);
  let unplace = select(vec2<f32>(1.0, 0x1p-8f), vec2<f32>(0x1p-16f, 0x1p-24f), g == 1u);
  return ${name}Chunk(select(0x03030303u, 0x0c0c0c0cu, g == 1u), select(0x30303030u, 0xc0c0c0c0u, g == 1u), select(16u, 4u, g == 1u),
    select(0x30000000u, 0xc0000000u, g == 1u), select(16.0, 4.0, g == 1u),
    mat2x4<f32>(vec4<f32>(32.0), vec4<f32>(32.0, 32.0, 32.0, select(24.0, -8.0, g == 1u))),
    vec4<u32>(masks, masks), vec4<f32>(unplace, unplace), vec4<f32>(128.0, select(128.0, 0.0, g == 1u), 128.0, select(128.0, 0.0, g == 1u)));
}`;
  }
  const scaleFields = 'upper: bool, lowMasks: vec4<u32>, lowUnplace: vec4<f32>, topMasks: vec4<u32>, topUnplace: vec4<f32>';
  const scaleParts = `let upper = c % 4u >= 2u;
  let j = 2u * (c % 2u); // the bytes of sub-blocks 2 (c % 4) and 2 (c % 4) + 1 (less 4 when upper)
  let place = select(vec2<u32>(0xffu, 0xff00u), vec2<u32>(0xff0000u, 0xff000000u), j == 2u);
  let unplace = select(vec2<f32>(1.0, 0x1p-8f), vec2<f32>(0x1p-16f, 0x1p-24f), j == 2u);
  let low = select(vec2<u32>(0x3f3f3f3fu), vec2<u32>(0x0f0f0f0fu, 0xf0f0f0f0u), upper); // sc's, m's
  let lowUnplace = select(vec2<f32>(1.0), vec2<f32>(1.0, 0.0625), upper);
  let top = select(0u, 0xc0c0c0c0u, upper);`;
  // firstUnit: the first run's unit, which its sub-block's scale (lane 0) takes back.
  const scaleArgs = (firstUnit?: string) => {
    const unit = firstUnit ? ` * vec4<f32>(${firstUnit}, 1.0, 1.0, 1.0)` : '';
    return `upper, vec4<u32>(low, low) & place.xxyy, vec4<f32>(lowUnplace, lowUnplace) * unplace.xxyy${unit},
    vec4<u32>(top) & place.xxyy, vec4<f32>(0.25) * unplace.xxyy${unit}`;
  };
  if (dtype === 'q4_K') {
    return `struct ${name}Chunk { offsets: mat2x4<f32>, ${scaleFields} }
fn ${name}ChunkOf(c: u32) -> ${name}Chunk {
  ${scaleParts}
  return ${name}Chunk(mat2x4<f32>(vec4<f32>(0.0), vec4<f32>(0.0, 0.0, 0.0, -8.0)), ${scaleArgs()});
}`;
  }
  // q5_K: bits b = 2 (c % 4) and b + 1 of each byte; the second's is bit 31 at b == 6. The first
  // run's bit goes up to bit 4 (times 2^(4 - b)), but for b == 6, where the nibble goes up to it
  // instead (times 4: the run in units of 4 * 256^j, which its sub-block's scale takes back: the
  // run has no offsets, so (sum / 4) * scale = sum * (scale / 4)).
  return `struct ${name}Chunk {
  firstMask: u32, firstMul: u32, nibbleMul: u32, firstPlaces: vec4<u32>,
  second: vec4<u32>, secondMul: f32, offsets: mat2x4<f32>, ${scaleFields},
}
fn ${name}ChunkOf(c: u32) -> ${name}Chunk {
  ${scaleParts}
  let b = 2u * (c % 4u);
  let down = b == 6u;
  return ${name}Chunk(0x01010101u << b, select(1u << (4u - b), 1u, down), select(1u, 4u, down),
    vec4<u32>(select(0x1f1f1f1fu, 0x7c7c7c7cu, down)) & ${bytes},
    vec4<u32>(0x02020202u << b) & ${bytes}, ldexp(1.0, 7 - i32(b)),
    mat2x4<f32>(vec4<f32>(0.0), vec4<f32>(0.0, 0.0, 0.0, select(-8.0, -24.0, down))), ${scaleArgs('select(1.0, 0.25, down)')});
}`;
}

/**
 * WGSL: a k-quant word q's (and its high bits qh's) quants of both runs in place, as {name}Chunk
 * says. The first run of q5_K and q6_K is assembled as an integer first (high bits moved up by a
 * multiply, beside the nibble), then masked and converted once: one conversion a byte instead of
 * two (SwiftShader: the q6_K head 1.23 -> 1.4-1.5 GFLOP/s, GPT-2-124M q6_K decode in Node 4.7-5.1
 * -> 5.4-5.6 tokens/s; q5_K 4.9-5.15 -> 5.4-5.9). So is q6_K's second run, its 6-bit quants at
 * bits 4..9 of each byte's place (16 * 256^j), but for the top byte's high bits (5.45-5.9 ->
 * 5.9-6.35 tokens/s). q5_K's second run is not: at bit 7 its 5th bit would need moving down.
 */
function kQuantInPlace(dtype: KQuantType): string {
  if (dtype === 'q4_K') return q4InPlace('q');
  const high = (mask: string, mul: string) => `vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(qh ^ 0x80000000u) & ${mask})) * ${mul}`;
  if (dtype === 'q6_K') {
    const first = inPlaceColumn('(q & 0x0f0f0f0fu) | ((qh & k.firstMask) * k.highMul)', 0x3f);
    const second = `vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(((q & 0xf0f0f0f0u) | ((qh & k.secondMask) * k.highMul)) ^ 0x80000000u) & vec4<u32>(0x3f0u, 0x3f000u, 0x3f00000u, 0xf0000000u)))`;
    const top = `vec4<f32>(0.0, 0.0, 0.0, f32(bitcast<i32>((qh ^ 0x80000000u) & k.topMask)) * k.topMul)`;
    return `mat2x4<f32>(${first}, ${second} + ${top})`;
  }
  // q5_K's first-run bits never reach bit 31, so the flip is harmless there too.
  const first = `vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(((q & 0x0f0f0f0fu) * k.nibbleMul) | ((qh & k.firstMask) * k.firstMul)) & k.firstPlaces))`;
  return `mat2x4<f32>(${first}, ${highNibbles('q')} + ${high('k.second', 'k.secondMul')})`;
}

/**
 * A k-quant's scales, masked in place (no shift) by the chunk's masks. d and dmin are f16 and often
 * subnormal (d is about the largest weight / 4096 in q6_K), which unpack2x16float may flush to zero
 * (WGSL allows it): they are read exactly by the 'multiply' decoder (pairDecoder) on every profile.
 * Damaged (infinite, NaN) scales are refused on load.
 * - q4_K, q5_K: \`{name}ScaleMins(start, c, k)\`, the scales d * sc and mins dmin * m of chunk c's
 *   sub-blocks 2 (c % 4) and 2 (c % 4) + 1, as (scale, min, scale, min). Their 6-bit sc and m (as
 *   kquants.ts's scaleMinK4 unpacks them) are bytes j, j + 1 (j = 2 (c % 2)) of scales[0..3] and
 *   [4..7] (words 1 and 2), masked to 6 bits, for the first two chunks of a super-block; for the
 *   other two, the low (sc) or high (m) nibbles of those bytes of scales[8..11] (word 3) plus the
 *   top 2 bits of those bytes of words 1 (sc) and 2 (m), masked in place and times 2^-2 (from
 *   place 2^6 to 2^4: 16 times their 2-bit value).
 * - q6_K: \`{name}Scales(start, c, k)\`, d times the int8 scales of chunk c's sub-blocks of 16: its
 *   first run's (words 0..3 of InPlace, then 4..7), then its second's; bytes 2 g, 2 g + 1 of scale
 *   words 48 + 2 h (first run) and 49 + 2 h (second), read as q8_0's bytes are: bytes 0..2 with
 *   their sign bits flipped, as value + 128, which k.scaleOffsets takes off; byte 3 as an i32.
 */
function kQuantScales(name: string, dtype: KQuantType): string {
  if (dtype === 'q6_K') {
    return `fn ${name}Scales(start: u32, c: u32, k: ${name}Chunk) -> vec4<f32> {
  let sb = start + (c / 4u) * ${BLOCK_WORDS.q6_K}u;
  let first = ${name}[sb + 48u + 2u * ((c % 4u) / 2u)] ^ 0x808080u;
  let second = ${name}[sb + 49u + 2u * ((c % 4u) / 2u)] ^ 0x808080u;
  let scales = vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(first, first, second, second) & k.scaleMasks)) * k.scaleUnplace - k.scaleOffsets;
  return ${name}Pair(${name}[sb + 52u]).x * scales;
}`;
  }
  // Bits 30..31 of words 1 and 2 and the high nibble of word 3's top byte reach the sign bit: as u32.
  return `fn ${name}ScaleMins(start: u32, c: u32, k: ${name}Chunk) -> vec4<f32> {
  let sb = start + (c / 4u) * ${BLOCK_WORDS[dtype]}u;
  let scales = vec2<u32>(${name}[sb + 1u], ${name}[sb + 2u]);
  let low = select(scales, vec2<u32>(${name}[sb + 3u]), k.upper);
  let six = vec4<f32>(vec4<u32>(low, low) & k.lowMasks) * k.lowUnplace + vec4<f32>(vec4<u32>(scales, scales) & k.topMasks) * k.topUnplace;
  return ${name}Pair(${name}[sb]).xyxy * six;
}`;
}

/** The vec4 of x one block covers (k-quants: a 64-value chunk): 8, 16; 1 for the other formats. */
export function blockVec4s(dtype: WeightDType): number {
  return isKQuant(dtype) ? 16 : isBlockDType(dtype) ? 8 : 1;
}

/** The runs of x one InPlace word of the format holds quants of: q8_0's bytes 1, q4_0's and the k-quants' nibbles 2. */
export function wordRuns(dtype: BlockDType): 1 | 2 {
  return dtype === 'q8_0' ? 1 : 2;
}

/**
 * WGSL: the vec4 of x (in its row) at slot t (< blockVec4s) of block b (the loop's WGSL u32 \`b\`,
 * which must be in scope), plus \`plus\` (a WGSL u32) if given. The slots are numbered as the
 * block's InPlace words hold them, run after run: word i's runs at slots i and 4 + i (q4_0), i and
 * 8 + i (the k-quants); q8_0's word i at slot i. In order, but q6_K's chunk b reads two runs of 8
 * vec4, 16 apart, from 16 b - 8 (b % 2).
 */
export function blockSlot(dtype: BlockDType, t: number, plus = ''): string {
  const first = dtype === 'q6_K' ? `16u * b - 8u * (b % 2u) + ${t >= 8 ? t + 8 : t}u` : `${blockVec4s(dtype)}u * b + ${t}u`;
  return plus ? `${first} + ${plus}` : first;
}

/**
 * The inverse place values 256^-j of quants that sit at the bottom of byte j of a word (the InPlace
 * of q8_0, q4_0's low nibbles and the k-quants): a loop that multiplies x's quad by these multiplies
 * the masked quants as they are, without shifting each one down.
 */
export const NIBBLE_UNPLACE = 'vec4<f32>(1.0, 0.00390625, 1.52587890625e-05, 5.9604644775390625e-08)';

/** WGSL: the bytes of word `word`, each masked to `mask`, in place (times 256^j), as a vec4 (read as i32: a top byte of 0x80 and up is negative). */
function inPlaceColumn(word: string, mask: number): string {
  const places = `vec4<u32>(${unroll(4, (j) => `0x${(mask * 256 ** j).toString(16)}u`, ', ')})`;
  return `vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(${word}) & ${places}))`;
}

/** The inverse place values (16 * 256^j)^-1 of the high nibbles of a word's bytes (the second run of q4_0 and the k-quants, in place). */
export const HIGH_NIBBLE_UNPLACE = 'vec4<f32>(0.0625, 0.000244140625, 9.5367431640625e-07, 3.725290298461914e-09)';

/**
 * WGSL: q4_0's (and q4_K's) nibbles of word \`word\` in place, as (low nibbles times 256^j, high
 * nibbles times 16 * 256^j): masks alone, no shift (SwiftShader runs a shader's shifts lane by lane: the q4_0
 * GPT-2 heads and MLP down 10-12 % faster than with \`word >> 4u\`). The top nibble holds the word's
 * sign bit as an i32: flipped first, it reads as its nibble - 8 (the nibbles 8..15 as 0..7, 0..7
 * as -8..-1), so a run's offset 8 is taken off all the others but that one.
 */
export function q4InPlace(word: string): string {
  return `mat2x4<f32>(${inPlaceColumn(word, 0xf)}, ${highNibbles(word)})`;
}

/** WGSL: the high nibbles of word \`word\`'s bytes in place (times 16 * 256^j), the top one read as nibble - 8 (q4InPlace). */
function highNibbles(word: string): string {
  return `vec4<f32>(bitcast<vec4<i32>>(vec4<u32>(${word} ^ 0x80000000u) & vec4<u32>(0xf0u, 0xf000u, 0xf00000u, 0xf0000000u)))`;
}

/** WGSL: run r of a two-run InPlace word n as its quants' values: unplaced, and \`offsets\` (a mat2x4 by run) taken off. */
function unplaceRun(offsets: string): string {
  return `n[r] * select(${NIBBLE_UNPLACE}, ${HIGH_NIBBLE_UNPLACE}, r == 1u) - ${offsets}[r]`;
}

/** The q4_0 offsets InPlace leaves in, by run: 8 on every nibble but the top one (q4InPlace); the GEMV takes them off once a block. */
export const Q4_OFFSETS = 'mat2x4<f32>(vec4<f32>(8.0), vec4<f32>(8.0, 8.0, 8.0, 0.0))';

/**
 * The offsets of q8_0's bytes in {name}InPlace, by byte: bytes 0..2 read as their int8 value + 128
 * (their sign bits flipped), so that masking leaves a non-negative value in place; byte 3, at the
 * top of the word, keeps its sign as an i32. The GEMV takes them off once a block.
 */
export const Q8_OFFSETS = 'vec4<f32>(128.0, 128.0, 128.0, 0.0)';

/**
 * For loops over whole blocks (a row's block b from its Start): `{name}Scale(start, b)`, the
 * block's d; q8_0: `{name}InPlace(start, b, i)`, quants 4i .. 4i + 3 (i < 8) in place (times
 * 256^j, as q4_0's nibbles), bytes 0..2 offset by Q8_OFFSETS, and `{name}Unplace(n)`, such a word's
 * quants as f32: a GEMV multiplies them by x * NIBBLE_UNPLACE and subtracts 128 times
 * the sum of x's bytes 0..2 once a block (a sign flip and a mask a word, where moving each byte to
 * the top of a word took 3 shifts and 3 masks: the q8_0 GPT-2 head 1.8x as fast on SwiftShader);
 * q4_0: `{name}InPlace(start, b, i)`, the nibbles of quants 4i .. 4i + 3 and 16 + 4i .. (i < 4)
 * in place (q4InPlace), without the offsets Q4_OFFSETS, and `{name}Unplace(n, r)`, run r's as
 * nibble - 8: a GEMV multiplies them by x * NIBBLE_UNPLACE and x * HIGH_NIBBLE_UNPLACE and
 * subtracts 8 times the sum of x's values but every fourth of the second run once a block (2
 * operations a weight instead of 4, the most a software adapter spends on a q4_0 weight).
 * Weight = d * quant, so a loop can scale a block's sum once.
 */
function blockParts(name: string, dtype: 'q8_0' | 'q4_0'): string {
  const W = BLOCK_WORDS[dtype];
  const scale = `fn ${name}Scale(start: u32, b: u32) -> f32 { return bitcast<f32>(${name}[start + b * ${W}u]); }`;
  if (dtype === 'q8_0') {
    // Bytes 0..2 below 2^24, byte 3 an int8 times 2^24: exact as i32 and as f32.
    return `${scale}
fn ${name}InPlace(start: u32, b: u32, i: u32) -> vec4<f32> {
  let q = ${name}[start + b * ${W}u + 1u + i] ^ 0x808080u;
  return ${inPlaceColumn('q', 0xff)};
}
fn ${name}Unplace(n: vec4<f32>) -> vec4<f32> {
  return n * ${NIBBLE_UNPLACE} - ${Q8_OFFSETS};
}`;
  }
  return `${scale}
fn ${name}InPlace(start: u32, b: u32, i: u32) -> mat2x4<f32> {
  let q = ${name}[start + b * ${W}u + 1u + i];
  return ${q4InPlace('q')};
}
fn ${name}Unplace(n: mat2x4<f32>, r: u32) -> vec4<f32> { return ${unplaceRun(Q4_OFFSETS)}; }`;
}

/** `fn {name}Value(row, c) -> f32`: value c of row `row` of a (rows, len) array, dequantized. */
export function weightValue(name: string, len: string, dtype: WeightDType, halves: HalfDecode): string {
  if (dtype === 'f32') return `fn ${name}Value(row: u32, c: u32) -> f32 { return ${name}[row * ${len} + c]; }`;
  if (dtype === 'f16' || dtype === 'bf16') {
    return `${pairDecoder(name, dtype, halves)}
fn ${name}Value(row: u32, c: u32) -> f32 {
  let e = row * ${len} + c;
  return ${name}Pair(${name}[e >> 1u])[e & 1u];
}`;
  }
  if (isKQuant(dtype)) {
    return `${superBlockLoaders(name, len, dtype)}
fn ${name}Value(row: u32, c: u32) -> f32 { return ${name}Load(${name}Start(row), c / 4u)[c % 4u]; }`;
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
