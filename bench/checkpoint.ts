// Random-weight checkpoints for the model benchmark: a Hugging Face folder (config.json,
// model.safetensors, tokenizer.json) written straight to disk tensor by tensor, in F32, F16 or
// BF16, so a 1B-parameter model never sits in host memory as floats. Seeded: the same spec
// writes the same bytes, and a folder already written for the same spec is reused. Node only.

import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { bf16Bits, f16Bits } from '../src/quant/half.js';
import { mulberry32 } from '../src/train/data/random.js';

export type FileDType = 'F32' | 'F16' | 'BF16';

export interface RandomModelSpec {
  /** config.json as transformers writes it (model_type gpt2 or llama). */
  config: Record<string, unknown>;
  fileDType: FileDType;
  seed: number;
  /** tokenizer.json copied beside the weights (its vocabulary may be smaller than the model's). */
  tokenizer: string;
}

interface TensorPlan {
  name: string;
  shape: number[];
  /** 'ones': norm gains; 'zeros': biases; 'random': uniform in [-scale, scale). */
  fill: 'ones' | 'zeros' | 'random';
}

const BYTES: Record<FileDType, number> = { F32: 4, F16: 2, BF16: 2 };
// Small enough that random residual streams stay finite through dozens of layers.
const SCALE = 0.02;
const CHUNK = 1 << 20;

/** The tensors of a GPT-2 or Llama checkpoint of this config, in HF names (tied heads written once). */
export function tensorPlan(config: Record<string, unknown>): TensorPlan[] {
  const n = (key: string) => config[key] as number;
  const plan: TensorPlan[] = [];
  const add = (name: string, shape: number[], fill: TensorPlan['fill'] = 'random') => plan.push({ name, shape, fill });
  if (config.model_type === 'gpt2') {
    const [C, V, L] = [n('n_embd'), n('vocab_size'), n('n_layer')];
    add('wte.weight', [V, C]);
    add('wpe.weight', [n('n_positions'), C]);
    for (let l = 0; l < L; l++) {
      const h = `h.${l}.`;
      add(h + 'ln_1.weight', [C], 'ones');
      add(h + 'ln_1.bias', [C], 'zeros');
      add(h + 'attn.c_attn.weight', [C, 3 * C]);
      add(h + 'attn.c_attn.bias', [3 * C], 'zeros');
      add(h + 'attn.c_proj.weight', [C, C]);
      add(h + 'attn.c_proj.bias', [C], 'zeros');
      add(h + 'ln_2.weight', [C], 'ones');
      add(h + 'ln_2.bias', [C], 'zeros');
      add(h + 'mlp.c_fc.weight', [C, 4 * C]);
      add(h + 'mlp.c_fc.bias', [4 * C], 'zeros');
      add(h + 'mlp.c_proj.weight', [4 * C, C]);
      add(h + 'mlp.c_proj.bias', [C], 'zeros');
    }
    add('ln_f.weight', [C], 'ones');
    add('ln_f.bias', [C], 'zeros');
    return plan;
  }
  if (config.model_type !== 'llama') throw new Error(`bench checkpoint: model_type ${String(config.model_type)} is not gpt2 or llama`);
  const [C, V, L, F] = [n('hidden_size'), n('vocab_size'), n('num_hidden_layers'), n('intermediate_size')];
  const HS = C / n('num_attention_heads');
  const KV = n('num_key_value_heads') * HS;
  add('model.embed_tokens.weight', [V, C]);
  for (let l = 0; l < L; l++) {
    const h = `model.layers.${l}.`;
    add(h + 'input_layernorm.weight', [C], 'ones');
    add(h + 'self_attn.q_proj.weight', [C, C]);
    add(h + 'self_attn.k_proj.weight', [KV, C]);
    add(h + 'self_attn.v_proj.weight', [KV, C]);
    add(h + 'self_attn.o_proj.weight', [C, C]);
    add(h + 'post_attention_layernorm.weight', [C], 'ones');
    add(h + 'mlp.gate_proj.weight', [F, C]);
    add(h + 'mlp.up_proj.weight', [F, C]);
    add(h + 'mlp.down_proj.weight', [C, F]);
  }
  add('model.norm.weight', [C], 'ones');
  if (config.tie_word_embeddings === false) add('lm_head.weight', [V, C]);
  return plan;
}

/** Elements of a model of this config (its tensors in the file). */
export function parameterCount(config: Record<string, unknown>): number {
  return tensorPlan(config).reduce((sum, t) => sum + t.shape.reduce((a, b) => a * b, 1), 0);
}

/** Bytes model.safetensors will take, header excluded. */
export function checkpointBytes(spec: RandomModelSpec): number {
  return parameterCount(spec.config) * BYTES[spec.fileDType];
}

/**
 * Writes (or reuses) the checkpoint folder `dir` for `spec`; returns the folder. A stamp file
 * holding the spec marks a finished write, so an interrupted one is redone.
 */
export function writeRandomCheckpoint(dir: string, spec: RandomModelSpec): string {
  const stamp = join(dir, 'bench-spec.json');
  const wanted = JSON.stringify(spec);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return dir;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(spec.config, null, 2));
  copyFileSync(spec.tokenizer, join(dir, 'tokenizer.json'));
  writeSafetensors(join(dir, 'model.safetensors'), tensorPlan(spec.config), spec.fileDType, spec.seed);
  writeFileSync(stamp, wanted);
  return dir;
}

function writeSafetensors(path: string, plan: TensorPlan[], dtype: FileDType, seed: number): void {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const t of plan) {
    const bytes = t.shape.reduce((a, b) => a * b, 1) * BYTES[dtype];
    header[t.name] = { dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const text = new TextEncoder().encode(JSON.stringify(header));
  const json = new Uint8Array(text.length + ((8 - (text.length % 8)) % 8)).fill(0x20);
  json.set(text);
  const size = new Uint8Array(8);
  new DataView(size.buffer).setBigUint64(0, BigInt(json.length), true);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, size);
    writeSync(fd, json);
    const next = mulberry32(seed);
    const floats = new Float32Array(CHUNK);
    const halves = new Uint16Array(CHUNK);
    for (const t of plan) {
      let left = t.shape.reduce((a, b) => a * b, 1);
      while (left > 0) {
        const n = Math.min(left, CHUNK);
        const value = t.fill === 'ones' ? 1 : 0;
        for (let i = 0; i < n; i++) floats[i] = t.fill === 'random' ? (2 * next() - 1) * SCALE : value;
        writeSync(fd, encode(floats.subarray(0, n), dtype, halves));
        left -= n;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** The floats as the file's dtype (16-bit: rounded to nearest, as src/quant/half.ts does for the GPU). */
function encode(x: Float32Array, dtype: FileDType, halves: Uint16Array): Uint8Array {
  if (dtype === 'F32') return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  const bits = dtype === 'BF16' ? bf16Bits : f16Bits;
  for (let i = 0; i < x.length; i++) halves[i] = bits(x[i]!);
  return new Uint8Array(halves.buffer, 0, x.length * 2);
}
