// Hugging Face checkpoints (config.json + safetensors) -> the normalised ModelConfig and canonical weights.
// The one place for HF name mapping: GPT-2 Conv1D weights stay 'kn'; Llama-family q/k/v stack into 'nk' qkv.
// Not file access (source.ts) nor safetensors parsing (safetensors.ts). Tests: tests/model/loaders.test.ts.

import type { HostTensor, ModelConfig, RopeScaling, WeightMap } from '../config.js';
import { WeightFormatError } from '../../errors.js';
import { isObject, type JsonObject } from './json.js';
import { toFloat32, type SafetensorsEntry } from './safetensors.js';

export const SUPPORTED_MODEL_TYPES = ['gpt2', 'llama', 'mistral', 'qwen2'] as const;

export interface HfCheckpoint {
  config: JsonObject; // config.json
  generationConfig?: JsonObject; // generation_config.json, whose token ids win over config.json's
  tensors: ReadonlyMap<string, SafetensorsEntry>;
}

export function loadHuggingFace(ck: HfCheckpoint): { config: ModelConfig; weights: WeightMap } {
  const modelType = ck.config.model_type;
  if (modelType === 'gpt2') {
    const config = gpt2Config(new Fields(ck.config), ck.generationConfig);
    return { config, weights: gpt2Weights(config, new TensorReader(ck.tensors, ['transformer.', ''])) };
  }
  if (modelType === 'llama' || modelType === 'mistral' || modelType === 'qwen2') {
    const config = llamaConfig(modelType, new Fields(ck.config), ck.generationConfig);
    return { config, weights: llamaWeights(config, new TensorReader(ck.tensors, ['model.', ''])) };
  }
  throw new WeightFormatError(
    `config.json: unsupported model_type ${JSON.stringify(modelType)} (supported: ${SUPPORTED_MODEL_TYPES.join(', ')})`,
  );
}

function gpt2Config(f: Fields, gen: JsonObject | undefined): ModelConfig {
  const dim = f.num('n_embd');
  const nHeads = f.num('n_head');
  const headSize = divide(dim, nHeads, 'n_embd', 'n_head');
  const act = f.str('activation_function', 'gelu_new');
  // Only the tanh approximation is implemented; exact-erf 'gelu' would drift silently.
  if (act !== 'gelu_new' && act !== 'gelu_pytorch_tanh') {
    throw new WeightFormatError(`config.json: activation_function "${act}" is not supported (gelu_new, gelu_pytorch_tanh)`);
  }
  return {
    architecture: 'gpt2', modelType: 'gpt2',
    vocabSize: f.num('vocab_size'), dim, nLayers: f.num('n_layer'), nHeads, nKvHeads: nHeads,
    headSize, hiddenDim: f.optNum('n_inner') ?? 4 * dim,
    maxSeqLen: f.num(['n_positions', 'n_ctx']),
    norm: 'layer', normEps: f.optNum('layer_norm_epsilon') ?? 1e-5,
    // RoPE fields are unused with learned positions; valid values keep downstream checks quiet.
    positions: 'learned', ropeTheta: 10000, ropeLayout: 'half', rotaryDim: headSize,
    mlp: 'gelu', bias: { qkv: true, attnOut: true, mlp: true, norm: true },
    // GPT2Config leaves the PretrainedConfig default (tied) in place.
    tiedEmbeddings: f.bool('tie_word_embeddings', true),
    ...tokenIds(f, gen),
  };
}

function llamaConfig(modelType: string, f: Fields, gen: JsonObject | undefined): ModelConfig {
  const dim = f.num('hidden_size');
  const nHeads = f.num('num_attention_heads');
  const headSize = f.optNum('head_dim') ?? divide(dim, nHeads, 'hidden_size', 'num_attention_heads');
  const act = f.str('hidden_act', 'silu');
  if (act !== 'silu') throw new WeightFormatError(`config.json: hidden_act "${act}" is not supported (silu)`);
  const rotaryDim = Math.floor(headSize * (f.optNum('partial_rotary_factor') ?? 1));
  if (rotaryDim % 2 !== 0 || rotaryDim <= 0) {
    throw new WeightFormatError(`config.json: partial_rotary_factor gives an odd or empty rotary width ${rotaryDim}`);
  }
  const attentionBias = f.bool('attention_bias', false);
  return {
    architecture: 'llama', modelType,
    vocabSize: f.num('vocab_size'), dim, nLayers: f.num('num_hidden_layers'), nHeads,
    nKvHeads: f.optNum('num_key_value_heads') ?? nHeads, headSize, hiddenDim: f.num('intermediate_size'),
    maxSeqLen: llamaMaxSeqLen(modelType, f),
    norm: 'rms', normEps: f.optNum('rms_norm_eps') ?? 1e-6,
    positions: 'rope', ropeTheta: ropeTheta(f), ropeLayout: 'half', rotaryDim, ...optional('ropeScaling', ropeScaling(f)),
    mlp: 'swiglu',
    // Qwen2 always has q/k/v biases and no others; Llama and Mistral have them only if attention_bias.
    bias: { qkv: modelType === 'qwen2' || attentionBias, attnOut: attentionBias, mlp: f.bool('mlp_bias', false), norm: false },
    // LlamaConfig, MistralConfig and Qwen2Config all default to untied.
    tiedEmbeddings: f.bool('tie_word_embeddings', false),
    ...tokenIds(f, gen),
  };
}

/** There is no sliding-window attention here, so the context stops at the window, where both agree. */
function llamaMaxSeqLen(modelType: string, f: Fields): number {
  const max = f.num('max_position_embeddings');
  const usesWindow = modelType === 'mistral' || (modelType === 'qwen2' && f.bool('use_sliding_window', false));
  const window = usesWindow ? f.optNum('sliding_window') : undefined;
  return window === undefined ? max : Math.min(max, window);
}

/** rope_theta, or transformers v5 rope_parameters (which may also hold the scaling). */
function ropeTheta(f: Fields): number {
  const params = f.raw('rope_parameters');
  const theta = isObject(params) ? params.rope_theta : undefined;
  return typeof theta === 'number' ? theta : (f.optNum('rope_theta') ?? 10000);
}

/** rope_scaling: 'linear' and 'llama3' are supported; others change attention too and are refused. */
function ropeScaling(f: Fields): RopeScaling | undefined {
  const scaling = f.raw('rope_scaling') ?? f.raw('rope_parameters');
  if (scaling == null) return undefined;
  const type = isObject(scaling) ? (scaling.rope_type ?? scaling.type) : undefined;
  if (type === 'default') return undefined;
  const num = (key: string): number => {
    const v = isObject(scaling) ? scaling[key] : undefined;
    if (typeof v !== 'number' || !(v > 0)) throw new WeightFormatError(`config.json: rope_scaling.${key} must be a positive number, got ${JSON.stringify(v)}`);
    return v;
  };
  if (type === 'linear') return { type, factor: num('factor') };
  if (type === 'llama3') {
    return {
      type, factor: num('factor'), lowFreqFactor: num('low_freq_factor'), highFreqFactor: num('high_freq_factor'),
      originalContext: num('original_max_position_embeddings'),
    };
  }
  throw new WeightFormatError(`config.json: rope scaling ${JSON.stringify(type ?? scaling)} is not supported (supported: linear, llama3)`);
}

/** `{ key: value }` when value is defined, else nothing: keeps absent fields absent. */
function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function tokenIds(f: Fields, gen: JsonObject | undefined): Pick<ModelConfig, 'bosTokenId' | 'eosTokenIds'> {
  const pick = (key: string) => (gen?.[key] != null ? gen[key] : f.raw(key));
  const bos = pick('bos_token_id');
  const eos = pick('eos_token_id');
  const eosTokenIds = typeof eos === 'number' ? [eos] : Array.isArray(eos) ? eos.filter((x) => typeof x === 'number') : [];
  return typeof bos === 'number' ? { bosTokenId: bos, eosTokenIds } : { eosTokenIds };
}

function gpt2Weights(c: ModelConfig, r: TensorReader): WeightMap {
  const { dim: C, hiddenDim: F, vocabSize: V } = c;
  const w: WeightMap = new Map();
  w.set('embed.tokens', r.take('wte.weight', [V, C], 'nk'));
  w.set('embed.positions', r.take('wpe.weight', [c.maxSeqLen, C]));
  for (let l = 0; l < c.nLayers; l++) {
    const h = `h.${l}.`;
    const out = `layers.${l}.`;
    w.set(out + 'norm1.weight', r.take(h + 'ln_1.weight', [C]));
    w.set(out + 'norm1.bias', r.take(h + 'ln_1.bias', [C]));
    w.set(out + 'attn.qkv.weight', r.take(h + 'attn.c_attn.weight', [C, 3 * C], 'kn'));
    w.set(out + 'attn.qkv.bias', r.take(h + 'attn.c_attn.bias', [3 * C]));
    w.set(out + 'attn.out.weight', r.take(h + 'attn.c_proj.weight', [C, C], 'kn'));
    w.set(out + 'attn.out.bias', r.take(h + 'attn.c_proj.bias', [C]));
    w.set(out + 'norm2.weight', r.take(h + 'ln_2.weight', [C]));
    w.set(out + 'norm2.bias', r.take(h + 'ln_2.bias', [C]));
    w.set(out + 'mlp.up.weight', r.take(h + 'mlp.c_fc.weight', [C, F], 'kn'));
    w.set(out + 'mlp.up.bias', r.take(h + 'mlp.c_fc.bias', [F]));
    w.set(out + 'mlp.down.weight', r.take(h + 'mlp.c_proj.weight', [F, C], 'kn'));
    w.set(out + 'mlp.down.bias', r.take(h + 'mlp.c_proj.bias', [C]));
  }
  w.set('norm.final.weight', r.take('ln_f.weight', [C]));
  w.set('norm.final.bias', r.take('ln_f.bias', [C]));
  if (!c.tiedEmbeddings) w.set('lm_head.weight', r.takeExact(['lm_head.weight'], [V, C], 'nk'));
  return w;
}

function llamaWeights(c: ModelConfig, r: TensorReader): WeightMap {
  const { dim: C, hiddenDim: F, vocabSize: V, headSize: HS } = c;
  const [Q, KV] = [c.nHeads * HS, c.nKvHeads * HS];
  const w: WeightMap = new Map();
  // A tied checkpoint may keep only lm_head.weight (safetensors drops the duplicate).
  const embedNames = ['model.embed_tokens.weight', 'embed_tokens.weight', ...(c.tiedEmbeddings ? ['lm_head.weight'] : [])];
  w.set('embed.tokens', r.takeExact(embedNames, [V, C], 'nk'));
  for (let l = 0; l < c.nLayers; l++) {
    const h = `layers.${l}.`; // the HF name (after its prefix) and the canonical name share this
    w.set(h + 'norm1.weight', r.take(h + 'input_layernorm.weight', [C]));
    w.set(h + 'attn.qkv.weight', stack([
      r.take(h + 'self_attn.q_proj.weight', [Q, C]), r.take(h + 'self_attn.k_proj.weight', [KV, C]),
      r.take(h + 'self_attn.v_proj.weight', [KV, C]),
    ], [Q + 2 * KV, C]));
    if (c.bias.qkv) {
      w.set(h + 'attn.qkv.bias', stack([
        r.take(h + 'self_attn.q_proj.bias', [Q]), r.take(h + 'self_attn.k_proj.bias', [KV]),
        r.take(h + 'self_attn.v_proj.bias', [KV]),
      ], [Q + 2 * KV]));
    }
    w.set(h + 'attn.out.weight', r.take(h + 'self_attn.o_proj.weight', [C, Q], 'nk'));
    if (c.bias.attnOut) w.set(h + 'attn.out.bias', r.take(h + 'self_attn.o_proj.bias', [C]));
    w.set(h + 'norm2.weight', r.take(h + 'post_attention_layernorm.weight', [C]));
    w.set(h + 'mlp.gate.weight', r.take(h + 'mlp.gate_proj.weight', [F, C], 'nk'));
    w.set(h + 'mlp.up.weight', r.take(h + 'mlp.up_proj.weight', [F, C], 'nk'));
    w.set(h + 'mlp.down.weight', r.take(h + 'mlp.down_proj.weight', [C, F], 'nk'));
    if (c.bias.mlp) {
      w.set(h + 'mlp.gate.bias', r.take(h + 'mlp.gate_proj.bias', [F]));
      w.set(h + 'mlp.up.bias', r.take(h + 'mlp.up_proj.bias', [F]));
      w.set(h + 'mlp.down.bias', r.take(h + 'mlp.down_proj.bias', [C]));
    }
  }
  w.set('norm.final.weight', r.take('norm.weight', [C]));
  if (!c.tiedEmbeddings) w.set('lm_head.weight', r.takeExact(['lm_head.weight'], [V, C], 'nk'));
  return w;
}

/** Concatenates rows (q, then k, then v) into one tensor; layout 'nk' when it is a matrix. */
function stack(parts: HostTensor[], shape: number[]): HostTensor {
  const data = new Float32Array(parts.reduce((n, p) => n + p.data.length, 0));
  let offset = 0;
  for (const p of parts) {
    data.set(p.data, offset);
    offset += p.data.length;
  }
  return { shape, dtype: 'f32', data, ...(shape.length === 2 ? { layout: 'nk' as const } : {}) };
}

function divide(a: number, b: number, aName: string, bName: string): number {
  if (a % b !== 0) throw new WeightFormatError(`config.json: ${aName} = ${a} is not divisible by ${bName} = ${b}`);
  return a / b;
}

/** Looks up checkpoint tensors by HF name (trying each prefix) and checks shapes against the config. */
class TensorReader {
  constructor(private readonly tensors: ReadonlyMap<string, SafetensorsEntry>, private readonly prefixes: string[]) {}

  take(name: string, shape: number[], layout?: 'nk' | 'kn'): HostTensor {
    return this.takeExact(this.prefixes.map((p) => p + name), shape, layout);
  }

  /** The first of the candidate names present in the checkpoint. */
  takeExact(names: string[], shape: number[], layout?: 'nk' | 'kn'): HostTensor {
    const name = names.find((n) => this.tensors.has(n));
    if (name === undefined) {
      const others = names.slice(1).map((n) => `"${n}"`).join(', ');
      throw new WeightFormatError(`missing tensor "${names[0]}"${others ? ` (also looked for ${others})` : ''}`);
    }
    const t = this.tensors.get(name)!;
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new WeightFormatError(
        `tensor "${name}": config.json implies shape [${shape.join(', ')}] but the checkpoint has [${t.shape.join(', ')}]`,
      );
    }
    return { shape, dtype: 'f32', data: toFloat32(name, t), ...(layout ? { layout } : {}) };
  }
}

/** Typed reads of config.json fields, each error naming the field. */
class Fields {
  constructor(private readonly json: JsonObject) {}

  raw(key: string): unknown {
    return this.json[key];
  }

  num(keys: string | string[]): number {
    const list = typeof keys === 'string' ? [keys] : keys;
    for (const k of list) {
      const v = this.optNum(k);
      if (v !== undefined) return v;
    }
    throw new WeightFormatError(`config.json: missing ${list.join(' or ')}`);
  }

  /** undefined when absent or null, as transformers treats null as "use the default". */
  optNum(key: string): number | undefined {
    const v = this.json[key];
    if (v == null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new WeightFormatError(`config.json: ${key} must be a number, got ${JSON.stringify(v)}`);
    }
    return v;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.json[key];
    if (v == null) return fallback;
    if (typeof v !== 'boolean') throw new WeightFormatError(`config.json: ${key} must be true or false`);
    return v;
  }

  str(key: string, fallback: string): string {
    const v = this.json[key];
    if (v == null) return fallback;
    if (typeof v !== 'string') throw new WeightFormatError(`config.json: ${key} must be a string`);
    return v;
  }
}
