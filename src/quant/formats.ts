// The weight storage formats the GPU kernels read, and how GGUF's blocks map onto them. Every
// format is an array of u32 words on the GPU (f32 is the exception: plain floats):
//   f16, bf16  two 16-bit values per word, element 2i in the low half, 2i+1 in the high half,
//              over the tensor's flat row-major order (a last odd element gets a zero high half);
//   q8_0       rows of 32-weight blocks along K, each 9 words: word 0 holds the scale d, an f16
//              value widened to float32 bits, words 1..8 the 32 int8 quants q, 4 per word,
//              little-endian; weight = d * q;
//   q4_0       rows of 32-weight blocks along K, each 5 words: word 0 the scale as in q8_0, words
//              1..4 the 16 bytes of GGUF's block: byte i holds weight i in its low nibble and weight
//              i + 16 in its high nibble; weight = d * (nibble - 8).
//   q4_K, q5_K GGUF's own bytes (ggml's block_q4_K and block_q5_K, 144 and 176 bytes = 36 and 44 words
//              per 256-weight super-block along K: f16 d and dmin, 12 bytes of 6-bit sub-block scales
//              and mins, q5_K's 32 bytes of 5th bits, 128 bytes of nibbles; src/quant/kquants.ts
//              spells it out), 4.5 and 5.5 bits a weight, unwidened: the kernels unpack a sub-block's
//              scale and min once for its 32 weights anyway;
//   q6_K       GGUF's bytes (ggml's block_q6_K, 210 bytes per 256-weight super-block: ql[128] the low
//              4 bits, qh[64] the high 2, 16 int8 sub-block scales, f16 d) and 2 zero bytes, 53
//              words, so that every super-block starts on a word: 6.625 bits a weight.
// The quants and scales are GGUF's (ggml's block_q8_0 / block_q4_0) value for value; the scale
// takes a whole word so that every block starts on a word (34 and 18 bytes do not), and that word
// holds it as float32 (exact: every f16 is a float32) because decoding an f16 costs a software
// adapter's GEMV about a tenth of its time, while the bits of the word were padding anyway.
// Block formats quantize along K, so they are only ever stored in 'nk' layout (N rows of K).

import { f16Bits, f16ValueTable } from './half.js';
import { isKQuant, K_QUANT_BLOCK_BYTES, type KQuantType, SUPER_BLOCK } from './kquants.js';

/** The block formats of 32 weights with one scale. */
export type Block32DType = 'q8_0' | 'q4_0';
/** Every block format: the k-quants' blocks are their 256-weight super-blocks. */
export type BlockDType = Block32DType | KQuantType;
export type WeightDType = 'f32' | 'f16' | 'bf16' | BlockDType;

export const WEIGHT_DTYPES: readonly WeightDType[] = ['f32', 'f16', 'bf16', 'q8_0', 'q4_0', 'q4_K', 'q5_K', 'q6_K'];

/** Weights per block of q8_0 and q4_0. */
export const BLOCK_SIZE = 32;

/** Weights per block (k-quants: per super-block). */
export const BLOCK_WEIGHTS: Record<BlockDType, number> = { q8_0: BLOCK_SIZE, q4_0: BLOCK_SIZE, q4_K: SUPER_BLOCK, q5_K: SUPER_BLOCK, q6_K: SUPER_BLOCK };

/** Bytes per block in a GGUF file: the f16 scale, then the quants (k-quants: the super-block). */
export const GGUF_BLOCK_BYTES: Record<BlockDType, number> = { q8_0: 34, q4_0: 18, ...K_QUANT_BLOCK_BYTES };

/** u32 words per block on the GPU (a k-quant's super-block: its bytes, rounded up to whole words). */
export const BLOCK_WORDS: Record<BlockDType, number> = {
  q8_0: 9, q4_0: 5, q4_K: K_QUANT_BLOCK_BYTES.q4_K / 4, q5_K: K_QUANT_BLOCK_BYTES.q5_K / 4, q6_K: Math.ceil(K_QUANT_BLOCK_BYTES.q6_K / 4),
};

/**
 * A tensor as stored for the GPU: f32 data as floats, every other dtype as packed words. `data` may
 * be made at each read (deferredTensor): code on the load path reads it once, and sizes a tensor
 * with storedTensorBytes (src/quant/stored.ts) instead of `data.byteLength`.
 */
export interface StoredTensor {
  shape: number[];
  dtype: WeightDType;
  data: Float32Array | Uint32Array;
  /** Matrix weights only: which dimension comes first in memory (block formats: always 'nk'). */
  layout?: 'nk' | 'kn';
}

/**
 * A tensor whose `data` is made by `make` at each read and not kept: a GGUF matrix's words are
 * repacked from the file's bytes as the upload writes them, so that a loaded model is not held twice
 * (the file and every tensor's words) before it reaches the GPU. Spreading it reads `data` once.
 */
export function deferredTensor(info: Omit<StoredTensor, 'data'>, make: () => StoredTensor['data']): StoredTensor {
  return Object.defineProperty({ ...info }, 'data', { get: make, enumerable: true }) as StoredTensor;
}

/** Rows `first` .. `first + rows - 1` of an 'nk' matrix as stored: their words (f32: floats). */
export interface RowRun {
  first: number;
  rows: number;
  data: StoredTensor['data'];
}

const ROW_RUNS = Symbol('row runs');

/** Values a run of rows holds (at least a row): a run is made and written in one step of a load. */
const ROW_RUN_VALUES = 1 << 20;

/** Rows a run of an N x K matrix takes (the last may take fewer). */
export function runRows(N: number, K: number): number {
  return Math.min(N, Math.max(1, Math.floor(ROW_RUN_VALUES / K)));
}

/**
 * Whether a row of K values in `dtype` fills whole words, so that a matrix can be made, converted and
 * written a run of rows at a time: a 16-bit row of odd K shares its last word with the next row.
 */
export function rowsFillWords(dtype: WeightDType, K: number): boolean {
  return dtype === 'f32' || isBlockDType(dtype) || K % 2 === 0;
}

/** Each run of an N x K matrix's rows: its first row and how many. */
export function* rowRanges(N: number, K: number): Generator<{ first: number; rows: number }, void, void> {
  const rows = runRows(N, K);
  for (let first = 0; first < N; first += rows) yield { first, rows: Math.min(rows, N - first) };
}

/**
 * A deferredTensor whose data can also be made a run of rows at a time by `runs`, each run's data
 * overwritten by the next (made in the same arrays): the upload writes each run as it comes, so a
 * matrix read, repacked or converted as it uploads (a GGUF's matrix, a safetensors matrix left on
 * disk, stacked q, k and v, convert.ts's asItUploads) is never held whole, in f32 or in its dtype, and the thread is let
 * go between runs. Not enumerable:
 * a spread reads `data` and leaves the runs behind.
 */
export function deferredRowRuns(info: Omit<StoredTensor, 'data'>, make: () => StoredTensor['data'], runs: () => Iterable<RowRun>): StoredTensor {
  return Object.defineProperty(deferredTensor(info, make), ROW_RUNS, { value: runs });
}

/** The tensor's runs of rows (deferredRowRuns), where it was made with them. */
export function rowRunsOf(t: StoredTensor): (() => Iterable<RowRun>) | undefined {
  return (t as StoredTensor & { [ROW_RUNS]?: () => Iterable<RowRun> })[ROW_RUNS];
}

/**
 * An 'nk' matrix's rows in runs (runRows at most): its own where it has them (deferredRowRuns), else
 * views of its data, made once; its rows must fill whole words (a 16-bit row of odd K shares its last).
 */
export function* eachRowRun(t: StoredTensor): Generator<RowRun, void, void> {
  const own = rowRunsOf(t);
  if (own) return yield* own();
  const [N, K] = t.shape as [number, number];
  const data = t.data; // once: a deferred tensor's data is made at each read
  const at = (row: number) => storedLength(t.dtype, row * K, K);
  for (const { first, rows } of rowRanges(N, K)) yield { first, rows, data: data.subarray(at(first), at(first + rows)) };
}

const LARGEST = Symbol('largest magnitude');

/**
 * Gives `t` the largest magnitude among its values as its load's finite check finds it (`largest`:
 * undefined until that check has run, or where it does not find it): the check reads every value,
 * so storesAll need not read the matrix again. Not enumerable: a spread leaves it behind.
 */
export function withLargest(t: StoredTensor, largest: () => number | undefined): StoredTensor {
  return Object.defineProperty(t, LARGEST, { value: largest });
}

/** The largest magnitude among `t`'s values where its check has found it (withLargest). */
export function largestKnown(t: StoredTensor): number | undefined {
  return (t as StoredTensor & { [LARGEST]?: () => number | undefined })[LARGEST]?.();
}

/**
 * `into`, checked to hold exactly `length` values, or a new array: a conversion a run of rows at a
 * time makes each run in the same arrays (a fresh one each run cost a software adapter's host more
 * in page faults than the conversion).
 */
export function sizedOutput<A extends Float32Array | Uint32Array>(into: A | undefined, length: number, make: new (length: number) => A): A {
  if (!into) return new make(length);
  if (into.length !== length) throw new RangeError(`an output of ${into.length} values given for ${length}`);
  return into;
}

export function isBlockDType(dtype: WeightDType): dtype is BlockDType {
  return dtype === 'q8_0' || dtype === 'q4_0' || isKQuant(dtype);
}

/** Words (f32: floats) a tensor of `count` elements in rows of `rowLength` takes in this dtype. */
export function storedLength(dtype: WeightDType, count: number, rowLength: number): number {
  if (dtype === 'f32') return count;
  if (dtype === 'f16' || dtype === 'bf16') return Math.ceil(count / 2);
  const size = BLOCK_WEIGHTS[dtype];
  if (rowLength % size !== 0) throw new RangeError(`${dtype} needs rows whose length is a multiple of ${size}, got ${rowLength}`);
  return (count / size) * BLOCK_WORDS[dtype];
}

/** Bytes on the GPU. */
export function storedBytes(dtype: WeightDType, count: number, rowLength: number): number {
  return 4 * storedLength(dtype, count, rowLength);
}

const scaleFloat = new Float32Array(1);
const scaleBits = new Uint32Array(scaleFloat.buffer);

/** A block's word 0 for the f16 scale with these bits: its value as float32 bits. */
export function scaleWordOfF16(bits: number): number {
  scaleFloat[0] = f16ValueTable()[bits]!;
  return scaleBits[0]!;
}

/** The value of a block's word 0, its scale d. */
export function scaleOfWord(word: number): number {
  scaleBits[0] = word;
  return scaleFloat[0]!;
}

/**
 * A file's little-endian bytes as words (f32 values, or 16-bit pairs as above): the file's own memory
 * where they lie on whole words, else a copy, whose last partial word is zero-padded.
 */
export function wordsOfBytes(bytes: Uint8Array): Uint32Array {
  const { buffer, byteOffset, byteLength } = bytes;
  if (byteOffset % 4 === 0 && byteLength % 4 === 0) return new Uint32Array(buffer, byteOffset, byteLength / 4);
  const words = new Uint32Array(Math.ceil(byteLength / 4));
  new Uint8Array(words.buffer).set(bytes);
  return words;
}

/** GGUF's packed blocks (34, 18, 144, 176 or 210 bytes each) as the GPU's word-aligned blocks (k-quants: a copy, padded). */
export function blocksFromGguf(dtype: BlockDType, bytes: Uint8Array, into?: Uint32Array): Uint32Array {
  const size = GGUF_BLOCK_BYTES[dtype];
  if (bytes.byteLength % size !== 0) throw new RangeError(`${dtype}: ${bytes.byteLength} bytes are not a whole number of ${size}-byte blocks`);
  const blocks = bytes.byteLength / size;
  const words = BLOCK_WORDS[dtype];
  const out = sizedOutput(into, blocks * words, Uint32Array);
  if (isKQuant(dtype)) {
    const padded = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    if (4 * words === size) padded.set(bytes);
    else {
      if (into) out.fill(0); // the padding of an array given
      for (let b = 0; b < blocks; b++) padded.set(bytes.subarray(b * size, (b + 1) * size), 4 * b * words);
    }
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let b = 0; b < blocks; b++) {
    const at = b * size;
    out[b * words] = scaleWordOfF16(view.getUint16(at, true));
    for (let w = 1; w < words; w++) out[b * words + w] = view.getUint32(at + 2 + 4 * (w - 1), true);
  }
  return out;
}

/** The inverse of blocksFromGguf (for writing GGUF files). */
export function blocksToGguf(dtype: BlockDType, data: Uint32Array): Uint8Array {
  const words = BLOCK_WORDS[dtype];
  if (data.length % words !== 0) throw new RangeError(`${dtype}: ${data.length} words are not a whole number of ${words}-word blocks`);
  const blocks = data.length / words;
  const size = GGUF_BLOCK_BYTES[dtype];
  const out = new Uint8Array(blocks * size);
  if (isKQuant(dtype)) {
    const padded = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (4 * words === size) out.set(padded);
    else for (let b = 0; b < blocks; b++) out.set(padded.subarray(4 * b * words, 4 * b * words + size), b * size);
    return out;
  }
  const view = new DataView(out.buffer);
  for (let b = 0; b < blocks; b++) {
    view.setUint16(b * size, f16Bits(scaleOfWord(data[b * words]!)), true); // exact: the word holds an f16 value
    for (let w = 1; w < words; w++) view.setUint32(b * size + 2 + 4 * (w - 1), data[b * words + w]!, true);
  }
  return out;
}
