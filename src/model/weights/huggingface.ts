// Hugging Face checkpoints (config.json + safetensors) -> the normalised ModelConfig and canonical weights.
// The one place for HF name mapping: GPT-2 Conv1D weights stay 'kn'; Llama-family q/k/v stack into 'nk' qkv.
// The checkpoint and config.json must agree both ways: every tensor the config implies is present with its shape,
// and every tensor present is used. Not file access (source.ts), safetensors parsing (safetensors.ts) nor
// config.json's fields (hf-config.ts). Matrices stored F16 or BF16 stay 16-bit (f16, bf16 of
// src/quant/formats.ts) unless float32 is asked for; everything else is float32.
// Tests: tests/model/loaders*.test.ts, tests/model/dtype.test.ts.

import type { ModelConfig, WeightMap } from '../config.js';
import { WeightFormatError } from '../../errors.js';
import type { StoredTensor } from '../../quant/formats.js';
import { toFloat32 } from '../../quant/stored.js';
import { isConvertible } from '../convert.js';
import { hfConfig } from './hf-config.js';
import type { JsonObject } from './json.js';
import { stackedRows } from './rows.js';
import { CHECK_NOW, type TensorChecks } from './checks.js';
import { toStoredTensor, type SafetensorsEntry } from './safetensors.js';

export { SUPPORTED_MODEL_TYPES } from './hf-config.js';

export interface HfCheckpoint {
  config: JsonObject; // config.json
  generationConfig?: JsonObject; // generation_config.json, whose token ids win over config.json's
  tensors: ReadonlyMap<string, SafetensorsEntry>;
  /** The checkpoint as errors name it when a tensor is missing: model.safetensors (default) or the shard index. */
  checkpoint?: string;
  /** What checks each tensor's values (default: at once). */
  checks?: TensorChecks;
}

/** How one architecture names its tensors. */
interface Naming {
  /** Tried in order before each name: with and without the base model's prefix. */
  prefixes: string[];
  /** Buffers older exports saved that no weight comes from (transformers' _keys_to_ignore_on_load_unexpected). */
  ignored: RegExp;
}

const GPT2_NAMING: Naming = { prefixes: ['transformer.', ''], ignored: /^(transformer\.)?h\.\d+\.attn\.(bias|masked_bias)$/ };
const LLAMA_NAMING: Naming = { prefixes: ['model.', ''], ignored: /^(model\.)?layers\.\d+\.self_attn\.rotary_emb\.inv_freq$/ };

/** `float32`: every tensor as float32 (training, optimizer state), instead of 16-bit matrices kept 16-bit. */
export function loadHuggingFace(ck: HfCheckpoint & { float32: true }): { config: ModelConfig; weights: WeightMap };
export function loadHuggingFace(ck: HfCheckpoint & { float32?: boolean }): { config: ModelConfig; weights: Map<string, StoredTensor> };
export function loadHuggingFace(ck: HfCheckpoint & { float32?: boolean }): { config: ModelConfig; weights: Map<string, StoredTensor> } {
  const config = hfConfig(ck.config, ck.generationConfig);
  const gpt2 = config.architecture === 'gpt2';
  const reader = new TensorReader(ck.tensors, ck.checkpoint ?? 'model.safetensors', gpt2 ? GPT2_NAMING : LLAMA_NAMING, ck.checks ?? CHECK_NOW);
  const weights = gpt2 ? gpt2Weights(config, reader) : llamaWeights(config, reader);
  reader.checkAllUsed();
  // Tensors are read in the file's precision; what must be float32 (norms, biases, positions; all when
  // asked) is widened here. Asked, every tensor's data is made once (a stack's is made at each read):
  // training updates float32 weights in place.
  for (const [name, t] of weights) {
    if (ck.float32 || (t.dtype !== 'f32' && !isConvertible(name, t))) weights.set(name, { ...toFloat32(t), dtype: 'f32' });
  }
  return { config, weights };
}

function gpt2Weights(c: ModelConfig, r: TensorReader): Map<string, StoredTensor> {
  const { dim: C, hiddenDim: F, vocabSize: V } = c;
  const w = new Map<string, StoredTensor>();
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
  else r.acceptTiedCopy(r.candidates('wte.weight'));
  return w;
}

function llamaWeights(c: ModelConfig, r: TensorReader): Map<string, StoredTensor> {
  const { dim: C, hiddenDim: F, vocabSize: V, headSize: HS } = c;
  const [Q, KV] = [c.nHeads * HS, c.nKvHeads * HS];
  const w = new Map<string, StoredTensor>();
  // A tied checkpoint may keep only lm_head.weight (safetensors drops the duplicate).
  const embedNames = ['model.embed_tokens.weight', 'embed_tokens.weight', ...(c.tiedEmbeddings ? ['lm_head.weight'] : [])];
  w.set('embed.tokens', r.takeExact(embedNames, [V, C], 'nk'));
  for (let l = 0; l < c.nLayers; l++) {
    const h = `layers.${l}.`; // the HF name (after its prefix) and the canonical name share this
    w.set(h + 'norm1.weight', r.take(h + 'input_layernorm.weight', [C]));
    w.set(h + 'attn.qkv.weight', stack([
      r.take(h + 'self_attn.q_proj.weight', [Q, C]), r.take(h + 'self_attn.k_proj.weight', [KV, C]),
      r.take(h + 'self_attn.v_proj.weight', [KV, C]),
    ]));
    if (c.bias.qkv) {
      w.set(h + 'attn.qkv.bias', stack([
        r.take(h + 'self_attn.q_proj.bias', [Q]), r.take(h + 'self_attn.k_proj.bias', [KV]),
        r.take(h + 'self_attn.v_proj.bias', [KV]),
      ]));
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
  else r.acceptTiedCopy(embedNames);
  return w;
}

/**
 * Rows (q, then k, then v) as one tensor (stackedRows: made as it uploads), 16-bit when every part is
 * in the same 16-bit format, else float32.
 */
function stack(parts: StoredTensor[]): StoredTensor {
  const [dtype] = new Set(parts.map((p) => p.dtype));
  const kept = parts.every((p) => p.dtype === dtype) && (dtype === 'f16' || dtype === 'bf16');
  return stackedRows(kept ? parts : parts.map((p) => ({ ...toFloat32(p), dtype: 'f32' })));
}

/** Looks up checkpoint tensors by HF name (trying each prefix), checks shapes against the config, records use. */
class TensorReader {
  private readonly used = new Set<SafetensorsEntry>();

  constructor(
    private readonly tensors: ReadonlyMap<string, SafetensorsEntry>,
    private readonly checkpoint: string,
    private readonly naming: Naming,
    private readonly checks: TensorChecks,
  ) {}

  take(name: string, shape: number[], layout?: 'nk' | 'kn'): StoredTensor {
    return this.takeExact(this.candidates(name), shape, layout);
  }

  /** The names `name` may have in the checkpoint, one per prefix. */
  candidates(name: string): string[] {
    return this.naming.prefixes.map((p) => p + name);
  }

  /** The first of the candidate names present in the checkpoint. */
  takeExact(names: string[], shape: number[], layout?: 'nk' | 'kn'): StoredTensor {
    const name = names.find((n) => this.tensors.has(n));
    if (name === undefined) {
      const others = names.slice(1).map((n) => `"${n}"`).join(', ');
      throw new WeightFormatError(
        `${this.checkpoint}: missing tensor "${names[0]}"${others ? ` (also looked for ${others})` : ''}, which config.json implies`,
      );
    }
    const t = this.tensors.get(name)!;
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new WeightFormatError(
        `${t.file}: tensor "${name}": config.json implies shape [${shape.join(', ')}] but the checkpoint has [${t.shape.join(', ')}]`,
      );
    }
    this.used.add(t);
    return toStoredTensor(name, t, layout, this.checks);
  }

  /**
   * A tied checkpoint may store the head (lm_head.weight) as well: accepted when it is a copy of the
   * embedding (the first of `embeddingNames` present, already taken), refused otherwise.
   */
  acceptTiedCopy(embeddingNames: string[]): void {
    const name = 'lm_head.weight';
    const copy = this.tensors.get(name);
    if (!copy || this.used.has(copy)) return;
    const embedding = this.tensors.get(embeddingNames.find((n) => this.tensors.has(n))!)!;
    const difference = tensorDifference(copy, embedding);
    if (difference) {
      throw new WeightFormatError(
        `${copy.file}: tensor "${name}" differs from the token embedding (${difference}), but config.json ties the output head to the ` +
          'embedding (tie_word_embeddings), so it would be ignored: set tie_word_embeddings to false to use it',
      );
    }
    this.used.add(copy);
  }

  /** Every tensor the checkpoint holds must have been used, or config.json describes a different model. */
  checkAllUsed(): void {
    const unused = [...this.tensors].filter(([name, t]) => !this.used.has(t) && !this.naming.ignored.test(name));
    if (!unused.length) return;
    const files = [...new Set(unused.map(([, t]) => t.file))].join(', ');
    const names = unused.slice(0, 5).map(([n]) => `"${n}"`).join(', ') + (unused.length > 5 ? ` and ${unused.length - 5} more` : '');
    throw new WeightFormatError(
      `${files}: ${unused.length} tensor${unused.length > 1 ? 's have' : ' has'} no place in the model config.json describes: ${names}; ` +
        'config.json does not match this checkpoint (num_hidden_layers? tie_word_embeddings? attention_bias or mlp_bias?)',
    );
  }
}

/** How tensor a differs from b, or undefined when they are byte for byte the same. */
function tensorDifference(a: SafetensorsEntry, b: SafetensorsEntry): string | undefined {
  if (a.dtype !== b.dtype) return `${a.dtype}, the embedding ${b.dtype}`;
  if (a.shape.join() !== b.shape.join()) return `shape [${a.shape.join(', ')}], the embedding [${b.shape.join(', ')}]`;
  const [x, y] = [a.bytes, b.bytes]; // once each: read from the file at each access where it is left on disk
  for (let i = 0; i < x.byteLength; i++) if (x[i] !== y[i]) return `its values, from byte ${i}`;
  return undefined;
}
