// The fuzz suite's pristine models, built from nothing: a tiny Llama checkpoint (one file and the same
// split in two shards), a tiny GPT-2 and a llama2.c .bin with its tokenizer.bin. Each records where its
// float data lies (file, byte range, tensor names) so mutations can aim at or around it.

import { mulberry32 } from '../support/random.js';
import type { ModelFiles } from '../../src/model/source.js';
import { type Dtype, type TensorSpec, writeSafetensors } from './safetensors.js';
import { gpt2Tokenizer, llama2cTokenizer, llamaTokenizer, type Llama2cTokenizer } from './tokenizers.js';

export type ModelName = 'llama' | 'llama-sharded' | 'gpt2' | 'llama2c' | 'llama-gguf' | 'gpt2-gguf';

/** A byte range of float data: the names a finite-weights error may use for it (file's own, canonical). */
export interface FloatRegion {
  file: string;
  begin: number;
  end: number;
  dtype: Dtype;
  names: string[];
}

export interface Pristine {
  name: ModelName;
  source: ModelFiles;
  floats: FloatRegion[];
  /** The JSON files, decoded (mutations edit copies of these). */
  json: Map<string, Record<string, unknown>>;
  /** llama2c only: the tokenizer.bin layout. */
  tokenizerBin?: Llama2cTokenizer;
}

export const SHARDS = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'] as const;
export const INDEX = 'model.safetensors.index.json';

/** Every JSON file of the suite is written like transformers writes it: two-space indent. */
export const serializeJson = (value: unknown): string => JSON.stringify(value, null, 2);
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Values offset + k/64, |k| < 64, offset 0 or 1: exact in F32, F16 and BF16, so every dtype round-trips bit for bit. */
export function values(n: number, seed: number, offset = 0): Float32Array {
  const next = mulberry32(seed);
  return Float32Array.from({ length: n }, () => offset + (Math.floor(next() * 127) - 63) / 64);
}

interface Spec extends TensorSpec {
  canonical: string;
}

function spec(name: string, canonical: string, shape: number[], dtype: Dtype, seed: number, offset = 0): Spec {
  return { name, canonical, shape, dtype, data: values(shape.reduce((a, b) => a * b, 1), seed, offset) };
}

function floatRegions(file: string, specs: Spec[], spans: { name: string; begin: number; end: number }[]): FloatRegion[] {
  return specs.map((s, i) => ({ file, begin: spans[i]!.begin, end: spans[i]!.end, dtype: s.dtype, names: [s.name, s.canonical] }));
}

const LLAMA = { dim: 16, heads: 4, kvHeads: 2, headDim: 4, layers: 2, hidden: 24, context: 32 };

function llamaSpecs(vocab: number): Spec[] {
  const { dim: C, kvHeads, headDim, hidden: F } = LLAMA;
  const specs = [spec('model.embed_tokens.weight', 'embed.tokens', [vocab, C], 'F32', 1)];
  for (let l = 0; l < LLAMA.layers; l++) {
    const [h, c] = [`model.layers.${l}.`, `layers.${l}.`];
    const s = 10 * (l + 1);
    specs.push(
      spec(h + 'input_layernorm.weight', c + 'norm1.weight', [C], 'F16', s, 1),
      spec(h + 'self_attn.q_proj.weight', c + 'attn.qkv.weight', [C, C], 'F32', s + 1),
      spec(h + 'self_attn.k_proj.weight', c + 'attn.qkv.weight', [kvHeads * headDim, C], 'F32', s + 2),
      spec(h + 'self_attn.v_proj.weight', c + 'attn.qkv.weight', [kvHeads * headDim, C], 'F32', s + 3),
      spec(h + 'self_attn.o_proj.weight', c + 'attn.out.weight', [C, C], 'F32', s + 4),
      spec(h + 'post_attention_layernorm.weight', c + 'norm2.weight', [C], 'F16', s + 5, 1),
      spec(h + 'mlp.gate_proj.weight', c + 'mlp.gate.weight', [F, C], 'BF16', s + 6),
      spec(h + 'mlp.up_proj.weight', c + 'mlp.up.weight', [F, C], 'BF16', s + 7),
      spec(h + 'mlp.down_proj.weight', c + 'mlp.down.weight', [C, F], 'BF16', s + 8),
    );
  }
  specs.push(spec('model.norm.weight', 'norm.final.weight', [C], 'F16', 90, 1), spec('lm_head.weight', 'lm_head.weight', [vocab, C], 'F32', 91));
  return specs;
}

function llamaJson(vocab: number): [string, Record<string, unknown>][] {
  const config = {
    architectures: ['LlamaForCausalLM'], model_type: 'llama', vocab_size: vocab, hidden_size: LLAMA.dim,
    intermediate_size: LLAMA.hidden, num_hidden_layers: LLAMA.layers, num_attention_heads: LLAMA.heads,
    num_key_value_heads: LLAMA.kvHeads, head_dim: LLAMA.headDim, max_position_embeddings: LLAMA.context,
    hidden_act: 'silu', rms_norm_eps: 1e-5, rope_theta: 10000.0, rope_scaling: null, tie_word_embeddings: false,
    attention_bias: false, mlp_bias: false, bos_token_id: 1, eos_token_id: 2, initializer_range: 0.02,
    torch_dtype: 'float32', transformers_version: '4.44.0', use_cache: true,
  };
  const generation = { _from_model_config: true, bos_token_id: 1, eos_token_id: 2, transformers_version: '4.44.0' };
  const tok = llamaTokenizer();
  if (tok.vocabSize !== vocab) throw new Error('builder: llama vocab mismatch');
  return [['config.json', config], ['generation_config.json', generation], ['tokenizer.json', tok.json], ['tokenizer_config.json', tok.config]];
}

function hfModel(name: ModelName, json: [string, Record<string, unknown>][], weights: Map<string, Uint8Array>, floats: FloatRegion[]): Pristine {
  const files = new Map<string, Uint8Array>(json.map(([file, value]) => [file, utf8(serializeJson(value))]));
  for (const [file, bytes] of weights) files.set(file, bytes);
  return { name, source: { format: 'huggingface', files }, floats, json: new Map(json) };
}

export function buildLlama(): Pristine {
  const vocab = llamaTokenizer().vocabSize;
  const specs = llamaSpecs(vocab);
  const { bytes, spans } = writeSafetensors(specs, { format: 'pt' });
  return hfModel('llama', llamaJson(vocab), new Map([['model.safetensors', bytes]]), floatRegions('model.safetensors', specs, spans));
}

/** The same tensors as buildLlama, split after layer 0, with model.safetensors.index.json. */
export function buildLlamaSharded(): Pristine {
  const vocab = llamaTokenizer().vocabSize;
  const specs = llamaSpecs(vocab);
  const cut = specs.findIndex((s) => s.name.startsWith('model.layers.1.'));
  const parts = [specs.slice(0, cut), specs.slice(cut)];
  const weights = new Map<string, Uint8Array>();
  const floats: FloatRegion[] = [];
  const weightMap: Record<string, string> = {};
  let total = 0;
  parts.forEach((part, i) => {
    const { bytes, spans } = writeSafetensors(part, { format: 'pt' });
    weights.set(SHARDS[i]!, bytes);
    floats.push(...floatRegions(SHARDS[i]!, part, spans));
    for (const s of spans) total += s.end - s.begin;
    for (const s of part) weightMap[s.name] = SHARDS[i]!;
  });
  const index = { metadata: { total_size: total }, weight_map: weightMap };
  return hfModel('llama-sharded', [...llamaJson(vocab), [INDEX, index]], weights, floats);
}

const GPT2 = { dim: 8, heads: 2, layers: 2, hidden: 32, context: 16 };

export function buildGpt2(): Pristine {
  const tok = gpt2Tokenizer();
  const { dim: C, hidden: F } = GPT2;
  const V = tok.vocabSize;
  const specs = [spec('wte.weight', 'embed.tokens', [V, C], 'F32', 201), spec('wpe.weight', 'embed.positions', [GPT2.context, C], 'F32', 202)];
  for (let l = 0; l < GPT2.layers; l++) {
    const [h, c] = [`h.${l}.`, `layers.${l}.`];
    const s = 210 + 20 * l;
    specs.push(
      spec(h + 'ln_1.weight', c + 'norm1.weight', [C], 'F32', s, 1), spec(h + 'ln_1.bias', c + 'norm1.bias', [C], 'F32', s + 1),
      spec(h + 'attn.c_attn.weight', c + 'attn.qkv.weight', [C, 3 * C], 'F16', s + 2),
      spec(h + 'attn.c_attn.bias', c + 'attn.qkv.bias', [3 * C], 'F16', s + 3),
      spec(h + 'attn.c_proj.weight', c + 'attn.out.weight', [C, C], 'F32', s + 4),
      spec(h + 'attn.c_proj.bias', c + 'attn.out.bias', [C], 'F32', s + 5),
      spec(h + 'ln_2.weight', c + 'norm2.weight', [C], 'F32', s + 6, 1), spec(h + 'ln_2.bias', c + 'norm2.bias', [C], 'F32', s + 7),
      spec(h + 'mlp.c_fc.weight', c + 'mlp.up.weight', [C, F], 'BF16', s + 8),
      spec(h + 'mlp.c_fc.bias', c + 'mlp.up.bias', [F], 'BF16', s + 9),
      spec(h + 'mlp.c_proj.weight', c + 'mlp.down.weight', [F, C], 'F32', s + 10),
      spec(h + 'mlp.c_proj.bias', c + 'mlp.down.bias', [C], 'F32', s + 11),
    );
  }
  specs.push(spec('ln_f.weight', 'norm.final.weight', [C], 'F32', 290, 1), spec('ln_f.bias', 'norm.final.bias', [C], 'F32', 291));
  const config = {
    architectures: ['GPT2LMHeadModel'], model_type: 'gpt2', vocab_size: V, n_embd: C, n_head: GPT2.heads,
    n_layer: GPT2.layers, n_inner: F, n_positions: GPT2.context, n_ctx: GPT2.context, activation_function: 'gelu_new',
    layer_norm_epsilon: 1e-5, tie_word_embeddings: true, bos_token_id: V - 1, eos_token_id: V - 1,
    initializer_range: 0.02, transformers_version: '4.44.0', use_cache: true,
  };
  const { bytes, spans } = writeSafetensors(specs, { format: 'pt' });
  return hfModel('gpt2', [['config.json', config], ['tokenizer.json', tok.json], ['tokenizer_config.json', tok.config]],
    new Map([['model.safetensors', bytes]]), floatRegions('model.safetensors', specs, spans));
}

export const LLAMA2C = { dim: 8, hidden: 16, layers: 2, heads: 2, kvHeads: 1, seqLen: 16, headerBytes: 28 };
export const LLAMA2C_FIELDS = ['dim', 'hidden_dim', 'n_layers', 'n_heads', 'n_kv_heads', 'vocab_size', 'seq_len'] as const;

/** llama2.c legacy layout (run.c memory_map_weights), tied classifier (positive vocab_size). */
export function buildLlama2c(): Pristine {
  const tok = llama2cTokenizer();
  const { dim: C, hidden: F, layers: L, heads, kvHeads, seqLen } = LLAMA2C;
  const V = tok.vocabSize;
  const HS = C / heads;
  const KV = kvHeads * HS;
  const perLayer = (name: string, canonical: string, n: number) =>
    Array.from({ length: L }, (_, l) => ({ names: [name, `layers.${l}.${canonical}`], n }));
  const arrays = [
    { names: ['token_embedding_table', 'embed.tokens'], n: V * C },
    ...perLayer('rms_att_weight', 'norm1.weight', C), ...perLayer('wq', 'attn.qkv.weight', C * C),
    ...perLayer('wk', 'attn.qkv.weight', KV * C), ...perLayer('wv', 'attn.qkv.weight', KV * C),
    ...perLayer('wo', 'attn.out.weight', C * C), ...perLayer('rms_ffn_weight', 'norm2.weight', C),
    ...perLayer('w1', 'mlp.gate.weight', F * C), ...perLayer('w2', 'mlp.down.weight', C * F), ...perLayer('w3', 'mlp.up.weight', F * C),
    { names: ['rms_final_weight', 'norm.final.weight'], n: C },
    // RoPE's cos and sin, as the legacy export writes them: the loader reads positions 0 and 1 to
    // check the header, and nothing else (RoPE is recomputed); an error may call either half just freq_cis.
    { names: ['freq_cis_real', 'freq_cis'], n: (seqLen * HS) / 2 }, { names: ['freq_cis_imag', 'freq_cis'], n: (seqLen * HS) / 2 },
  ];
  const floats = arrays.reduce((n, a) => n + a.n, 0);
  const bytes = new Uint8Array(LLAMA2C.headerBytes + 4 * floats);
  const view = new DataView(bytes.buffer);
  [C, F, L, heads, kvHeads, V, seqLen].forEach((v, i) => view.setInt32(4 * i, v, true));
  const data = values(floats, 301);
  const angles = Array.from({ length: (seqLen * HS) / 2 }, (_, k) => Math.floor(k / (HS / 2)) * 10000 ** (-(k % (HS / 2)) / (HS / 2)));
  data.set(angles.map(Math.cos), floats - seqLen * HS);
  data.set(angles.map(Math.sin), floats - (seqLen * HS) / 2);
  new Uint8Array(bytes.buffer, LLAMA2C.headerBytes).set(new Uint8Array(data.buffer));
  const regions: FloatRegion[] = [];
  let at = LLAMA2C.headerBytes;
  for (const a of arrays) {
    regions.push({ file: 'model.bin', begin: at, end: at + 4 * a.n, dtype: 'F32', names: a.names });
    at += 4 * a.n;
  }
  const files = new Map([['model.bin', bytes], ['tokenizer.bin', tok.bytes]]);
  return { name: 'llama2c', source: { format: 'llama2c', checkpoint: 'model.bin', files }, floats: regions, json: new Map(), tokenizerBin: tok };
}

/** The pristine source with one file replaced (bytes) or removed (undefined); the pristine is untouched. */
export function withFile(source: ModelFiles, name: string, bytes: Uint8Array | undefined, rename?: string): ModelFiles {
  const files = new Map(source.files);
  if (bytes === undefined) files.delete(name);
  else if (rename !== undefined) {
    files.delete(name);
    files.set(rename, bytes);
  } else files.set(name, bytes);
  return { ...source, files };
}
