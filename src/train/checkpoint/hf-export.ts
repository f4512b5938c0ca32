// ModelConfig + canonical weights -> a Hugging Face checkpoint: config.json of model_type gpt2 (or
// llama, mistral, qwen2) and the tensors under the names transformers gives them, the exact inverse
// of src/model/weights/huggingface.ts + hf-config.ts, which checkReadsBack runs on the result.
// Not file writing (checkpoint.ts). Tests: tests/train/checkpoint.test.ts.

import type { HostTensor, ModelConfig, WeightMap } from '../../model/config.js';
import { loadHuggingFace } from '../../model/weights/huggingface.js';
import type { JsonObject } from '../../model/weights/json.js';
import type { TensorToWrite } from '../../model/weights/safetensors-writer.js';
import type { SafetensorsEntry } from '../../model/weights/safetensors.js';

type LlamaType = 'llama' | 'mistral' | 'qwen2';

/** The model_type written: llama2.c checkpoints (and any other Llama-family type) become 'llama'. */
export function exportedModelType(c: ModelConfig): 'gpt2' | LlamaType {
  if (c.architecture === 'gpt2') return 'gpt2';
  return c.modelType === 'mistral' || c.modelType === 'qwen2' ? c.modelType : 'llama';
}

const CLASS_NAMES = { gpt2: 'GPT2LMHeadModel', llama: 'LlamaForCausalLM', mistral: 'MistralForCausalLM', qwen2: 'Qwen2ForCausalLM' };

/** config.json: every field the loader reads, plus what transformers needs to build the same model. */
export function huggingFaceConfig(c: ModelConfig): JsonObject {
  const type = exportedModelType(c);
  // Written even when absent: GPT2Config and LlamaConfig default to ids of their own vocabularies.
  const tokens = { bos_token_id: c.bosTokenId ?? null, eos_token_id: c.eosTokenIds.length > 1 ? c.eosTokenIds : (c.eosTokenIds[0] ?? null) };
  const common = { architectures: [CLASS_NAMES[type]], model_type: type, vocab_size: c.vocabSize };
  // shaderlm trains without dropout; transformers' defaults (0.1 for GPT-2) would not be what was trained.
  if (type === 'gpt2') {
    return {
      ...common, n_positions: c.maxSeqLen, n_embd: c.dim, n_layer: c.nLayers, n_head: c.nHeads, n_inner: c.hiddenDim,
      activation_function: 'gelu_new', layer_norm_epsilon: c.normEps, resid_pdrop: 0, embd_pdrop: 0, attn_pdrop: 0,
      initializer_range: 0.02, tie_word_embeddings: c.tiedEmbeddings, ...tokens, torch_dtype: 'float32',
    };
  }
  return {
    ...common, hidden_size: c.dim, intermediate_size: c.hiddenDim, num_hidden_layers: c.nLayers,
    num_attention_heads: c.nHeads, num_key_value_heads: c.nKvHeads,
    ...(c.headSize * c.nHeads === c.dim ? {} : { head_dim: c.headSize }),
    max_position_embeddings: c.maxSeqLen, rms_norm_eps: c.normEps, rope_theta: c.ropeTheta, rope_scaling: ropeScaling(c),
    ...(c.rotaryDim === c.headSize ? {} : { partial_rotary_factor: c.rotaryDim / c.headSize }),
    hidden_act: 'silu', attention_bias: c.bias.attnOut, mlp_bias: c.bias.mlp, attention_dropout: 0,
    // No sliding window here: the loader already capped the context at it (hf-config.ts).
    ...(type === 'mistral' ? { sliding_window: null } : type === 'qwen2' ? { use_sliding_window: false } : {}),
    tie_word_embeddings: c.tiedEmbeddings, initializer_range: 0.02, ...tokens, torch_dtype: 'float32',
  };
}

function ropeScaling(c: ModelConfig): JsonObject | null {
  const s = c.ropeScaling;
  if (!s) return null;
  if (s.type === 'linear') return { rope_type: 'linear', factor: s.factor };
  // Only GGUF files carry them, and training starts from Hugging Face folders alone (train/api.ts).
  if (s.type === 'factors') throw new RangeError('config.json has no spelling for per-frequency RoPE factors (a GGUF file\'s rope_freqs.weight)');
  return {
    rope_type: 'llama3', factor: s.factor, low_freq_factor: s.lowFreqFactor, high_freq_factor: s.highFreqFactor,
    original_max_position_embeddings: s.originalContext,
  };
}

/**
 * The tensors of model.safetensors under transformers' names (GPT2LMHeadModel's "transformer.h.0...",
 * LlamaForCausalLM's "model.layers.0..."), in the layouts those modules store: GPT-2's Conv1D
 * [in, out], nn.Linear's [out, in]. Llama's stacked qkv splits back into q_proj, k_proj, v_proj;
 * a tied head is not written (save_pretrained drops it too). Interleaved RoPE (llama2.c) has no
 * config.json spelling, so q and k rows are permuted per head into the half-split pairing
 * Hugging Face uses, as transformers' convert_llama_weights_to_hf does: the logits stay the same.
 */
export function huggingFaceTensors(c: ModelConfig, weights: WeightMap): TensorToWrite[] {
  const w = new WeightTaker(weights);
  const out: TensorToWrite[] = [];
  const put = (name: string, t: { shape: number[]; data: Float32Array }) => out.push({ name, shape: t.shape, data: t.data });
  if (c.architecture === 'gpt2') {
    const p = 'transformer.';
    put(`${p}wte.weight`, w.take('embed.tokens', 'nk'));
    put(`${p}wpe.weight`, w.take('embed.positions'));
    for (let l = 0; l < c.nLayers; l++) {
      const [h, ours] = [`${p}h.${l}.`, `layers.${l}.`];
      const pairs: Array<[string, string, ('kn' | undefined)?]> = [
        ['ln_1.weight', 'norm1.weight'], ['ln_1.bias', 'norm1.bias'],
        ['attn.c_attn.weight', 'attn.qkv.weight', 'kn'], ['attn.c_attn.bias', 'attn.qkv.bias'],
        ['attn.c_proj.weight', 'attn.out.weight', 'kn'], ['attn.c_proj.bias', 'attn.out.bias'],
        ['ln_2.weight', 'norm2.weight'], ['ln_2.bias', 'norm2.bias'],
        ['mlp.c_fc.weight', 'mlp.up.weight', 'kn'], ['mlp.c_fc.bias', 'mlp.up.bias'],
        ['mlp.c_proj.weight', 'mlp.down.weight', 'kn'], ['mlp.c_proj.bias', 'mlp.down.bias'],
      ];
      for (const [hf, name, layout] of pairs) put(h + hf, w.take(ours + name, layout));
    }
    put(`${p}ln_f.weight`, w.take('norm.final.weight'));
    put(`${p}ln_f.bias`, w.take('norm.final.bias'));
  } else {
    put('model.embed_tokens.weight', w.take('embed.tokens', 'nk'));
    for (let l = 0; l < c.nLayers; l++) {
      const [h, ours] = [`model.layers.${l}.`, `layers.${l}.`];
      put(`${h}input_layernorm.weight`, w.take(`${ours}norm1.weight`));
      for (const [part, tensor] of splitQkv(c, w.take(`${ours}attn.qkv.weight`, 'nk'))) put(`${h}self_attn.${part}_proj.weight`, tensor);
      if (c.bias.qkv) for (const [part, tensor] of splitQkv(c, w.take(`${ours}attn.qkv.bias`))) put(`${h}self_attn.${part}_proj.bias`, tensor);
      put(`${h}self_attn.o_proj.weight`, w.take(`${ours}attn.out.weight`, 'nk'));
      if (c.bias.attnOut) put(`${h}self_attn.o_proj.bias`, w.take(`${ours}attn.out.bias`));
      put(`${h}post_attention_layernorm.weight`, w.take(`${ours}norm2.weight`));
      for (const part of ['gate', 'up', 'down']) {
        put(`${h}mlp.${part}_proj.weight`, w.take(`${ours}mlp.${part}.weight`, 'nk'));
        if (c.bias.mlp) put(`${h}mlp.${part}_proj.bias`, w.take(`${ours}mlp.${part}.bias`));
      }
    }
    put('model.norm.weight', w.take('norm.final.weight'));
  }
  if (!c.tiedEmbeddings) put('lm_head.weight', w.take('lm_head.weight', 'nk'));
  w.checkAllTaken(exportedModelType(c));
  return out;
}

/** q, k, v rows of a stacked qkv weight ('nk') or bias, with RoPE pairs moved to the half split. */
function splitQkv(c: ModelConfig, qkv: { shape: number[]; data: Float32Array }): Array<['q' | 'k' | 'v', { shape: number[]; data: Float32Array }]> {
  const cols = qkv.shape.length === 2 ? qkv.shape[1]! : 1;
  const rows = (from: number, count: number) => qkv.data.subarray(from * cols, (from + count) * cols);
  const shape = (n: number) => (qkv.shape.length === 2 ? [n, cols] : [n]);
  const [Q, KV] = [c.nHeads * c.headSize, c.nKvHeads * c.headSize];
  const rope = (data: Float32Array) => (c.positions === 'rope' && c.ropeLayout === 'interleaved' ? toHalfSplit(data, cols, c.headSize, c.rotaryDim) : data);
  return [
    ['q', { shape: shape(Q), data: rope(rows(0, Q)) }],
    ['k', { shape: shape(KV), data: rope(rows(Q, KV)) }],
    ['v', { shape: shape(KV), data: rows(Q + KV, KV) }],
  ];
}

/** Per head of HS rows, row 2i + p (an interleaved pair) moves to p R/2 + i (a half-split pair); rows from R on stay. */
function toHalfSplit(data: Float32Array, cols: number, HS: number, R: number): Float32Array {
  const out = data.slice();
  const half = R / 2;
  for (let head = 0; head * HS * cols < data.length; head++) {
    for (let i = 0; i < half; i++) {
      for (let p = 0; p < 2; p++) {
        const from = (head * HS + 2 * i + p) * cols;
        out.set(data.subarray(from, from + cols), (head * HS + p * half + i) * cols);
      }
    }
  }
  return out;
}

/** Hands out canonical weights, in a requested matrix layout, and notices any left over. */
class WeightTaker {
  private readonly taken = new Set<string>();
  constructor(private readonly weights: WeightMap) {}

  take(name: string, layout?: 'nk' | 'kn'): { shape: number[]; data: Float32Array } {
    const t = this.weights.get(name);
    if (!t) throw new Error(`saving a checkpoint: the weights have no "${name}", which the model config implies`);
    this.taken.add(name);
    return layout && (t.layout ?? 'nk') !== layout ? transpose(t) : t;
  }

  checkAllTaken(type: string): void {
    const left = [...this.weights.keys()].filter((n) => !this.taken.has(n));
    if (left.length) throw new Error(`saving a checkpoint: weight${left.length > 1 ? 's' : ''} ${left.map((n) => `"${n}"`).join(', ')} ha${left.length > 1 ? 've' : 's'} no place in a ${type} checkpoint of this config`);
  }
}

function transpose(t: HostTensor): { shape: number[]; data: Float32Array } {
  const [rows, cols] = t.shape as [number, number];
  const data = new Float32Array(t.data.length);
  for (let r = 0; r < rows; r++) for (let k = 0; k < cols; k++) data[k * rows + r] = t.data[r * cols + k]!;
  return { shape: [cols, rows], data };
}

/**
 * Runs the project's loader on what is about to be written and throws unless it gives back `c`
 * (with the half-split RoPE layout and the exported model_type): a config this format cannot
 * express fails the save, not a later load.
 */
export function checkReadsBack(c: ModelConfig, configJson: JsonObject, tensors: ReadonlyMap<string, SafetensorsEntry>): void {
  const back = loadHuggingFace({ config: configJson, tensors }).config;
  const expected: ModelConfig = { ...c, modelType: exportedModelType(c), ropeLayout: c.positions === 'rope' ? 'half' : c.ropeLayout };
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(back)])] as Array<keyof ModelConfig>;
  const differ = keys.filter((k) => canonical(expected[k]) !== canonical(back[k]));
  if (differ.length) {
    const show = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(v));
    throw new Error(
      `this model cannot be saved as a Hugging Face ${expected.modelType} checkpoint: config.json would load back with ` +
        differ.map((k) => `${k} ${show(back[k])} instead of ${show(expected[k])}`).join(', '),
    );
  }
}

/** JSON with object keys sorted, so key order never counts as a difference. */
function canonical(v: unknown): string | undefined {
  return JSON.stringify(v, (_, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x));
}
