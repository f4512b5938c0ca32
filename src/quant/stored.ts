// Float32 tensors to and from every storage format of formats.ts: toStored packs (f16 and bf16
// pairs, q8_0, q4_0 and k-quant blocks along K, transposing a 'kn' matrix to 'nk' first), toFloat32
// unpacks, so that a CPU reference can run on exactly the weights a kernel reads; transposedToRows
// turns an f32 'kn' matrix into 'nk', for a profile that reads those faster.

import { dequantizeBlocks, quantizeBlocks, scaleHolds } from './blocks.js';
import { BLOCK_WEIGHTS, BLOCK_WORDS, isBlockDType, largestKnown, rowRunsOf, scaleOfWord, sizedOutput, storedBytes, storedLength, WEIGHT_DTYPES, type BlockDType, type StoredTensor, type WeightDType } from './formats.js';
import { isKQuant } from './kquants.js';
import { bf16BitsOfFloat32, bf16Holds, bf16Value, f16BitsOfFloat32, f16Holds, f16Value, f16ValueTable, UnstorableValueError } from './half.js';

/** A float32 tensor: HostTensor and an f32 StoredTensor are both one. */
export interface FloatTensor {
  shape: number[];
  data: Float32Array;
  layout?: 'nk' | 'kn';
}

/** Throws a RangeError naming the allowed dtypes unless `dtype` is one. */
export function checkDType(dtype: unknown, what = 'dtype'): asserts dtype is WeightDType {
  if (!WEIGHT_DTYPES.includes(dtype as WeightDType)) {
    throw new RangeError(`${what} must be one of ${WEIGHT_DTYPES.join(', ')}, got ${JSON.stringify(dtype)}`);
  }
}

/** The length of the rows blocks run along: K, the last dimension once stored 'nk' (a vector: its length). */
export function blockRowLength(shape: readonly number[], layout: 'nk' | 'kn' | undefined): number {
  if (shape.length === 2 && layout === 'kn') return shape[0]!;
  return shape[shape.length - 1] ?? 1;
}

/** A weight matrix's K (inputs), N (outputs) and layout, from its shape as stored ('nk' unless it says 'kn'). */
export function matrixDims(t: { shape: readonly number[]; layout?: 'nk' | 'kn' }): { K: number; N: number; layout: 'nk' | 'kn' } {
  const layout = t.layout ?? 'nk';
  const [rows, cols] = t.shape as [number, number];
  return layout === 'nk' ? { N: rows, K: cols, layout } : { K: rows, N: cols, layout };
}

/** The bytes of a tensor's data, from its shape and dtype: without reading a deferred tensor's data (formats.ts). */
export function storedTensorBytes(t: Pick<StoredTensor, 'shape' | 'dtype' | 'layout'>): number {
  return storedBytes(t.dtype, t.shape.reduce((n, d) => n * d, 1), blockRowLength(t.shape, t.layout));
}

/**
 * The index of the first value `dtype` cannot store as it is, or -1: NaN and infinities for every
 * dtype but f32 (a quantizer would turn them into a level), and for f16 and bf16 magnitudes past
 * their largest finite value (they would round to infinity).
 */
function firstUnstorable(data: Float32Array, dtype: WeightDType): number {
  if (dtype === 'f32') return -1;
  if (dtype === 'f16' || dtype === 'bf16') {
    const holds = dtype === 'f16' ? f16Holds : bf16Holds;
    for (let i = 0; i < data.length; i++) if (!holds(data[i]!)) return i;
    return -1;
  }
  return firstNonFinite(data);
}

/**
 * Whether every value of a tensor converts to `dtype` as it is, so that toStored will not throw:
 * its largest magnitude does, as firstUnstorable's rule and a block's scale (scaleHolds) both grow
 * with a value's magnitude. For the k-quants a sufficient bound, not the exact one: a largest
 * magnitude within f16's range (their f16 scales are it over 63 or more). f32 and 16-bit tensors
 * take one pass over the bits, none widened; block formats are settled by a bound from their scales
 * (largestScaled), or else dequantized a run at a time. A NaN or infinity is false. A tensor made a
 * run of rows at a time (deferredRowRuns) is read so; one whose check found its largest magnitude
 * (withLargest: a 16-bit file's matrix) is not read at all.
 */
export function storesAll(t: StoredTensor, dtype: Exclude<WeightDType, 'f32'>): boolean {
  const known = largestKnown(t);
  if (known !== undefined) return holdsLargest(dtype, known);
  const runs = rowRunsOf(t);
  if (!runs) return storesAllOf(t, dtype);
  for (const run of runs()) if (!storesAllOf({ shape: [run.rows, t.shape[1]!], dtype: t.dtype, data: run.data, layout: 'nk' }, dtype)) return false;
  return true;
}

function storesAllOf(t: StoredTensor, dtype: Exclude<WeightDType, 'f32'>): boolean {
  const data = t.data;
  const count = t.shape.reduce((n, d) => n * d, 1);
  const words = storedLength(t.dtype, count, blockRowLength(t.shape, t.layout));
  if (data.length !== words) throw new RangeError(`${t.dtype} tensor [${t.shape.join(', ')}] holds ${data.length} words, not the ${words} its shape needs`);
  let amax: number;
  if (t.dtype === 'f32') {
    const bits = new Uint32Array(data.buffer, data.byteOffset, count);
    let top = 0;
    for (let i = 0; i < count; i++) top = Math.max(top, bits[i]! & 0x7fffffff); // magnitudes order as their bits do
    amax = new Float32Array(Uint32Array.of(top).buffer)[0]!;
  } else if (t.dtype === 'f16' || t.dtype === 'bf16') {
    const halves = new Uint16Array(data.buffer, data.byteOffset, count);
    let top = 0;
    for (let i = 0; i < count; i++) top = Math.max(top, halves[i]! & 0x7fff);
    amax = (t.dtype === 'f16' ? f16Value : bf16Value)(top);
  } else {
    // A bound from the scales alone, which settles nearly every tensor without its quants read.
    if (holdsLargest(dtype, largestScaled(t.dtype, data as Uint32Array))) return true;
    amax = largestDequantized(t.dtype, data as Uint32Array);
  }
  return holdsLargest(dtype, amax);
}

/** Whether `dtype` stores every value of a tensor whose largest magnitude is `amax` (NaN: no). */
function holdsLargest(dtype: Exclude<WeightDType, 'f32'>, amax: number): boolean {
  if (!Number.isFinite(amax)) return false;
  if (dtype === 'f16' || isKQuant(dtype)) return f16Holds(amax);
  if (dtype === 'bf16') return bf16Holds(amax);
  return scaleHolds(dtype, amax);
}

/** The largest quant's magnitude a q8_0 or q4_0 block may hold (-128, -8). */
const LARGEST_QUANT = { q8_0: 128, q4_0: 8 } as const;

/**
 * A bound on a block-format tensor's largest magnitude from its scales alone, rounded to f32 as a value
 * is (so never below the value): q8_0 and q4_0 each |scale| times the largest quant its format has;
 * q4_K and q5_K |d| 63 (15 or 31) + |dmin| 63 (6-bit scales and mins); q6_K |d| 128 32 (int8 scales,
 * quants -32 .. 31). Every product and sum is exact in float64 (f16 values times small integers).
 */
function largestScaled(dtype: BlockDType, data: Uint32Array): number {
  const words = BLOCK_WORDS[dtype];
  let top = 0;
  if (isKQuant(dtype)) {
    const halves = new Uint16Array(data.buffer, data.byteOffset, 2 * data.length);
    const table = f16ValueTable();
    // The f16 d (and dmin) in 16-bit halves of a super-block's words: bytes 0 and 2, q6_K's byte 208.
    const [dAt, top6] = dtype === 'q6_K' ? [104, 128 * 32] : [0, 63 * (dtype === 'q5_K' ? 31 : 15)];
    for (let b = 0; b < data.length; b += words) {
      const d = Math.abs(table[halves[2 * b + dAt]!]!);
      const dmin = dtype === 'q6_K' ? 0 : Math.abs(table[halves[2 * b + 1]!]!);
      top = Math.max(top, d * top6 + dmin * 63);
    }
    return Math.fround(top);
  }
  for (let b = 0; b < data.length; b += words) top = Math.max(top, Math.abs(scaleOfWord(data[b]!)));
  return Math.fround(top * LARGEST_QUANT[dtype]);
}

/** Values a k-quant tensor is dequantized at a time to find its largest: never the whole matrix in f32. */
const DEQUANTIZED_VALUES = 1 << 20;

/**
 * The largest magnitude of a block-format tensor's values (NaN if one is), as dequantizeBlocks gives
 * them: for q8_0 and q4_0 each block's |scale| times its largest |quant|, rounded to f32 as
 * dequantizeBlocks's product is (a third of a load's time went to dequantizing them whole); the
 * k-quants dequantized a run of blocks at a time.
 */
function largestDequantized(dtype: BlockDType, data: Uint32Array): number {
  const words = BLOCK_WORDS[dtype];
  let top = 0;
  if (isKQuant(dtype)) {
    const run = words * (DEQUANTIZED_VALUES / BLOCK_WEIGHTS[dtype]);
    const into = new Float32Array(DEQUANTIZED_VALUES); // one array for every run
    for (let at = 0; at < data.length; at += run) {
      const part = data.subarray(at, at + run);
      const values = dequantizeBlocks(dtype, part, into.subarray(0, (part.length / words) * BLOCK_WEIGHTS[dtype]));
      for (let i = 0; i < values.length; i++) top = Math.max(top, Math.abs(values[i]!));
    }
    return top;
  }
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  for (let b = 0; b < data.length; b += words) {
    let q = 0;
    for (let i = 4 * b + 4; i < 4 * (b + words); i++) {
      const byte = bytes[i]!;
      // q8_0: a signed byte; q4_0: two nibbles, each less 8 (as blocks.ts dequantizes them).
      q = Math.max(q, dtype === 'q8_0' ? Math.abs((byte << 24) >> 24) : Math.max(Math.abs((byte & 15) - 8), Math.abs((byte >> 4) - 8)));
    }
    top = Math.max(top, Math.fround(Math.abs(scaleOfWord(data[b]!)) * q));
  }
  return top;
}

/** The index of the first NaN or infinity, or -1: one pass (x - x is 0 for every finite x and NaN for the rest). */
export function firstNonFinite(data: Float32Array): number {
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    if (x - x !== 0) return i;
  }
  return -1;
}

// The largest finite value of each 16-bit format, for messages.
const LARGEST = { f16: '65504', bf16: '3.3895e38' } as const;

/**
 * The tensor in `dtype`; block dtypes need whole blocks along K (32, k-quants 256) and store a 'kn'
 * matrix transposed to 'nk'. Throws a RangeError for a value `dtype` cannot store (firstUnstorable): an
 * UnstorableValueError for a finite one past f16's range or past what a block's f16 scale holds.
 * `into` (16-bit and block dtypes) takes the words, sized to them exactly.
 */
export function toStored(t: FloatTensor, dtype: WeightDType, into?: Uint32Array): StoredTensor {
  checkDType(dtype);
  const layout = t.layout ? { layout: t.layout } : {};
  if (dtype === 'f32') return { shape: t.shape, dtype, data: t.data, ...layout };
  const count = t.shape.reduce((n, d) => n * d, 1);
  if (t.data.length !== count) throw new RangeError(`a tensor of shape [${t.shape.join(', ')}] holds ${count} values, not the ${t.data.length} given`);
  // q8_0 and q4_0 meet a NaN or infinity as they quantize, without a pass of their own.
  const quantizerChecks = dtype === 'q8_0' || dtype === 'q4_0';
  if (!quantizerChecks) refuseUnstorable(t, dtype);
  if (dtype === 'f16' || dtype === 'bf16') return { shape: t.shape, dtype, data: packHalves(t.data, dtype, into), ...layout };
  const K = blockRowLength(t.shape, t.layout);
  if (K % BLOCK_WEIGHTS[dtype] !== 0) {
    if (quantizerChecks) refuseUnstorable(t, dtype); // a value that cannot convert is said first, as for every dtype
    throw new RangeError(`${dtype} quantizes rows of ${BLOCK_WEIGHTS[dtype]} along K; this tensor's K is ${K} (shape [${t.shape.join(', ')}])`);
  }
  const rows = t.layout === 'kn' ? transpose(t.data, K, t.data.length / K) : t.data;
  try {
    return { ...storedShape(t, dtype), dtype, data: quantizeBlocks(dtype, rows, into) };
  } catch (e) {
    // A NaN or infinity is said as the other dtypes say it (its index in t, not in the transposed rows),
    // and before a block past its scale's range that comes earlier.
    if (quantizerChecks && e instanceof RangeError) refuseUnstorable(t, dtype);
    throw e;
  }
}

/** Throws for the first value of `t` that `dtype` cannot store (firstUnstorable), naming it. */
function refuseUnstorable(t: FloatTensor, dtype: WeightDType): void {
  const bad = firstUnstorable(t.data, dtype);
  if (bad < 0) return;
  const value = t.data[bad]!;
  if (!Number.isFinite(value)) throw new RangeError(`${dtype} cannot store element ${bad} of the tensor [${t.shape.join(', ')}], ${value}: only finite values convert`);
  const largest = LARGEST[dtype as 'f16' | 'bf16'];
  throw new UnstorableValueError(
    `${dtype} cannot store element ${bad} of the tensor [${t.shape.join(', ')}], ${value}: ${dtype} holds finite values up to ${largest}`,
    `it holds ${value}, past ${dtype}'s largest finite ${largest}`,
    bad,
  );
}

/** The shape and layout toStored gives a tensor in `dtype`: a block format's matrix 'nk', (K, N) 'kn' transposed to (N, K). */
export function storedShape(t: Pick<StoredTensor, 'shape' | 'layout'>, dtype: WeightDType): Pick<StoredTensor, 'shape' | 'layout'> {
  if (!isBlockDType(dtype)) return { shape: t.shape, ...(t.layout ? { layout: t.layout } : {}) };
  const shape = t.layout === 'kn' ? [t.shape[1]!, t.shape[0]!] : t.shape;
  return { shape, ...(t.shape.length === 2 ? { layout: 'nk' as const } : {}) };
}

/**
 * The tensor's values as float32 (f32 data is shared, not copied), in its stored shape and layout;
 * the others made in `into` where given, sized to them exactly.
 */
export function toFloat32(t: StoredTensor, into?: Float32Array): FloatTensor {
  const layout = t.layout ? { layout: t.layout } : {};
  const count = t.shape.reduce((n, d) => n * d, 1);
  let data: Float32Array;
  if (t.dtype === 'f32') data = t.data as Float32Array;
  else if (t.dtype === 'f16' || t.dtype === 'bf16') data = unpackHalves(t.data as Uint32Array, count, t.dtype, into);
  else data = dequantizeBlocks(t.dtype, t.data as Uint32Array, into);
  if (data.length !== count) throw new RangeError(`${t.dtype} tensor [${t.shape.join(', ')}] holds ${data.length} values, not ${count}`);
  return { shape: t.shape, data, ...layout };
}

/**
 * Element 2i in the low half of word i, 2i + 1 in the high half, rounded to f16 or bf16. A word a
 * turn, the rounding chosen inside the loop (both inline): a rounding passed as a function, called
 * for both formats, and a read-modify-write per element were most of an f16 load's packing time.
 */
function packHalves(x: Float32Array, dtype: 'f16' | 'bf16', into?: Uint32Array): Uint32Array {
  const f16 = dtype === 'f16';
  const half = (b: number) => (f16 ? f16BitsOfFloat32(b) : bf16BitsOfFloat32(b));
  const bits = new Uint32Array(x.buffer, x.byteOffset, x.length);
  const out = sizedOutput(into, Math.ceil(x.length / 2), Uint32Array);
  const pairs = x.length >> 1;
  for (let i = 0; i < pairs; i++) out[i] = half(bits[2 * i]!) | (half(bits[2 * i + 1]!) << 16);
  if (x.length & 1) out[pairs] = half(bits[x.length - 1]!);
  return out;
}

function unpackHalves(words: Uint32Array, count: number, dtype: 'f16' | 'bf16', into?: Float32Array): Float32Array {
  if (words.length !== Math.ceil(count / 2)) throw new RangeError(`${words.length} words cannot hold ${count} 16-bit values`);
  const out = sizedOutput(into, count, Float32Array);
  // A word a turn, both halves: a shift by the element's parity was a third of the time.
  const pairs = count >> 1;
  if (dtype === 'bf16') {
    const bits = new Uint32Array(out.buffer, out.byteOffset, count); // a bf16 is the high half of a float32's bits
    for (let i = 0; i < pairs; i++) {
      const word = words[i]!;
      bits[2 * i] = word << 16;
      bits[2 * i + 1] = word & 0xffff0000;
    }
    if (count & 1) bits[count - 1] = words[pairs]! << 16;
  } else {
    const values = f16ValueTable();
    for (let i = 0; i < pairs; i++) {
      const word = words[i]!;
      out[2 * i] = values[word & 0xffff]!;
      out[2 * i + 1] = values[word >>> 16]!;
    }
    if (count & 1) out[count - 1] = values[words[pairs]! & 0xffff]!;
  }
  return out;
}

/** An f32 (K, N) 'kn' matrix as the same matrix stored (N, K), 'nk': row by row. */
export function transposedToRows(t: StoredTensor): StoredTensor {
  if (t.layout !== 'kn' || t.shape.length !== 2 || t.dtype !== 'f32') {
    throw new RangeError(`only an f32 matrix stored 'kn' is transposed to rows, got ${t.dtype} [${t.shape.join(', ')}] '${t.layout ?? 'nk'}'`);
  }
  const [K, N] = t.shape as [number, number];
  return { shape: [N, K], dtype: 'f32', data: transpose(t.data as Float32Array, K, N), layout: 'nk' };
}

/** (rows, cols) row-major to (cols, rows). */
function transpose(x: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(x.length);
  // In 32 x 32 tiles, so that the column writes of a tile stay in the cache.
  const TILE = 32;
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const [r1, c1] = [Math.min(r0 + TILE, rows), Math.min(c0 + TILE, cols)];
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) out[c * rows + r] = x[r * cols + c]!;
    }
  }
  return out;
}
