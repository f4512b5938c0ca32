// Row selection of stored tensors, in any format: a matrix's rows (or a vector's values) picked,
// reordered or stacked without dequantizing, and the reordering of RoPE's half-split pairs into
// interleaved ones. The loaders stack q, k and v with it. Used by the GGUF writer (which splits and reorders qkv as llama.cpp stores
// it) and by src/model/interleave-rope.ts (which reorders it for the decode step).

import { BLOCK_WEIGHTS, BLOCK_WORDS, deferredRowRuns, deferredTensor, eachRowRun, isBlockDType, largestKnown, type RowRun, rowsFillWords, type StoredTensor, withLargest } from '../../quant/formats.js';

/** The tensor's data as whole rows of `perRow` units (floats, 16-bit halves or block words). */
function rowUnits(t: StoredTensor): { units: Float32Array | Uint16Array | Uint32Array; perRow: number } {
  const K = t.shape.length === 2 ? t.shape[1]! : 1;
  const data = t.data; // once: a deferred tensor's is made at each read
  if (t.dtype === 'f32') return { units: data as Float32Array, perRow: K };
  if (isBlockDType(t.dtype)) return { units: data as Uint32Array, perRow: (K / BLOCK_WEIGHTS[t.dtype]) * BLOCK_WORDS[t.dtype] };
  const count = t.shape.reduce((a, b) => a * b, 1);
  return { units: new Uint16Array(data.buffer, data.byteOffset, count), perRow: K };
}

/** A tensor made of the given rows of `t` ('nk' matrix or vector), in order. */
export function pickRows(t: StoredTensor, rows: number[]): StoredTensor {
  const { units, perRow } = rowUnits(t);
  const picked = new (units.constructor as new (n: number) => typeof units)(rows.length * perRow);
  rows.forEach((r, i) => picked.set(units.subarray(r * perRow, (r + 1) * perRow), i * perRow));
  const shape = t.shape.length === 2 ? [rows.length, t.shape[1]!] : [rows.length];
  const data = picked instanceof Uint16Array ? packWords(picked) : picked;
  return { shape, dtype: t.dtype, data, ...(t.layout ? { layout: t.layout } : {}) };
}

function packWords(halves: Uint16Array): Uint32Array {
  const words = new Uint32Array(Math.ceil(halves.length / 2));
  new Uint16Array(words.buffer, 0, halves.length).set(halves);
  return words;
}

/**
 * The rows of `parts` (one dtype: 'nk' matrices of one K, or vectors) one after another: q, k and v
 * as one projection. Its data is made at each read from each part's data read once
 * (deferredTensor), so that a stack is not held beside its parts before it uploads; a matrix whose
 * rows fill whole words is also made a run of rows at a time, each part's runs in turn
 * (deferredRowRuns), so that the upload need not hold it, nor its parts, whole.
 */
export function stackedRows(parts: StoredTensor[]): StoredTensor {
  const [first] = parts;
  if (!first || parts.some((p) => p.dtype !== first.dtype || p.shape.length !== first.shape.length || p.shape[1] !== first.shape[1])) {
    throw new RangeError(`rows stack from tensors of one dtype and row length, got ${parts.map((p) => `${p.dtype} [${p.shape.join(', ')}]`).join(', ')}`);
  }
  if (parts.some((p) => p.layout === 'kn')) throw new RangeError("rows stack from 'nk' matrices: a 'kn' matrix's rows are its columns");
  const rows = parts.reduce((n, p) => n + p.shape[0]!, 0);
  const shape = first.shape.length === 2 ? [rows, first.shape[1]!] : [rows];
  const info = { shape, dtype: first.dtype, ...(shape.length === 2 ? { layout: 'nk' as const } : {}) };
  const whole = () => {
    const runs = parts.map((p) => rowUnits(p).units);
    const out = new (runs[0]!.constructor as new (n: number) => (typeof runs)[number])(runs.reduce((n, u) => n + u.length, 0));
    runs.reduce((at, u) => (out.set(u, at), at + u.length), 0);
    return out instanceof Uint16Array ? packWords(out) : out; // 16-bit parts of odd length share a word at a join
  };
  const byRuns = shape.length === 2 && rowsFillWords(first.dtype, shape[1]!);
  const stack = byRuns ? deferredRowRuns(info, whole, () => partsRuns(parts)) : deferredTensor(info, whole);
  // The parts' largest magnitudes, where their checks found each.
  return withLargest(stack, () => {
    const each = parts.map(largestKnown);
    return each.every((m) => m !== undefined) ? Math.max(...each) : undefined;
  });
}

/** Each part's runs of rows in turn, numbered as rows of their stack. */
function* partsRuns(parts: StoredTensor[]): Generator<RowRun, void, void> {
  let at = 0;
  for (const part of parts) {
    for (const run of eachRowRun(part)) yield { first: at + run.first, rows: run.rows, data: run.data };
    at += part.shape[0]!;
  }
}

/** The tensor's rows cut into consecutive runs of `counts` rows. */
export function splitRows(t: StoredTensor, counts: number[]): StoredTensor[] {
  let start = 0;
  return counts.map((n) => {
    const rows = Array.from({ length: n }, (_, i) => start + i);
    start += n;
    return pickRows(t, rows);
  });
}

/**
 * The row order that makes RoPE's half-split pairs (i, i + R/2) of each of `heads` heads of
 * `headSize` rows the interleaved pairs (2i, 2i + 1), R = rotaryDim (the rows past R keep their
 * place): llama.cpp's permute.
 */
export function interleavedRopeRows(heads: number, headSize: number, rotaryDim: number): number[] {
  const rows: number[] = [];
  for (let h = 0; h < heads; h++) {
    const base = h * headSize;
    for (let i = 0; i < rotaryDim / 2; i++) rows.push(base + i, base + i + rotaryDim / 2);
    for (let i = rotaryDim; i < headSize; i++) rows.push(base + i);
  }
  return rows;
}
