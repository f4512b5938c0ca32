// A parsed GGUF file (gguf.ts) -> the normalised ModelConfig (from the `<arch>.*` keys) and canonical weights
// (from ggml's tensor names), matrices kept in the file's own format (f32, f16, bf16, q8_0, q4_0, q4_K, q5_K,
// q6_K) as StoredTensor, checked (at once, or after the parse: checks.ts) but made from the file's bytes only as they upload (deferredTensor, a run of rows at a time: deferredRowRuns),
// except k-quant q, k and v of different formats, which stack into one matrix as q8_0 with their origin
// attached (kquants.ts's KQuantOrigin) for convert.ts; norms, biases and learned positions widened to f32.
// ggml lists dimensions contiguous-first, so ne = [K, N] is our (N, K) 'nk'. llama.cpp's converter permutes Llama's q and k rows so that RoPE rotates adjacent pairs:
// ropeLayout 'interleaved' reads them as they are; Qwen2's are not permuted ('half'). Every tensor must be used; each error names the file.
// Tests: tests/model/gguf.test.ts.

import type { ModelConfig } from '../config.js';
import { WeightFormatError } from '../../errors.js';
import { quantizeBlocks } from '../../quant/blocks.js';
import { firstNonFiniteField, UnstorableValueError } from '../../quant/half.js';
import {
  BLOCK_SIZE, BLOCK_WORDS, type BlockDType, blocksFromGguf, blocksToGguf, deferredRowRuns, deferredTensor, GGUF_BLOCK_BYTES, isBlockDType, rowsFillWords, runRows,
  storedLength, type StoredTensor, type WeightDType, withLargest, wordsOfBytes,
} from '../../quant/formats.js';
import {
  dequantizeKQuant, firstNonFiniteScale, type FromKQuant, isKQuant, K_QUANT_BLOCK_BYTES, kQuantOrigin, type KQuantType, SUPER_BLOCK,
} from '../../quant/kquants.js';
import { dequantizeLegacy, firstNonFiniteLegacyScale, isLegacyQuant, LEGACY_BLOCK_BYTES, type LegacyQuantType } from '../../quant/legacy.js';
import { toFloat32 } from '../../quant/stored.js';
import type { Steps } from '../time-slices.js';
import { addFinding, type TensorChecks } from './checks.js';
import { checkFiniteBytes } from './finite.js';
import { forEachPiece, rowRunsOfBytes } from './tensor-bytes.js';
import { lend, takeBack } from '../run-memory.js';
import { entryTypeProblem, type GgufEntry, type GgufFile, type GgufTensorInfo, GgufType, GGML_BLOCK } from './gguf.js';
import { HyperParameters } from './hyper-parameters.js';
import { stackedRows } from './rows.js';

export const GGUF_ARCHITECTURES = ['gpt2', 'llama', 'qwen2'] as const;
type GgufArchitecture = (typeof GGUF_ARCHITECTURES)[number];
/** Architectures of Llama's blocks: the same tensors under `<arch>.*` keys. */
type LlamaFamily = Exclude<GgufArchitecture, 'gpt2'>;

/**
 * How each rotates q and k: llama.cpp's converter permutes Llama's rows so that RoPE turns adjacent
 * pairs, and leaves Qwen2's as Hugging Face stores them, for ggml's NEOX rotation of the two halves.
 */
const ROPE_LAYOUTS: Record<LlamaFamily, ModelConfig['ropeLayout']> = { llama: 'interleaved', qwen2: 'half' };

/**
 * The model a GGUF holds, each tensor's values checked by `checks`, as steps (time-slices.ts), a Llama-family layer a step: k-quant q, k and v of
 * different formats (llama.cpp's Q4_K_M) are requantized as their layer is read, seconds in all
 * for a large model.
 */
export function* loadingGguf(gguf: GgufFile, file: string, checks: TensorChecks): Steps<{ config: ModelConfig; weights: Map<string, StoredTensor> }> {
  const m = new Keys(gguf.metadata, file);
  const arch = checkGgufKind(gguf.metadata, gguf.tensors.size, file);
  const r = new TensorTaker(gguf.tensors, file, checks);
  const config = arch === 'gpt2' ? gpt2Config(m, r) : llamaConfig(m, r, arch);
  const weights = arch === 'gpt2' ? gpt2Weights(config, r) : yield* llamaWeights(config, r);
  r.checkAllUsed();
  return { config, weights };
}

/**
 * Refuses a GGUF that is no whole model of an architecture this engine runs, from its header and
 * metadata alone (a load refuses it before its tensors download: source.ts): one part of a split
 * file, a vocabulary without tensors, another architecture. The architecture, when it is one.
 */
function checkGgufKind(metadata: ReadonlyMap<string, GgufEntry>, tensorCount: number, file: string): GgufArchitecture {
  // gguf-split writes each part with split.count and split.no (the architecture in the first only).
  const parts = metadata.get('split.count')?.value;
  if (typeof parts === 'number' && parts > 1) {
    const no = metadata.get('split.no')?.value;
    throw new WeightFormatError(`${file}: ${typeof no === 'number' ? `part ${no + 1} of ${parts}` : `one of ${parts} parts`} of a split GGUF (split.count), which does not load here: merge the parts into one file first (llama-gguf-split --merge)`);
  }
  if (tensorCount === 0) {
    throw new WeightFormatError(`${file}: holds no tensors, only metadata: a vocabulary-only GGUF (as llama.cpp's ggml-vocab-*.gguf)? Give a model's GGUF`);
  }
  const arch = new Keys(metadata, file).string('general.architecture');
  if (!(GGUF_ARCHITECTURES as readonly string[]).includes(arch)) {
    throw new WeightFormatError(`${file}: general.architecture "${arch}" is not supported (supported: ${GGUF_ARCHITECTURES.join(', ')})`);
  }
  return arch as GgufArchitecture;
}

type Fields = Omit<ModelConfig, 'bosTokenId' | 'eosTokenIds'>;

/** Vocabulary size: the token list's length when the file has a tokenizer, else the embedding's rows. */
function vocabSize(m: Keys, r: TensorTaker): number {
  const rows = r.has('token_embd.weight') ? r.ne('token_embd.weight')[1] ?? 0 : 0;
  if (!m.has('tokenizer.ggml.tokens')) return rows;
  const tokens = m.stringCount('tokenizer.ggml.tokens');
  // llama.cpp takes the vocabulary from the token list and refuses an embedding of another height.
  if (rows && rows !== tokens) throw new WeightFormatError(`${m.file}: tokenizer.ggml.tokens lists ${tokens} tokens, but token_embd.weight has ${rows} rows: they must be equal`);
  return tokens;
}

function tokenIds(m: Keys, V: number): Pick<ModelConfig, 'bosTokenId' | 'eosTokenIds'> {
  const id = (key: string) => (m.has(key) ? m.tokenId(key, V) : undefined);
  const bos = id('tokenizer.ggml.bos_token_id');
  const eos = [id('tokenizer.ggml.eos_token_id'), id('tokenizer.ggml.eot_token_id')].filter((i) => i !== undefined);
  return { ...(bos === undefined ? {} : { bosTokenId: bos }), eosTokenIds: [...new Set(eos)] };
}

function gpt2Config(m: Keys, r: TensorTaker): ModelConfig {
  const dim = m.count('gpt2.embedding_length');
  const nHeads = m.count('gpt2.attention.head_count');
  const headSize = m.quotient(dim, nHeads, 'gpt2.embedding_length', 'gpt2.attention.head_count');
  const V = vocabSize(m, r);
  const fields: Fields = {
    architecture: 'gpt2', modelType: 'gpt2', vocabSize: V, dim, nLayers: m.count('gpt2.block_count'), nHeads, nKvHeads: nHeads,
    headSize, hiddenDim: m.has('gpt2.feed_forward_length') ? m.count('gpt2.feed_forward_length') : 4 * dim,
    maxSeqLen: m.count('gpt2.context_length'), norm: 'layer', normEps: m.epsilon('gpt2.attention.layer_norm_epsilon'), // required, as llama.cpp reads it
    // Learned positions: the RoPE fields are unused, set to values downstream checks accept.
    positions: 'learned', ropeTheta: 10000, ropeLayout: 'half', rotaryDim: headSize,
    mlp: 'gelu', bias: { qkv: true, attnOut: true, mlp: true, norm: true },
    tiedEmbeddings: r.isTiedHead(),
  };
  return { ...fields, ...tokenIds(m, V) };
}

function llamaConfig(m: Keys, r: TensorTaker, arch: LlamaFamily): ModelConfig {
  const dim = m.count(`${arch}.embedding_length`);
  const nHeads = m.count(`${arch}.attention.head_count`);
  const nKvHeads = m.has(`${arch}.attention.head_count_kv`) ? m.count(`${arch}.attention.head_count_kv`) : nHeads;
  if (nHeads % nKvHeads !== 0) {
    throw new WeightFormatError(`${m.file}: ${arch}.attention.head_count = ${nHeads} is not a multiple of ${arch}.attention.head_count_kv = ${nKvHeads}`);
  }
  const keyLength = m.has(`${arch}.attention.key_length`);
  const headSize = keyLength
    ? m.count(`${arch}.attention.key_length`)
    : m.quotient(dim, nHeads, `${arch}.embedding_length`, `${arch}.attention.head_count`);
  // Where the head size came from, for the checks against it: any of those keys may be the damaged one (review AE).
  const headFrom = keyLength ? `${arch}.attention.key_length` : `${arch}.embedding_length ${dim} / ${arch}.attention.head_count ${nHeads}`;
  if (m.has(`${arch}.attention.value_length`) && m.count(`${arch}.attention.value_length`) !== headSize) {
    throw new WeightFormatError(`${m.file}: ${arch}.attention.value_length differs from the key length ${headSize} (${headFrom}); keys and values must share a head size`);
  }
  const rotaryDim = m.has(`${arch}.rope.dimension_count`) ? m.count(`${arch}.rope.dimension_count`) : headSize;
  if (rotaryDim !== headSize) {
    // llama.cpp refuses it for these architectures ("invalid n_rot"): none of their GGUF files rotates part of a head.
    throw new WeightFormatError(`${m.file}: ${arch}.rope.dimension_count = ${rotaryDim} differs from the head size ${headSize} (${headFrom}); the ${arch} architecture rotates whole heads`);
  }
  checkDense(m, arch, r.has(ROUTER));
  const V = vocabSize(m, r);
  const fields: Fields = {
    architecture: 'llama', modelType: arch, vocabSize: V, dim, nLayers: m.count(`${arch}.block_count`), nHeads, nKvHeads,
    headSize, hiddenDim: m.count(`${arch}.feed_forward_length`), maxSeqLen: m.count(`${arch}.context_length`),
    norm: 'rms', normEps: m.epsilon(`${arch}.attention.layer_norm_rms_epsilon`), // required, as llama.cpp reads it
    positions: 'rope', ropeTheta: m.has(`${arch}.rope.freq_base`) ? m.positive(`${arch}.rope.freq_base`) : 10000,
    // llama.cpp's qwen2 has no rope_freqs.weight: there it is a tensor without a place (checkAllUsed).
    ropeLayout: ROPE_LAYOUTS[arch], rotaryDim, ...ropeScaling(m, arch, arch === 'llama' ? ropeFactors(r, rotaryDim) : undefined),
    mlp: 'swiglu',
    // llama.cpp's qwen2 requires q, k and v biases: without them a file is another architecture's (review AE: a llama file labelled qwen2 loaded).
    bias: { qkv: arch === 'qwen2' || r.has('blk.0.attn_q.bias'), attnOut: r.has('blk.0.attn_output.bias'), mlp: r.has('blk.0.ffn_up.bias'), norm: false },
    tiedEmbeddings: !r.has('output.weight'),
  };
  return { ...fields, ...tokenIds(m, V) };
}

/** A layer's router: llama.cpp writes Mixtral-style models as llama with one and stacked experts per layer. */
const ROUTER = 'blk.0.ffn_gate_inp.weight';

function checkDense(m: Keys, arch: LlamaFamily, hasRouter: boolean): void {
  const experts = m.has(`${arch}.expert_count`) ? m.unsigned(`${arch}.expert_count`) : 0;
  if (experts === 0 && !hasRouter) return;
  const sign = experts > 0 ? `${arch}.expert_count = ${experts}` : `its router tensor ${ROUTER}`;
  throw new WeightFormatError(`${m.file}: a mixture-of-experts model (${sign}, Mixtral and the like) is not supported`);
}

/**
 * What the header alone says the load refuses (early-refusal.ts reads it before the tensors
 * download): checkGgufKind's, and for Llama's blocks a mixture of experts or a RoPE scaling type
 * this engine does not run. The full load says the same, in the same words.
 */
export function checkGgufHead(metadata: ReadonlyMap<string, GgufEntry>, tensorNames: readonly string[], file: string): void {
  const arch = checkGgufKind(metadata, tensorNames.length, file);
  if (arch === 'gpt2') return;
  const m = new Keys(metadata, file);
  checkDense(m, arch, tensorNames.includes(ROUTER));
  ropeScalingType(m, arch);
}

/** <arch>.rope.scaling.type, linear where absent (as llama.cpp reads it); refused unless none or linear. */
function ropeScalingType(m: Keys, arch: LlamaFamily): 'none' | 'linear' {
  const key = `${arch}.rope.scaling.type`;
  const type = m.has(key) ? m.string(key) : 'linear';
  if (type !== 'none' && type !== 'linear') throw new WeightFormatError(`${m.file}: ${key} "${type}" is not supported (supported: none, linear)`);
  return type;
}

/**
 * RoPE scaling as llama.cpp reads it: the type defaults to linear, the factor comes from
 * <arch>.rope.scaling.factor or else the older <arch>.rope.scale_linear, and an absent or zero
 * factor, or the type none, means none. Llama 3.1's scaling comes as a divisor per frequency instead
 * (`factors`, the tensor rope_freqs.weight), which llama.cpp would apply on top of a linear factor:
 * no converter writes both, and that is refused rather than half applied.
 */
function ropeScaling(m: Keys, arch: LlamaFamily, factors: number[] | undefined): Pick<ModelConfig, 'ropeScaling'> {
  const type = ropeScalingType(m, arch);
  const factorKey = [`${arch}.rope.scaling.factor`, `${arch}.rope.scale_linear`].find((key) => m.has(key));
  // llama.cpp: "never scale if scaling type is none"
  const factor = type === 'none' || factorKey === undefined || m.float(factorKey) === 0 ? 1 : m.positive(factorKey);
  if (factors) {
    if (factor !== 1) throw new WeightFormatError(`${m.file}: both ${factorKey} = ${factor} and per-frequency RoPE factors (rope_freqs.weight): scaling by both is not supported`);
    return { ropeScaling: { type: 'factors', factors } };
  }
  return factor === 1 ? {} : { ropeScaling: { type: 'linear', factor } };
}

/** rope_freqs.weight: a positive divisor for each rotated pair's frequency (Llama 3.1 and later), or undefined without it. */
function ropeFactors(r: TensorTaker, rotaryDim: number): number[] | undefined {
  if (!r.has('rope_freqs.weight')) return undefined;
  const factors = [...r.vector('rope_freqs.weight', [rotaryDim / 2]).data as Float32Array];
  // A NaN or infinity is the checks' to refuse (after the parse): the file is damaged.
  const bad = factors.findIndex((f) => Number.isFinite(f) && !(f > 0));
  if (bad >= 0) throw new WeightFormatError(`${r.file}: tensor rope_freqs.weight holds ${factors[bad]} at element ${bad}: RoPE frequency factors must be positive`);
  return factors;
}

function gpt2Weights(c: ModelConfig, r: TensorTaker): Map<string, StoredTensor> {
  const { dim: C, hiddenDim: F, vocabSize: V } = c;
  const w = new Map<string, StoredTensor>();
  w.set('embed.tokens', r.matrix('token_embd.weight', V, C));
  w.set('embed.positions', r.vector('position_embd.weight', [c.maxSeqLen, C]));
  for (let l = 0; l < c.nLayers; l++) {
    const [b, p] = [`blk.${l}.`, `layers.${l}.`];
    w.set(p + 'norm1.weight', r.vector(b + 'attn_norm.weight', [C]));
    w.set(p + 'norm1.bias', r.vector(b + 'attn_norm.bias', [C]));
    w.set(p + 'attn.qkv.weight', r.matrix(b + 'attn_qkv.weight', 3 * C, C));
    w.set(p + 'attn.qkv.bias', r.vector(b + 'attn_qkv.bias', [3 * C]));
    w.set(p + 'attn.out.weight', r.matrix(b + 'attn_output.weight', C, C));
    w.set(p + 'attn.out.bias', r.vector(b + 'attn_output.bias', [C]));
    w.set(p + 'norm2.weight', r.vector(b + 'ffn_norm.weight', [C]));
    w.set(p + 'norm2.bias', r.vector(b + 'ffn_norm.bias', [C]));
    w.set(p + 'mlp.up.weight', r.matrix(b + 'ffn_up.weight', F, C));
    w.set(p + 'mlp.up.bias', r.vector(b + 'ffn_up.bias', [F]));
    w.set(p + 'mlp.down.weight', r.matrix(b + 'ffn_down.weight', C, F));
    w.set(p + 'mlp.down.bias', r.vector(b + 'ffn_down.bias', [C]));
  }
  w.set('norm.final.weight', r.vector('output_norm.weight', [C]));
  w.set('norm.final.bias', r.vector('output_norm.bias', [C]));
  if (!c.tiedEmbeddings) w.set('lm_head.weight', r.matrix('output.weight', V, C));
  return w;
}

function* llamaWeights(c: ModelConfig, r: TensorTaker): Steps<Map<string, StoredTensor>> {
  const { dim: C, hiddenDim: F, vocabSize: V, headSize: HS } = c;
  const [Q, KV] = [c.nHeads * HS, c.nKvHeads * HS];
  const w = new Map<string, StoredTensor>();
  w.set('embed.tokens', r.matrix('token_embd.weight', V, C));
  for (let l = 0; l < c.nLayers; l++) {
    const [b, p] = [`blk.${l}.`, `layers.${l}.`];
    w.set(p + 'norm1.weight', r.vector(b + 'attn_norm.weight', [C]));
    const qkv = [b + 'attn_q.weight', b + 'attn_k.weight', b + 'attn_v.weight'];
    w.set(p + 'attn.qkv.weight', stackRows(
      [r.matrix(qkv[0]!, Q, C), r.matrix(qkv[1]!, KV, C), r.matrix(qkv[2]!, KV, C)],
      `${r.file}: ${b}attn_q/k/v.weight`,
      () => qkv.forEach((name) => r.checkNow(name)),
    ));
    if (c.bias.qkv) {
      w.set(p + 'attn.qkv.bias', stackRows(
        [r.vector(b + 'attn_q.bias', [Q]), r.vector(b + 'attn_k.bias', [KV]), r.vector(b + 'attn_v.bias', [KV])],
        `${r.file}: ${b}attn_q/k/v.bias`,
      ));
    }
    w.set(p + 'attn.out.weight', r.matrix(b + 'attn_output.weight', C, Q));
    if (c.bias.attnOut) w.set(p + 'attn.out.bias', r.vector(b + 'attn_output.bias', [C]));
    w.set(p + 'norm2.weight', r.vector(b + 'ffn_norm.weight', [C]));
    w.set(p + 'mlp.gate.weight', r.matrix(b + 'ffn_gate.weight', F, C));
    w.set(p + 'mlp.up.weight', r.matrix(b + 'ffn_up.weight', F, C));
    w.set(p + 'mlp.down.weight', r.matrix(b + 'ffn_down.weight', C, F));
    if (c.bias.mlp) {
      w.set(p + 'mlp.gate.bias', r.vector(b + 'ffn_gate.bias', [F]));
      w.set(p + 'mlp.up.bias', r.vector(b + 'ffn_up.bias', [F]));
      w.set(p + 'mlp.down.bias', r.vector(b + 'ffn_down.bias', [C]));
    }
    yield;
  }
  w.set('norm.final.weight', r.vector('output_norm.weight', [C]));
  if (!c.tiedEmbeddings) w.set('lm_head.weight', r.matrix('output.weight', V, C));
  return w;
}

/**
 * q, k and v rows (or biases) as one tensor: they must share a dtype, and 16-bit pairs are repacked across
 * the joins. Where q8_0 and k-quant parts of different formats meet (llama.cpp's Q4_K_M gives v q6_K in some
 * layers, q and k q4_K), they go one format (inOneFormat): one GEMV reads one format.
 */
function stackRows(given: StoredTensor[], what: string, checkParts?: () => void): StoredTensor {
  const mixedQuants = new Set(given.map((p) => p.dtype)).size > 1 && given.every((p) => p.dtype === 'q8_0' || isKQuant(p.dtype));
  if (mixedQuants) checkParts?.(); // their values are read now, so their checks run now: a damaged scale said as the checks say it
  const parts = mixedQuants ? inOneFormat(given) : given;
  const dtype = parts[0]!.dtype;
  if (parts.some((p) => p.dtype !== dtype)) {
    throw new WeightFormatError(`${what} have different types (${parts.map((p) => p.dtype).join(', ')}); stacking them into one qkv projection needs one`);
  }
  return Object.assign(stackedRows(parts), stackedOrigin(parts));
}

/** When any part came from k-quants: the stack's origin, its values those of each part in turn. */
function stackedOrigin(parts: StoredTensor[]): Pick<FromKQuant, 'kQuant'> {
  const origins = parts.map(kQuantOrigin);
  if (origins.every((o) => o === undefined)) return {};
  const values = () => {
    const all = parts.map((p, i) => origins[i]?.values() ?? toFloat32(p).data);
    const out = new Float32Array(all.reduce((n, v) => n + v.length, 0));
    all.reduce((at, v) => (out.set(v, at), at + v.length), 0);
    return out;
  };
  const f32Because = origins.find((o) => o?.f32Because)?.f32Because;
  return { kQuant: { types: [...new Set(origins.flatMap((o) => o?.types ?? []))], values, ...(f32Because ? { f32Because } : {}) } };
}

/** Values dequantized at a time on the way to q8_0, so that a large tensor never exists in f32. */
const VALUES_PER_CHUNK = 1 << 20;

/**
 * Blocks of `blockBytes` holding `blockValues` weights each, dequantized a run at a time and quantized
 * to q8_0; an UnstorableValueError where a block's values pass q8_0's f16 scale.
 */
function requantizedQ8(bytes: Uint8Array, count: number, blockBytes: number, blockValues: number, dequantize: Dequantize): Uint32Array {
  const blocks = count / blockValues;
  const q8Words = (blockValues / BLOCK_SIZE) * BLOCK_WORDS.q8_0;
  const run = VALUES_PER_CHUNK / blockValues;
  const data = new Uint32Array(blocks * q8Words);
  const values = new Float32Array(Math.min(run, blocks) * blockValues); // every chunk's, quantized straight into data
  for (let b = 0; b < blocks; b += run) {
    const n = Math.min(run, blocks - b);
    const chunk = dequantize(bytes.subarray(b * blockBytes, (b + n) * blockBytes), values.subarray(0, n * blockValues));
    quantizeBlocks('q8_0', chunk, data.subarray(b * q8Words, (b + n) * q8Words));
  }
  return data;
}

/** Dequantizes whole blocks of a file's bytes into `out`, whose length says how many values. */
type Dequantize = (bytes: Uint8Array, out: Float32Array) => Float32Array;

/**
 * q8_0 and k-quant parts in one format, each k-quant part with its origin: q8_0, or f32 (their exact values)
 * where a k-quant block reaches past what q8_0's f16 scale holds (65520 * 127), as convert.ts keeps a
 * matrix no dtype can hold; convertWeights' note then says "stored f32".
 */
function inOneFormat(parts: StoredTensor[]): StoredTensor[] {
  const bytesOf = (type: KQuantType, p: StoredTensor) => blocksToGguf(type, p.data as Uint32Array);
  try {
    return parts.map((p) => (isKQuant(p.dtype) ? kQuantMatrix(p.dtype, bytesOf(p.dtype, p), p.shape) : p));
  } catch (e) {
    if (!(e instanceof UnstorableValueError)) throw e;
    const values = parts.map((p) => toFloat32(p).data);
    const largest = values.reduce((m, v) => v.reduce((a, x) => Math.max(a, Math.abs(x)), m), 0);
    const f32Because = `its weights reach ${largest.toExponential(2)}, past what q8_0's f16 scale holds (the GPU's format for q, k and v of different block formats)`;
    return parts.map((p, i): FromKQuant => {
      const data = values[i]!;
      return { shape: p.shape, dtype: 'f32', data, layout: 'nk', ...(isKQuant(p.dtype) ? { kQuant: { types: [p.dtype], values: () => data, f32Because } } : {}) };
    });
  }
}

/**
 * k-quant blocks (their checks have run: stackRows) as q8_0 (8 of its 32-weight blocks per super-block), with
 * their origin; an UnstorableValueError where a block's values pass q8_0's f16 scale.
 */
function kQuantMatrix(type: KQuantType, bytes: Uint8Array, shape: number[]): FromKQuant {
  const count = shape.reduce((a, c) => a * c, 1);
  const dequantize: Dequantize = (b, out) => dequantizeKQuant(type, b, out.length, out);
  const data = requantizedQ8(bytes, count, K_QUANT_BLOCK_BYTES[type], SUPER_BLOCK, dequantize);
  return { shape, dtype: 'q8_0', data, layout: 'nk', kQuant: { types: [type], values: () => dequantize(bytes, new Float32Array(count)) } };
}

/**
 * A q4_1, q5_0 or q5_1 matrix (llama.cpp's quantizer puts them where rows are not whole 256-value
 * super-blocks; no kernel here reads them) as q8_0, made from the file's bytes as it uploads, with
 * its origin: its exact values, which a dtype asked for converts from. No block of theirs passes
 * q8_0's scale: their values reach at most 32 times an f16 scale (plus an f16 min), q8_0's 127.
 */
function legacyMatrix(t: GgufTensorInfo, type: LegacyQuantType, shape: [number, number]): FromKQuant {
  const count = shape[0] * shape[1];
  const dequantize: Dequantize = (b, out) => dequantizeLegacy(type, b, out.length, out);
  const q8 = deferredTensor({ shape, dtype: 'q8_0', layout: 'nk' }, () => requantizedQ8(t.bytes, count, LEGACY_BLOCK_BYTES[type], BLOCK_SIZE, dequantize));
  return Object.assign(q8, { kQuant: { types: [type], values: () => dequantize(t.bytes, new Float32Array(count)) } });
}

/** Looks up tensors by ggml name, checks their dimensions against the config, records use. */
class TensorTaker {
  private readonly used = new Set<string>();

  constructor(
    private readonly tensors: ReadonlyMap<string, GgufTensorInfo>,
    readonly file: string,
    private readonly checks: TensorChecks,
  ) {}

  has(name: string): boolean {
    return this.tensors.has(name);
  }

  ne(name: string): number[] {
    return this.get(name).ne;
  }

  /** GPT-2 files store the head as a copy of the embedding (llama.cpp's converter writes both). */
  isTiedHead(): boolean {
    const head = this.tensors.get('output.weight');
    if (!head) return true;
    const embedding = this.get('token_embd.weight');
    if (head.type !== embedding.type || !sameBytes(head.bytes, embedding.bytes)) return false;
    this.used.add('output.weight');
    return true;
  }

  /**
   * A matrix of N rows of K, kept in the file's format: checked (by the checks), its words made from the file's
   * bytes at each read of its data (deferredTensor), so the upload repacks each in turn, and a run of rows
   * at a time where the upload, a check or a conversion asks (deferredRowRuns), each run's bytes read
   * from disk into one array (rowRunsOfBytes).
   */
  matrix(name: string, N: number, K: number): StoredTensor {
    const t = this.take(name, [K, N]);
    const largest = this.check(t);
    const type = t.type;
    if (isLegacyQuant(type)) return legacyMatrix(t, type, [N, K]);
    const info = { shape: [N, K], dtype: type, layout: 'nk' as const };
    const whole = () => wordsOf(type, t.bytes);
    if (!rowsFillWords(type, K)) return withLargest(deferredTensor(info, whole), largest); // made whole
    const rowWords = storedLength(type, K, K);
    const runs = function* () {
      const buffer = isBlockDType(type) ? lend(4 * runRows(N, K) * rowWords) : undefined; // a block run's repacked words
      try {
        yield* rowRunsOfBytes(t, N, K, (bytes, rows) => wordsOf(type, bytes, buffer && new Uint32Array(buffer, 0, rows * rowWords)));
      } finally {
        if (buffer) takeBack(buffer);
      }
    };
    return withLargest(deferredRowRuns(info, whole, runs), largest);
  }

  /** A vector (or the position table), widened to f32, and checked finite (by the checks). */
  vector(name: string, shape: number[]): StoredTensor {
    const t = this.take(name, [...shape].reverse());
    const type = t.type;
    if (type !== 'f32' && type !== 'f16' && type !== 'bf16') throw new WeightFormatError(`${this.file}: tensor "${name}" is ${type}; norms, biases and positions must be f32, f16 or bf16`);
    this.check(t);
    return { shape, dtype: 'f32', data: toFloat32({ shape, dtype: type, data: wordsOf(type, t.bytes) }).data };
  }

  /** Every tensor of the file must have a place in the model the metadata describes. */
  checkAllUsed(): void {
    const unused = [...this.tensors.keys()].filter((n) => !this.used.has(n));
    if (!unused.length) return;
    const names = unused.slice(0, 5).map((n) => `"${n}"`).join(', ') + (unused.length > 5 ? ` and ${unused.length - 5} more` : '');
    throw new WeightFormatError(`${this.file}: ${unused.length} tensor${unused.length > 1 ? 's have' : ' has'} no place in the model its metadata describes: ${names}`);
  }

  private get(name: string): GgufTensorInfo {
    const t = this.tensors.get(name);
    if (!t) throw new WeightFormatError(`${this.file}: missing tensor "${name}", which the metadata implies`);
    return t;
  }

  private take(name: string, ne: number[]): GgufTensorInfo {
    const t = this.get(name);
    if (t.ne.length !== ne.length || t.ne.some((d, i) => d !== ne[i])) {
      throw new WeightFormatError(`${this.file}: tensor "${name}": the metadata implies ne [${ne.join(', ')}] but the file has [${t.ne.join(', ')}]`);
    }
    this.used.add(name);
    return t;
  }

  /** Runs a tensor's check now (it runs again with the others): for one whose values are read at the parse. */
  checkNow(name: string): void {
    checkValues(this.get(name), this.file);
  }

  /**
   * Refuses a tensor whose bytes hold a NaN or infinity (a value, or a block's scale), when the checks
   * run; gives a 16-bit tensor's largest magnitude once they have (withLargest).
   */
  private check(t: GgufTensorInfo): () => number | undefined {
    return addFinding(this.checks, () => checkValues(t, this.file));
  }
}

function checkValues(t: GgufTensorInfo, file: string): number | undefined {
  const where = `${file}: tensor "${t.name}"`;
  const type = t.type;
  if (type === 'f32' || type === 'f16' || type === 'bf16') return checkFiniteBytes(t, type, [...t.ne].reverse(), where);
  forEachPiece(t, GGML_BLOCK[type].bytes, (piece, begin) => checkScales(type, piece, begin / GGML_BLOCK[type].bytes, where));
  return undefined;
}

/**
 * Bytes of the file in formats.ts's words: a view where they lie on whole words, else a copy (blocks:
 * always, repacked, into `into` where it is given).
 */
function wordsOf(type: WeightDType, bytes: Uint8Array, into?: Uint32Array): Float32Array | Uint32Array {
  if (isBlockDType(type)) return blocksFromGguf(type, bytes, into);
  const words = wordsOfBytes(bytes);
  return type === 'f32' ? new Float32Array(words.buffer, words.byteOffset, words.length) : words;
}

/**
 * A NaN or infinite block scale (d; dmin or m where the format has one, named then) makes every
 * weight of its block NaN or infinite: the file is damaged. q8_0's and q4_0's one d leads each block.
 */
function checkScales(type: BlockDType | LegacyQuantType, bytes: Uint8Array, first: number, where: string): void {
  if (type === 'q8_0' || type === 'q4_0') {
    const bad = firstNonFiniteField(bytes, GGUF_BLOCK_BYTES[type], [['d', 0]]);
    if (bad) throw new WeightFormatError(`${where}: block ${first + bad.block} has a NaN or infinite scale: the file is damaged`);
    return;
  }
  const bad = isKQuant(type) ? firstNonFiniteScale(type, bytes) : firstNonFiniteLegacyScale(type, bytes);
  if (bad) throw new WeightFormatError(`${where} (${type}): ${isKQuant(type) ? 'super-block' : 'block'} ${first + bad.block} has a NaN or infinite scale (${bad.field}): the file is damaged`);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Typed reads of hyper-parameter metadata, each key of the one type llama.cpp reads it as (counts and ids u32,
 * reals f32, names strings); errors name the file and key.
 */
class Keys extends HyperParameters {
  constructor(private readonly metadata: ReadonlyMap<string, GgufEntry>, file: string) {
    super(file);
  }

  has(key: string): boolean {
    return this.metadata.has(key);
  }

  /** The value of `key`, which must have `type` (an array: of `itemType`). */
  private get(key: string, type: GgufType, itemType?: GgufType): unknown {
    const entry = this.metadata.get(key);
    if (entry === undefined) throw new WeightFormatError(`${this.file}: missing metadata key ${key}`);
    const problem = entryTypeProblem(key, entry, type, itemType);
    if (problem) throw new WeightFormatError(`${this.file}: metadata ${problem}`);
    return entry.value;
  }

  protected value(key: string, kind: 'count' | 'real'): unknown {
    return this.get(key, kind === 'count' ? GgufType.UINT32 : GgufType.FLOAT32);
  }

  protected fail(key: string, expected: string, got: unknown): never {
    throw new WeightFormatError(`${this.file}: metadata ${key} must be ${expected}, got ${got}`);
  }

  string(key: string): string {
    return this.get(key, GgufType.STRING) as string;
  }

  /** The length of an array of strings (the token list). */
  stringCount(key: string): number {
    return (this.get(key, GgufType.ARRAY, GgufType.STRING) as string[]).length;
  }

  /** A uint32 as stored: zero included. */
  unsigned(key: string): number {
    return this.get(key, GgufType.UINT32) as number;
  }

  /** A float32 as stored: zero and negatives included. */
  float(key: string): number {
    return this.get(key, GgufType.FLOAT32) as number;
  }

  tokenId(key: string, vocabSize: number): number {
    const v = this.get(key, GgufType.UINT32) as number;
    if (v >= vocabSize) this.fail(key, `a token id in [0, ${vocabSize})`, v);
    return v;
  }
}
