// Weight dtypes on load: converts the canonical weights to the dtype LoadOptions.dtype asks for,
// and sums up what the GPU will hold (parameters, bytes, dtypes, bytes read per decode token).
// Which tensors convert: the matrices the linear kernels and the embedding read (every layer
// matrix, embed.tokens, lm_head.weight). Norms, biases and learned positions stay f32 whatever is
// asked (their kernels read f32). Under a block dtype a 'kn' matrix is transposed to 'nk' (blocks
// run along K), and a matrix whose K is not a multiple of its blocks (32; the k-quants 256) is
// stored in a 32-value format of at least its bits (q4_0 for q4_K, q8_0 for q5_K and q6_K) where
// K is a multiple of 32, else f16 (noted in the summary, so model.info() says so); a matrix with a
// value past f16's (or bf16's) range, or past what a block's f16 scale holds, stays f32 (noted too). Without a
// dtype, matrices keep the file's precision (F16 and BF16 safetensors, GGUF's formats) and
// everything else is f32. GGUF k-quant q, k and v of different formats come stacked as q8_0
// (gguf-model.ts), and so do GGUF q4_1, q5_0 and q5_1 matrices, which no kernel reads: without a
// dtype they stay q8_0, with one they convert from their exact values (not from the q8_0); a note
// says so. A matrix that needs no note is converted as it uploads
// (convertsAsItUploads), not held converted beside the file.

import { BLOCK_SIZE, BLOCK_WEIGHTS, deferredRowRuns, deferredTensor, eachRowRun, isBlockDType, type RowRun, rowsFillWords, runRows, storedLength, type StoredTensor, type WeightDType } from '../quant/formats.js';
import { isKQuant, kQuantOrigin } from '../quant/kquants.js';
import { isLegacyQuant } from '../quant/legacy.js';
import { UnstorableValueError } from '../quant/half.js';
import { blockRowLength, checkDType, storedShape, storedTensorBytes, storesAll, toFloat32, toStored, type FloatTensor } from '../quant/stored.js';
import type { ModelConfig } from './config.js';
import { lend, takeBack } from './run-memory.js';
import { runSteps, type Steps } from './time-slices.js';

export type StoredWeights = ReadonlyMap<string, StoredTensor>;

/** The 32-value format a k-quant falls back to where K is not a multiple of 256: at least as many bits. */
const SUPER_BLOCK_FALLBACK = { q4_K: 'q4_0', q5_K: 'q8_0', q6_K: 'q8_0' } as const;

/** Whether a canonical tensor is a matrix a linear kernel or the embedding reads (it may take any dtype). */
export function isConvertible(name: string, t: { shape: readonly number[] }): boolean {
  return t.shape.length === 2 && name !== 'embed.positions';
}

/** How far a conversion has got: bytes (as loaded) of the tensors converted, of those that convert. */
export interface ConvertProgress {
  loaded: number;
  total: number;
  /** The tensor just converted; in the first report (loaded 0), the first to convert. */
  file: string;
}

/** The dtype a tensor is stored in under `dtype`, and the note saying why where it is another. */
function targetOf(name: string, t: StoredTensor, dtype: WeightDType | undefined): { target: WeightDType; note?: string } {
  const target = isConvertible(name, t) ? (dtype ?? t.dtype) : 'f32';
  const K = blockRowLength(t.shape, t.layout);
  if (!isBlockDType(target) || K % BLOCK_WEIGHTS[target] === 0) return { target };
  // Super-blocks fall back to blocks of 32 where those fit, the rest to f16.
  const fallback = isKQuant(target) && K % BLOCK_SIZE === 0 ? SUPER_BLOCK_FALLBACK[target] : 'f16';
  return { target: fallback, note: `${name} [${t.shape.join(', ')}] is ${fallback}: its K of ${K} is not a multiple of ${target}'s ${BLOCK_WEIGHTS[target]}-value blocks` };
}

/**
 * The weights in `dtype` (undefined: as loaded), at once (the tests; the engine converts as
 * steps: convertingWeights); `notes` names matrices stored f16 instead of a block dtype,
 * f32 instead of f16, bf16 or a block dtype (a value past the 16-bit range or its blocks' f16 scales), the
 * k-quant matrices with what they became, and counts block-format matrices stored in another format.
 */
export function convertWeights(weights: StoredWeights, dtype: WeightDType | undefined): ConvertedWeights {
  return runSteps(convertingWeights(weights, dtype));
}

export interface ConvertedWeights {
  weights: Map<string, StoredTensor>;
  notes: string[];
}

/** convertWeights as steps (time-slices.ts), a tensor a step; `onProgress` hears of each tensor converted (quantizing a large model takes seconds). */
export function* convertingWeights(weights: StoredWeights, dtype: WeightDType | undefined, onProgress?: (p: ConvertProgress) => void): Steps<ConvertedWeights> {
  if (dtype !== undefined) checkDType(dtype, 'LoadOptions.dtype');
  const out = new Map<string, StoredTensor>();
  const notes: string[] = [];
  const fromKQuants = new Map<WeightDType, string[]>();
  const fromLegacy = new Map<WeightDType, string[]>();
  const requantized = new Map<WeightDType, Map<WeightDType, number>>(); // stored dtype -> the file's block dtype -> matrices
  const planned = [...weights].map(([name, t]) => ({ name, t, ...targetOf(name, t, dtype) }));
  const total = planned.reduce((n, { t, target }) => n + (target !== t.dtype ? storedTensorBytes(t) : 0), 0);
  let converted = 0;
  // Said before the first tensor, the largest often (the embedding: seconds): the load is converting, not stuck reading.
  const first = planned.find(({ t, target }) => target !== t.dtype);
  if (first) onProgress?.({ loaded: 0, total, file: first.name });
  for (const { name, t, target, note } of planned) {
    if (note) notes.push(note);
    const origin = kQuantOrigin(t);
    // What is stored drops the origin (a second way to the values, holding the file's bytes), and
    // is still made as it uploads where the matrix was.
    const layout = t.layout ? { layout: t.layout } : {};
    if (target === t.dtype) {
      if (origin?.f32Because) notes.push(`${name} [${t.shape.join(', ')}] is f32: ${origin.f32Because}`);
      // f32 asked (HostTensor, which training updates in place): data made once, not at each read (deferredTensor).
      if (dtype === 'f32') out.set(name, { shape: t.shape, dtype: t.dtype, data: t.data, ...layout });
      else out.set(name, origin ? deferredTensor({ shape: t.shape, dtype: t.dtype, ...layout }, () => t.data) : t);
    } else {
      if (origin) out.set(name, storedOrF32(name, { shape: t.shape, data: origin.values(), ...layout }, target, notes));
      else if (convertsAsItUploads(t, target)) out.set(name, asItUploads(name, t, target));
      else out.set(name, convertedByRows(name, t, target, notes));
      converted += storedTensorBytes(t);
      onProgress?.({ loaded: converted, total, file: name });
    }
    const stored = out.get(name)!.dtype; // target, or f32 where no block scale holds a value
    if (origin) {
      const named = origin.types.some(isLegacyQuant) ? fromLegacy : fromKQuants;
      named.set(stored, [...(named.get(stored) ?? []), `${name} (${origin.types.join(', ')})`]);
    }
    else if (isBlockDType(t.dtype) && stored !== t.dtype) {
      const from = requantized.get(stored) ?? new Map<WeightDType, number>();
      requantized.set(stored, from.set(t.dtype, (from.get(t.dtype) ?? 0) + 1));
    }
    yield;
  }
  for (const [target, names] of fromKQuants) notes.push(`k-quants of different formats stacked into one matrix and stored ${target}: ${names.join(', ')}`);
  for (const [target, names] of fromLegacy) notes.push(`matrices in block formats no kernel here reads (q4_1, q5_0, q5_1) stored ${target}, converted from their values: ${names.join(', ')}`);
  // A wider format does not bring the checkpoint's weights back: say that these are the file's rounded values.
  for (const [to, from] of requantized) {
    const counts = [...from].map(([dtype, n]) => `${n} ${dtype}`).join(', ');
    notes.push(`matrices stored in a block format in the file (${counts}) are ${to} here, converted from those values (the weights before quantization are not in the file)`);
  }
  return { weights: out, notes };
}

/**
 * Whether `t` is converted to `target` as it uploads (asItUploads), so that its converted copy is not
 * held beside the file's bytes with every other: a matrix whose every value `target` stores
 * (storesAll: a pass over its data, so an f32 stack or a block-format source is made once more here;
 * none for a 16-bit file's matrix, whose finite check found its largest magnitude), so
 * that nothing is left to say. The rest converts now: f32 targets (plain data, which training
 * updates in place), a value that stays f32 with a note, and a k-quant past f16's range.
 */
function convertsAsItUploads(t: StoredTensor, target: WeightDType): boolean {
  return target !== 'f32' && storesAll(t, target);
}

/**
 * `t` in `target`, made at each read of its data (deferredTensor), in the shape and layout toStored
 * gives; a matrix that converts by rows is made a run at a time as it uploads (deferredRowRuns).
 */
function asItUploads(name: string, t: StoredTensor, target: WeightDType): StoredTensor {
  const info = { ...storedShape(t, target), dtype: target };
  // storesAll said every value stores: a fallback to f32 here would be a bug in it, not a note to make late.
  const unstored = (why: string) => new Error(`model weights: ${name} was checked to store as ${target}, but ${why}`);
  const make = () => {
    const converted = convertedByRows(name, t, target, []);
    if (converted.dtype !== target) throw unstored(`is ${converted.dtype}`);
    return converted.data;
  };
  if (!convertsByRows(t, target)) return deferredTensor(info, make);
  return deferredRowRuns(info, make, function* () {
    try {
      yield* convertedRuns(t, target);
    } catch (e) {
      throw e instanceof UnstorableValueError ? unstored(e.reason) : e;
    }
  });
}

/** Words of `rows` rows of K values in `dtype`. */
const rowsWords = (dtype: WeightDType, rows: number, K: number) => storedLength(dtype, rows * K, K);

/**
 * Whether `t` converts to `target` a run of rows at a time (runRows: a 128k-vocabulary embedding is
 * 1 GiB in f32): an 'nk' matrix larger than a run, whose rows fill whole words in both formats (a
 * 16-bit row of odd K shares its last word).
 */
function convertsByRows(t: StoredTensor, target: WeightDType): boolean {
  const [N, K] = t.shape as [number, number];
  return t.shape.length === 2 && t.layout !== 'kn' && target !== 'f32' && rowsFillWords(t.dtype, K) && rowsFillWords(target, K) && runRows(N, K) < N;
}

/**
 * `t` (convertsByRows) in `target`, a run of rows at a time, every run made in the same two arrays
 * (its values in f32, then its words; lent: run-memory.ts): the whole matrix never exists in f32,
 * and a run's words are valid until the next is asked for. Throws toStored's errors.
 */
function* convertedRuns(t: StoredTensor, target: WeightDType): Generator<RowRun, void, void> {
  const [N, K] = t.shape as [number, number];
  const rows = runRows(N, K);
  const values = t.dtype === 'f32' ? undefined : lend(4 * rows * K); // f32 rows are read where they lie
  const words = lend(4 * rowsWords(target, rows, K));
  try {
    for (const run of eachRowRun(t)) {
      const part: StoredTensor = { shape: [run.rows, K], dtype: t.dtype, data: run.data, layout: 'nk' };
      const f32 = toFloat32(part, values && new Float32Array(values, 0, run.rows * K));
      yield { first: run.first, rows: run.rows, data: toStored(f32, target, new Uint32Array(words, 0, rowsWords(target, run.rows, K))).data };
    }
  } finally {
    if (values) takeBack(values);
    takeBack(words);
  }
}

/**
 * `t` in `target`, converted a run of rows at a time where it can be (convertsByRows). Where a run
 * holds a value `target` cannot store, the matrix goes the whole way (storedOrF32: f32, with the note).
 */
function convertedByRows(name: string, t: StoredTensor, target: WeightDType, notes: string[]): StoredTensor {
  const whole = () => storedOrF32(name, toFloat32(t), target, notes);
  if (!convertsByRows(t, target)) return whole();
  const data = new Uint32Array(rowsWords(target, t.shape[0]!, t.shape[1]!));
  try {
    for (const run of convertedRuns(t, target)) data.set(run.data, rowsWords(target, run.first, t.shape[1]!));
  } catch (e) {
    if (!(e instanceof UnstorableValueError)) throw e;
    return whole(); // rare: said with the value's place in the whole matrix
  }
  return { shape: t.shape, dtype: target, data, ...(t.layout ? { layout: t.layout } : {}) };
}

/**
 * The matrix in `target`, or kept f32 with a note where it holds a value `target` cannot: the loaders
 * refuse non-finite weights, so that is a finite one past f16's or bf16's range or past what a block's f16
 * scale holds (a q8_0 block reaching 8.3e6, q4_0 5.2e5), which would otherwise load as infinities.
 */
function storedOrF32(name: string, values: FloatTensor, target: WeightDType, notes: string[]): StoredTensor {
  try {
    return toStored(values, target);
  } catch (e) {
    if (!(e instanceof UnstorableValueError)) throw e;
    notes.push(`${name} [${values.shape.join(', ')}] is f32: ${e.reason}`);
    return toStored(values, 'f32');
  }
}

/** What a model's weights take on the GPU. */
export interface WeightSummary {
  /** Parameters, counting a tied embedding once. */
  parameters: number;
  /** Bytes of weights on the GPU. */
  weightBytes: number;
  /** Tensors in each dtype. */
  weightDTypes: Partial<Record<WeightDType, number>>;
  /** Weight bytes one decode token reads: every layer matrix and the output head (the embedding row is negligible). */
  bytesPerToken: number;
  /** Matrices stored in another dtype than the one asked for, and why. */
  dtypeNotes: string[];
}

export function summarizeWeights(weights: StoredWeights, config: ModelConfig, dtypeNotes: string[] = []): WeightSummary {
  const head = config.tiedEmbeddings ? 'embed.tokens' : 'lm_head.weight';
  const summary: WeightSummary = { parameters: 0, weightBytes: 0, weightDTypes: {}, bytesPerToken: 0, dtypeNotes };
  for (const [name, t] of weights) {
    const count = t.shape.reduce((n, d) => n * d, 1);
    const bytes = storedTensorBytes(t);
    summary.parameters += count;
    summary.weightBytes += bytes;
    summary.weightDTypes[t.dtype] = (summary.weightDTypes[t.dtype] ?? 0) + 1;
    if ((name.startsWith('layers.') && t.shape.length === 2) || name === head) summary.bytesPerToken += bytes;
  }
  return summary;
}
