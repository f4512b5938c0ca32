// The one normalised model description every loader produces and the forward pass reads.
// GPT-2 and Llama-family checkpoints differ only in these fields, never in code paths elsewhere.
// Loaders (src/model/weights/*) fill it; tests in tests/model/.

import { UnsupportedModelError } from '../errors.js';
import { ropeFrequencyTurns, ropeInverseFrequencies } from './rope-frequencies.js';

export type Architecture = 'gpt2' | 'llama';

export interface ModelConfig {
  architecture: Architecture;
  /** The checkpoint's own model_type (gpt2, llama, qwen2, ...) or 'llama2c'. */
  modelType: string;
  /** V: vocabulary size. */
  vocabSize: number;
  /** C: residual width. */
  dim: number;
  /** L: transformer blocks. */
  nLayers: number;
  /** NH: query heads. */
  nHeads: number;
  /** NKV: key/value heads (NH for plain multi-head attention). */
  nKvHeads: number;
  /** HS: head size. */
  headSize: number;
  /** F: MLP hidden width. */
  hiddenDim: number;
  /** Longest context the weights (learned positions) or the config allow. */
  maxSeqLen: number;
  norm: 'layer' | 'rms';
  normEps: number;
  positions: 'learned' | 'rope';
  ropeTheta: number;
  /** 'interleaved': pairs (2i, 2i+1) as llama2.c and GGUF; 'half': pairs (i, i+d/2) as Hugging Face. */
  ropeLayout: 'interleaved' | 'half';
  /** Dimensions of each head that RoPE rotates (HS unless partial rotary). */
  rotaryDim: number;
  /** Frequency scaling for contexts longer than training (Llama 3.1+: 'llama3'); none when absent. */
  ropeScaling?: RopeScaling;
  mlp: 'gelu' | 'swiglu';
  bias: { qkv: boolean; attnOut: boolean; mlp: boolean; norm: boolean };
  /** The output head reuses the token embedding matrix. */
  tiedEmbeddings: boolean;
  bosTokenId?: number;
  eosTokenIds: number[];
}

export type RopeScaling =
  | { type: 'linear'; factor: number }
  | { type: 'llama3'; factor: number; lowFreqFactor: number; highFreqFactor: number; originalContext: number }
  /** A divisor per rotated pair's frequency, as a GGUF file's rope_freqs.weight gives them (llama.cpp's converter writes Llama 3.1's scaling so). */
  | { type: 'factors'; factors: number[] };

/**
 * A weight on the host before upload. Canonical names (one mapping per checkpoint format turns
 * the checkpoint's names into these):
 *   embed.tokens (V, C)            embed.positions (maxSeqLen, C)       [learned positions only]
 *   layers.{l}.norm1.weight (C)    layers.{l}.norm1.bias (C)            [layernorm only]
 *   layers.{l}.attn.qkv.weight     q, k, v rows stacked: ((NH + 2 NKV) HS, C) in 'nk' layout,
 *                                  or (C, (NH + 2 NKV) HS) in 'kn' layout (GPT-2 Conv1D)
 *   layers.{l}.attn.qkv.bias ((NH + 2 NKV) HS)
 *   layers.{l}.attn.out.weight (C, NH HS) nk | (NH HS, C) kn    layers.{l}.attn.out.bias (C)
 *   layers.{l}.norm2.weight/.bias (C)
 *   layers.{l}.mlp.up.weight (F, C) nk | (C, F) kn    layers.{l}.mlp.up.bias (F)     [gelu]
 *   layers.{l}.mlp.gate.weight (F, C) nk              [swiglu only]
 *   layers.{l}.mlp.down.weight (C, F) nk | (F, C) kn  layers.{l}.mlp.down.bias (C)
 *   norm.final.weight/.bias (C)
 *   lm_head.weight (V, C) nk      [absent when tiedEmbeddings]
 */
export interface HostTensor {
  shape: number[];
  /** Storage dtype on the GPU. Only 'f32' today; f16/int8 arrive as data, not as new code paths. */
  dtype: 'f32';
  data: Float32Array;
  /** Matrix weights only: which dimension comes first in memory. */
  layout?: 'nk' | 'kn';
}

export type WeightMap = Map<string, HostTensor>;

/** Rows of q, k and v in the stacked qkv projection. */
/**
 * A deep copy of the config, frozen: the model's own, which model.config and model.info() hand
 * out, so that a caller editing what it was given (eosTokenIds.push, vocabSize = ...) gets a
 * TypeError instead of silently changing how the model runs.
 */
export function frozenConfig(c: ModelConfig): Readonly<ModelConfig> {
  return deepFreeze(structuredClone(c));
}

function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const value of Object.values(x)) deepFreeze(value);
  }
  return x;
}

export function qkvWidth(c: ModelConfig): number {
  return (c.nHeads + 2 * c.nKvHeads) * c.headSize;
}

// Real checkpoints use RoPE bases from 1e4 to 1e7 and scaling factors up to 64: far past these the file is damaged.
const MAX_ROPE_THETA = 1e12;
const MAX_ROPE_FACTOR = 1024;

/**
 * Throws when the GPU kernels cannot run this shape, before any weight is uploaded; `source` names
 * where the config came from (a GGUF file's metadata: its name).
 */
export function checkSupported(c: ModelConfig, source = c.modelType === 'llama2c' ? 'the llama2.c header' : 'config.json'): void {
  const fail = (why: string) => {
    throw new UnsupportedModelError(`unsupported model shape (${c.modelType}, from ${source}): ${why}`);
  };
  if (c.nHeads % c.nKvHeads !== 0) fail(`${c.nHeads} attention heads are not a multiple of ${c.nKvHeads} key/value heads (num_attention_heads, num_key_value_heads)`);
  if (c.headSize % 4 !== 0 || c.headSize > 256) fail(`head size ${c.headSize} must be a multiple of 4 and at most 256 (head_dim, or hidden_size / num_attention_heads)`);
  if (c.rotaryDim % 2 !== 0 || c.rotaryDim > c.headSize) fail(`rotary width ${c.rotaryDim} must be even and at most the head size ${c.headSize}`);
  // A prompt takes a position and the token after it another: a context of 1 could only refuse every generate().
  if (c.maxSeqLen < 2) fail(`a context of ${c.maxSeqLen} position${c.maxSeqLen === 1 ? '' : 's'}: a prompt token and the one generated after it need 2 (max_position_embeddings, n_positions, context_length or seq_len)`);
  if (c.vocabSize >= 2 ** 24) fail(`vocabulary of ${c.vocabSize} is at or over the sampler's limit of 2^24`);
  const s = c.ropeScaling;
  // A base at or under 1 makes the frequencies rise with the pair index, which no RoPE does.
  if (c.positions === 'rope' && !(c.ropeTheta > 1 && c.ropeTheta <= MAX_ROPE_THETA)) {
    fail(`RoPE base ${c.ropeTheta} must be over 1 and at most 1e12 (rope_theta or rope.freq_base)`);
  }
  if (s && s.type !== 'factors' && !(s.factor <= MAX_ROPE_FACTOR)) fail(`RoPE ${s.type} scaling by a factor of ${s.factor}: at most ${MAX_ROPE_FACTOR} is taken (rope_scaling.factor or rope.scaling.factor)`);
  if (s?.type === 'factors' && s.factors.length !== c.rotaryDim / 2) fail(`${s.factors.length} RoPE frequency factors for a rotary width of ${c.rotaryDim}: one per rotated pair (${c.rotaryDim / 2}) is needed`);
  // A positive but tiny rope_theta or scaling factor passes the range checks and overflows here.
  if (c.positions === 'rope' && !ropeFrequencyTurns(ropeInverseFrequencies(c)).every(Number.isFinite)) {
    const scaling = !s ? '' : s.type === 'factors' ? ' and per-frequency factors' : ` and ${s.type} scaling by a factor of ${s.factor}`;
    fail(`RoPE frequencies overflow float32 with rope_theta ${c.ropeTheta}${scaling}`);
  }
}
