// config.json (with generation_config.json's token ids) of a Hugging Face checkpoint -> the normalised
// ModelConfig. Every field the model uses is checked for type and range, each error naming the file and field,
// so an impossible value never reaches a kernel. Not the weights (huggingface.ts). Tests: tests/model/loaders*.test.ts.

import type { ModelConfig, RopeScaling } from '../config.js';
import { WeightFormatError } from '../../errors.js';
import { HyperParameters, MAX_COUNT } from './hyper-parameters.js';
import { isObject, type JsonObject } from './json.js';

export const SUPPORTED_MODEL_TYPES = ['gpt2', 'llama', 'mistral', 'qwen2'] as const;

export function hfConfig(config: JsonObject, generationConfig?: JsonObject): ModelConfig {
  const model = hfModelFields(config);
  const gen = generationConfig && new Fields(generationConfig, 'generation_config.json');
  return { ...model, ...tokenIds(new Fields(config, 'config.json'), gen, model.vocabSize) };
}

/**
 * config.json's shape of the model, every field checked, without the special token ids (which
 * generation_config.json may override): what a load refuses of config.json alone (early-refusal.ts).
 */
export function hfModelFields(config: JsonObject): ModelFields {
  const f = new Fields(config, 'config.json');
  const modelType = supportedModelType(config);
  return modelType === 'gpt2' ? gpt2Config(f) : llamaConfig(modelType, f);
}

/** config.json's model_type, refused unless this engine runs it (a load refuses it before the weights download: source.ts). */
function supportedModelType(config: JsonObject): (typeof SUPPORTED_MODEL_TYPES)[number] {
  const modelType = config.model_type;
  if (!(SUPPORTED_MODEL_TYPES as readonly unknown[]).includes(modelType)) {
    const what = modelType === undefined ? 'no model_type (the architecture: transformers writes it)' : `unsupported model_type ${JSON.stringify(modelType)}`;
    throw new WeightFormatError(`config.json: ${what} (supported: ${SUPPORTED_MODEL_TYPES.join(', ')})`);
  }
  return modelType as (typeof SUPPORTED_MODEL_TYPES)[number];
}

export type ModelFields = Omit<ModelConfig, 'bosTokenId' | 'eosTokenIds'>;

function gpt2Config(f: Fields): ModelFields {
  const dim = f.count('n_embd');
  const nHeads = f.count('n_head');
  const headSize = f.quotient(dim, nHeads, 'n_embd', 'n_head');
  const act = f.str('activation_function', 'gelu_new');
  // Only the tanh approximation is implemented; exact-erf 'gelu' would drift silently.
  if (act !== 'gelu_new' && act !== 'gelu_pytorch_tanh') {
    throw new WeightFormatError(`config.json: activation_function "${act}" is not supported (gelu_new, gelu_pytorch_tanh)`);
  }
  // Attention scores scaled otherwise than by 1/sqrt(head size) (Stanford CRFM's GPT-2s) would
  // give other outputs in silence.
  if (f.bool('scale_attn_by_inverse_layer_idx', false)) throw new WeightFormatError('config.json: scale_attn_by_inverse_layer_idx: true (scores divided by the layer number) is not supported');
  if (!f.bool('scale_attn_weights', true)) throw new WeightFormatError('config.json: scale_attn_weights: false (scores not divided by sqrt(head size)) is not supported');
  return {
    architecture: 'gpt2', modelType: 'gpt2',
    vocabSize: f.count('vocab_size'), dim, nLayers: f.count('n_layer'), nHeads, nKvHeads: nHeads,
    headSize, hiddenDim: f.optCount('n_inner') ?? 4 * dim,
    maxSeqLen: f.count(!f.has('n_positions') && f.has('n_ctx') ? 'n_ctx' : 'n_positions'),
    norm: 'layer', normEps: f.epsilon('layer_norm_epsilon', 1e-5),
    // RoPE fields are unused with learned positions; valid values keep downstream checks quiet.
    positions: 'learned', ropeTheta: 10000, ropeLayout: 'half', rotaryDim: headSize,
    mlp: 'gelu', bias: { qkv: true, attnOut: true, mlp: true, norm: true },
    // GPT2Config leaves the PretrainedConfig default (tied) in place.
    tiedEmbeddings: f.bool('tie_word_embeddings', true),
  };
}

function llamaConfig(modelType: string, f: Fields): ModelFields {
  const dim = f.count('hidden_size');
  const nHeads = f.count('num_attention_heads');
  const nKvHeads = f.optCount('num_key_value_heads') ?? nHeads;
  if (nHeads % nKvHeads !== 0) {
    throw new WeightFormatError(`config.json: num_attention_heads = ${nHeads} is not a multiple of num_key_value_heads = ${nKvHeads}`);
  }
  const headSize = f.optCount('head_dim') ?? f.quotient(dim, nHeads, 'hidden_size', 'num_attention_heads');
  const act = f.str('hidden_act', 'silu');
  if (act !== 'silu') throw new WeightFormatError(`config.json: hidden_act "${act}" is not supported (silu)`);
  const rotaryDim = Math.floor(headSize * f.fraction('partial_rotary_factor', 1));
  if (rotaryDim % 2 !== 0 || rotaryDim <= 0) {
    throw new WeightFormatError(`config.json: partial_rotary_factor gives an odd or empty rotary width ${rotaryDim}`);
  }
  const attentionBias = f.bool('attention_bias', false);
  return {
    architecture: 'llama', modelType,
    vocabSize: f.count('vocab_size'), dim, nLayers: f.count('num_hidden_layers'), nHeads,
    nKvHeads, headSize, hiddenDim: f.count('intermediate_size'),
    maxSeqLen: llamaMaxSeqLen(modelType, f),
    norm: 'rms', normEps: f.epsilon('rms_norm_eps', 1e-6),
    positions: 'rope', ropeTheta: ropeTheta(f), ropeLayout: 'half', rotaryDim, ...optional('ropeScaling', ropeScaling(f)),
    mlp: 'swiglu',
    // Qwen2 always has q/k/v biases and no others; Llama and Mistral have them only if attention_bias.
    bias: { qkv: modelType === 'qwen2' || attentionBias, attnOut: attentionBias, mlp: f.bool('mlp_bias', false), norm: false },
    // LlamaConfig, MistralConfig and Qwen2Config all default to untied.
    tiedEmbeddings: f.bool('tie_word_embeddings', false),
  };
}

/**
 * There is no sliding-window attention here, so the context stops at the window, where both agree.
 * MistralConfig and Qwen2Config default sliding_window to 4096: only an explicit null means none.
 */
function llamaMaxSeqLen(modelType: string, f: Fields): number {
  const max = f.count('max_position_embeddings');
  if (!windowedLayers(modelType, f) || f.raw('sliding_window') === null) return max;
  return Math.min(max, f.optCount('sliding_window') ?? DEFAULT_SLIDING_WINDOW);
}

const DEFAULT_SLIDING_WINDOW = 4096;

/**
 * Whether transformers gives some layer a sliding window: every Mistral layer; with Qwen2's
 * use_sliding_window, the layers from max_window_layers (default 28) on, so none where that is
 * past the last layer.
 */
function windowedLayers(modelType: string, f: Fields): boolean {
  if (modelType === 'mistral') return true;
  if (modelType !== 'qwen2' || !f.bool('use_sliding_window', false)) return false;
  return f.index('max_window_layers', 28) < f.count('num_hidden_layers');
}

/** rope_theta, or transformers v5 rope_parameters (which may also hold the scaling). */
function ropeTheta(f: Fields): number {
  const params = f.nested('rope_parameters');
  const top = f.has('rope_theta') ? f.positive('rope_theta') : undefined;
  if (!params?.has('rope_theta')) return top ?? 10000;
  const nested = params.positive('rope_theta');
  // One of the two is wrong and nothing says which: transformers v5 would take one silently.
  if (top !== undefined && top !== nested) {
    throw new WeightFormatError(`config.json: rope_theta (${top}) and rope_parameters.rope_theta (${nested}) differ: keep the one the model was trained with`);
  }
  return nested;
}

/** rope_scaling: 'linear' and 'llama3' are supported; others change attention too and are refused. */
function ropeScaling(f: Fields): RopeScaling | undefined {
  const key = f.has('rope_scaling') ? 'rope_scaling' : 'rope_parameters';
  const s = f.nested(key);
  if (!s) return undefined;
  const type = s.raw('rope_type') ?? s.raw('type');
  // transformers v5's rope_parameters always holds rope_theta; without a type or a factor it scales nothing.
  if (type === 'default' || (type === undefined && key === 'rope_parameters' && !s.has('factor'))) return undefined;
  if (type === 'linear') return { type, factor: s.positive('factor') };
  if (type === 'llama3') {
    const [lowFreqFactor, highFreqFactor] = [s.positive('low_freq_factor'), s.positive('high_freq_factor')];
    // Equal factors leave the blend between them dividing by zero.
    if (!(highFreqFactor > lowFreqFactor)) {
      throw new WeightFormatError(`config.json: ${key}.high_freq_factor (${highFreqFactor}) must be greater than low_freq_factor (${lowFreqFactor})`);
    }
    return { type, factor: s.positive('factor'), lowFreqFactor, highFreqFactor, originalContext: s.count('original_max_position_embeddings') };
  }
  throw new WeightFormatError(`config.json: rope scaling ${show(type ?? f.raw(key))} is not supported (supported: linear, llama3)`);
}

/** `{ key: value }` when value is defined, else nothing: keeps absent fields absent. */
function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** generation_config.json's ids win over config.json's; each must name a row of the embedding. */
function tokenIds(config: Fields, gen: Fields | undefined, vocabSize: number): Pick<ModelConfig, 'bosTokenId' | 'eosTokenIds'> {
  const from = (key: string) => (gen?.has(key) ? gen : config);
  const bos = from('bos_token_id').optTokenId('bos_token_id', vocabSize);
  const eos = from('eos_token_id');
  const list = eos.raw('eos_token_id');
  const eosTokenIds = Array.isArray(list)
    ? list.map((_, i) => eos.tokenId(`eos_token_id[${i}]`, list[i], vocabSize))
    : [eos.optTokenId('eos_token_id', vocabSize)].filter((id) => id !== undefined);
  return bos === undefined ? { eosTokenIds } : { bosTokenId: bos, eosTokenIds };
}

/** Values in messages: numbers as JavaScript prints them (1e999 is Infinity, not JSON's null), the rest as JSON. */
function show(v: unknown): string {
  if (typeof v === 'number' || v === undefined) return String(v);
  const json = JSON.stringify(v);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/**
 * Typed reads of one JSON object's fields, each error naming the file and the field. Absent and null are the
 * same (transformers treats null as "use the default").
 */
class Fields extends HyperParameters {
  constructor(private readonly json: JsonObject, file: string, private readonly prefix = '') {
    super(file);
  }

  raw(key: string): unknown {
    return this.json[key];
  }

  has(key: string): boolean {
    return this.json[key] != null;
  }

  /** A nested object (rope_scaling), or undefined when absent. */
  nested(key: string): Fields | undefined {
    const v = this.json[key];
    if (v == null) return undefined;
    if (!isObject(v)) this.fail(key, 'an object', v);
    return new Fields(v, this.file, `${this.prefix}${key}.`);
  }

  /** A count is required; a real is checked as it is (an absent one reads "got undefined"). */
  protected value(key: string, kind: 'count' | 'real'): unknown {
    if (kind === 'count' && !this.has(key)) throw new WeightFormatError(`${this.file}: missing ${this.prefix}${key}`);
    return this.json[key];
  }

  optCount(key: string): number | undefined {
    return this.has(key) ? this.count(key) : undefined;
  }

  /** A non-negative integer (a layer's number), or `fallback` when absent. */
  index(key: string, fallback: number): number {
    const v = this.json[key];
    if (v == null) return fallback;
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > MAX_COUNT) this.fail(key, `a non-negative integer (at most ${MAX_COUNT})`, v);
    return v as number;
  }

  /** A fraction in (0, 1]. */
  fraction(key: string, fallback: number): number {
    return this.atMostOne(key, fallback, 'a number in (0, 1]');
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.json[key];
    if (v == null) return fallback;
    if (typeof v !== 'boolean') this.fail(key, 'true or false', v);
    return v;
  }

  str(key: string, fallback: string): string {
    const v = this.json[key];
    if (v == null) return fallback;
    if (typeof v !== 'string') this.fail(key, 'a string', v);
    return v;
  }

  optTokenId(key: string, vocabSize: number): number | undefined {
    const v = this.json[key];
    return v == null ? undefined : this.tokenId(key, v, vocabSize);
  }

  /** `label` names the value in messages (eos_token_id[1] for an element of a list). */
  tokenId(label: string, v: unknown, vocabSize: number): number {
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) >= vocabSize) {
      this.fail(label, `a token id: an integer in [0, ${vocabSize}), the vocabulary of config.json's vocab_size`, v);
    }
    return v as number;
  }

  protected fail(key: string, expected: string, got: unknown): never {
    throw new WeightFormatError(`${this.file}: ${this.prefix}${key} must be ${expected}, got ${show(got)}`);
  }
}
