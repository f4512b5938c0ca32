// Test fixtures for the loaders: a small safetensors encoder (F32/F16/BF16, round-to-nearest-even) and
// seeded random GPT-2 / Llama / Qwen2 checkpoints with Hugging Face names. Test-only, never shipped.
// Used by tests/model/loaders*.test.ts and by model tests that need tiny random checkpoints.

import { randomArray } from '../support/random.js';

export type FixtureDtype = 'F32' | 'F16' | 'BF16';

export interface FixtureTensor {
  dtype: FixtureDtype;
  shape: number[];
  data: Float32Array;
}

/** A safetensors file; tensors are laid out in insertion order. */
export function encodeSafetensors(tensors: Record<string, FixtureTensor>, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const bytes = encodeData(t.dtype, t.data);
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes.byteLength] };
    parts.push(bytes);
    offset += bytes.byteLength;
  }
  return encodeRawSafetensors(header, concat(parts));
}

/** Any header (object or raw text) followed by data bytes: for building malformed files. */
export function encodeRawSafetensors(header: unknown, data: Uint8Array): Uint8Array {
  let text = typeof header === 'string' ? header : JSON.stringify(header);
  text += ' '.repeat((8 - (text.length % 8)) % 8); // the format pads the header with spaces to 8 bytes
  const json = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + json.byteLength + data.byteLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.byteLength), true);
  out.set(json, 8);
  out.set(data, 8 + json.byteLength);
  return out;
}

function encodeData(dtype: FixtureDtype, data: Float32Array): Uint8Array {
  if (dtype === 'F32') return new Uint8Array(Float32Array.from(data).buffer);
  const bits = new Uint32Array(Float32Array.from(data).buffer);
  const out = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = dtype === 'F16' ? f16Bits(bits[i]!) : bf16Bits(bits[i]!);
  return new Uint8Array(out.buffer);
}

function bf16Bits(x: number): number {
  if ((x & 0x7fffffff) > 0x7f800000) return (x >>> 16) | 0x40; // NaN stays NaN
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}

function f16Bits(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const e = ((x >>> 23) & 0xff) - 127 + 15;
  const m = x & 0x7fffff;
  if (((x >>> 23) & 0xff) === 0xff) return sign | 0x7c00 | (m ? 0x200 : 0);
  if (e >= 31) return sign | 0x7c00;
  // Normal halves drop 13 mantissa bits; subnormals shift the implicit 1 in as well.
  const shift = e > 0 ? 13 : 14 - e;
  if (shift > 24) return sign;
  const mant = e > 0 ? m : m | 0x800000;
  let h = (e > 0 ? e << 10 : 0) | (mant >>> shift);
  const rem = mant & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  if (rem > half || (rem === half && (h & 1))) h++; // a carry into the exponent is still correct
  return sign | h;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

export interface RandomDims {
  vocabSize: number;
  dim: number;
  nLayers: number;
  nHeads: number;
  /** Llama/Qwen2 only; default nHeads. */
  nKvHeads?: number;
  /** Llama only, written as head_dim; default dim / nHeads. */
  headSize?: number;
  hiddenDim: number;
  maxSeqLen: number;
  /** Default: true for gpt2, false otherwise (the transformers defaults). */
  tied?: boolean;
}

export interface RandomCheckpoint {
  configJson: string;
  safetensorsBytes: Uint8Array;
  /** The same tensors by HF name, as float32. */
  tensors: Record<string, FixtureTensor>;
}

/** A seeded random checkpoint with HF names and config.json; the same seed gives the same bytes. */
export function randomHfCheckpoint(kind: 'gpt2' | 'llama' | 'qwen2', dims: RandomDims, seed: number): RandomCheckpoint {
  const tensors: Record<string, FixtureTensor> = {};
  let n = 0;
  // Matrices scaled by 1/sqrt(fan-in) keep activations O(1); norm gains sit near 1.
  const add: Add = (name, shape, kindOf) => {
    const size = shape.reduce((a, b) => a * b, 1);
    // Conv1D ('kn') stores (in, out): its fan-in is the first dimension.
    const fanIn = kindOf === 'kn' ? shape[0]! : shape.at(-1)!;
    const scale = kindOf === 'nk' || kindOf === 'kn' ? 1 / Math.sqrt(fanIn) : kindOf === 'embed' ? 0.5 : 0.1;
    const data = randomArray(size, seed * 1000 + n++, scale);
    if (kindOf === 'norm') for (let i = 0; i < size; i++) data[i]! += 1;
    tensors[name] = { dtype: 'F32', shape, data };
  };
  const config = kind === 'gpt2' ? gpt2Tensors(dims, add) : llamaTensors(kind, dims, add);
  return { configJson: JSON.stringify(config, null, 2), safetensorsBytes: encodeSafetensors(tensors), tensors };
}

type Add = (name: string, shape: number[], kind: 'nk' | 'kn' | 'norm' | 'bias' | 'embed') => void;

function gpt2Tensors(d: RandomDims, add: Add): Record<string, unknown> {
  const { dim: C, hiddenDim: F, vocabSize: V } = d;
  const tied = d.tied ?? true;
  add('wte.weight', [V, C], 'embed');
  add('wpe.weight', [d.maxSeqLen, C], 'embed');
  for (let l = 0; l < d.nLayers; l++) {
    const h = `h.${l}.`;
    add(h + 'ln_1.weight', [C], 'norm');
    add(h + 'ln_1.bias', [C], 'bias');
    add(h + 'attn.c_attn.weight', [C, 3 * C], 'kn');
    add(h + 'attn.c_attn.bias', [3 * C], 'bias');
    add(h + 'attn.c_proj.weight', [C, C], 'kn');
    add(h + 'attn.c_proj.bias', [C], 'bias');
    add(h + 'ln_2.weight', [C], 'norm');
    add(h + 'ln_2.bias', [C], 'bias');
    add(h + 'mlp.c_fc.weight', [C, F], 'kn');
    add(h + 'mlp.c_fc.bias', [F], 'bias');
    add(h + 'mlp.c_proj.weight', [F, C], 'kn');
    add(h + 'mlp.c_proj.bias', [C], 'bias');
  }
  add('ln_f.weight', [C], 'norm');
  add('ln_f.bias', [C], 'bias');
  if (!tied) add('lm_head.weight', [V, C], 'nk');
  return {
    model_type: 'gpt2', architectures: ['GPT2LMHeadModel'], vocab_size: V, n_embd: C, n_layer: d.nLayers,
    n_head: d.nHeads, n_inner: F, n_positions: d.maxSeqLen, layer_norm_epsilon: 1e-5,
    activation_function: 'gelu_new', bos_token_id: V - 1, eos_token_id: V - 1, tie_word_embeddings: tied,
  };
}

function llamaTensors(kind: 'llama' | 'qwen2', d: RandomDims, add: Add): Record<string, unknown> {
  const { dim: C, hiddenDim: F, vocabSize: V } = d;
  const nKv = d.nKvHeads ?? d.nHeads;
  const HS = d.headSize ?? C / d.nHeads;
  const [Q, KV] = [d.nHeads * HS, nKv * HS];
  const tied = d.tied ?? false;
  add('model.embed_tokens.weight', [V, C], 'embed');
  for (let l = 0; l < d.nLayers; l++) {
    const h = `model.layers.${l}.`;
    add(h + 'input_layernorm.weight', [C], 'norm');
    add(h + 'self_attn.q_proj.weight', [Q, C], 'nk');
    add(h + 'self_attn.k_proj.weight', [KV, C], 'nk');
    add(h + 'self_attn.v_proj.weight', [KV, C], 'nk');
    if (kind === 'qwen2') {
      add(h + 'self_attn.q_proj.bias', [Q], 'bias');
      add(h + 'self_attn.k_proj.bias', [KV], 'bias');
      add(h + 'self_attn.v_proj.bias', [KV], 'bias');
    }
    add(h + 'self_attn.o_proj.weight', [C, Q], 'nk');
    add(h + 'post_attention_layernorm.weight', [C], 'norm');
    add(h + 'mlp.gate_proj.weight', [F, C], 'nk');
    add(h + 'mlp.up_proj.weight', [F, C], 'nk');
    add(h + 'mlp.down_proj.weight', [C, F], 'nk');
  }
  add('model.norm.weight', [C], 'norm');
  if (!tied) add('lm_head.weight', [V, C], 'nk');
  return {
    model_type: kind, architectures: [kind === 'qwen2' ? 'Qwen2ForCausalLM' : 'LlamaForCausalLM'], vocab_size: V,
    hidden_size: C, intermediate_size: F, num_hidden_layers: d.nLayers, num_attention_heads: d.nHeads,
    num_key_value_heads: nKv, ...(kind === 'llama' && d.headSize ? { head_dim: HS } : {}),
    max_position_embeddings: d.maxSeqLen, rms_norm_eps: 1e-5, rope_theta: 10000, hidden_act: 'silu',
    tie_word_embeddings: tied, bos_token_id: 1, eos_token_id: 2,
  };
}
