// GGUF files laid out here as llama.cpp's converter lays them out (convert_hf_to_gguf.py), not by our
// writer, so that a mistake the writer and the loader share cannot cancel out: Llama's q and k rows
// permuted (LlamaModel.permute) and Llama 3.1's rope_scaling written as rope_freqs.weight (its
// generate_extra_tensors loop); Qwen2's q and k as Hugging Face stores them, with their biases. Each
// file's CPU reference logits equal the Hugging Face folder's it was made from.

import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../../src/model/config.js';
import { encodeGguf, gguf, type GgufEntry } from '../../src/model/weights/gguf-writer.js';
import { loadModel } from '../../src/model/weights/index.js';
import { toFloat32 } from '../../src/quant/stored.js';
import { ReferenceTransformer } from '../../src/reference/transformer.js';
import { compare } from '../kernels/harness.js';
import { randomHfCheckpoint, type RandomDims } from './fixtures.js';

const DIMS: RandomDims = { vocabSize: 67, dim: 64, nLayers: 2, nHeads: 4, nKvHeads: 2, hiddenDim: 128, maxSeqLen: 32 };
const PROMPT = [1, 17, 5, 66, 42, 3, 9, 30, 2, 8];

/** The converter's permute: each head's rows (two halves of pairs) reordered so that pairs are adjacent. */
function permuted(w: Float32Array, heads: number, cols: number): Float32Array {
  const headRows = w.length / cols / heads;
  const out = new Float32Array(w.length);
  for (let h = 0; h < heads; h++) {
    for (let half = 0; half < 2; half++) {
      for (let i = 0; i < headRows / 2; i++) {
        const from = h * headRows + half * (headRows / 2) + i;
        out.set(w.subarray(from * cols, (from + 1) * cols), (h * headRows + 2 * i + half) * cols);
      }
    }
  }
  return out;
}

/** The converter's rope_freqs.weight for a llama3 rope_scaling. */
function llama3Factors(theta: number, headSize: number, s: { factor: number; low_freq_factor: number; high_freq_factor: number; original_max_position_embeddings: number }): Float32Array {
  const out: number[] = [];
  for (let i = 0; i < headSize; i += 2) {
    const wavelength = (2 * Math.PI) * Math.pow(theta, i / headSize);
    const old = s.original_max_position_embeddings;
    if (wavelength < old / s.high_freq_factor) out.push(1);
    else if (wavelength > old / s.low_freq_factor) out.push(s.factor);
    else {
      const smooth = (old / wavelength - s.low_freq_factor) / (s.high_freq_factor - s.low_freq_factor);
      out.push(1 / ((1 - smooth) / s.factor + smooth));
    }
  }
  return Float32Array.from(out);
}

function converted(kind: 'llama' | 'qwen2', dims: RandomDims, patch: Record<string, unknown> = {}) {
  const ck = randomHfCheckpoint(kind, dims, 3);
  const cfg = { ...JSON.parse(ck.configJson), ...patch };
  const [C, H, KVH] = [cfg.hidden_size, cfg.num_attention_heads, cfg.num_key_value_heads];
  const meta: [string, GgufEntry][] = [
    ['general.architecture', gguf.string(kind)],
    [`${kind}.block_count`, gguf.u32(cfg.num_hidden_layers)], [`${kind}.context_length`, gguf.u32(cfg.max_position_embeddings)],
    [`${kind}.embedding_length`, gguf.u32(C)], [`${kind}.feed_forward_length`, gguf.u32(cfg.intermediate_size)],
    [`${kind}.attention.head_count`, gguf.u32(H)], [`${kind}.attention.head_count_kv`, gguf.u32(KVH)],
    [`${kind}.rope.freq_base`, gguf.f32(cfg.rope_theta)], [`${kind}.attention.layer_norm_rms_epsilon`, gguf.f32(cfg.rms_norm_eps)],
  ];
  const tensors: Parameters<typeof encodeGguf>[1] = [];
  const put = (name: string, hf: string, change = (d: Float32Array) => d) => {
    const t = ck.tensors[hf]!;
    tensors.push({ name, ne: [...t.shape].reverse(), type: 'f32', bytes: new Uint8Array(change(t.data).slice().buffer) });
  };
  if (cfg.rope_scaling?.rope_type === 'llama3') {
    const factors = llama3Factors(cfg.rope_theta, C / H, cfg.rope_scaling);
    tensors.push({ name: 'rope_freqs.weight', ne: [factors.length], type: 'f32', bytes: new Uint8Array(factors.buffer) });
  }
  put('token_embd.weight', 'model.embed_tokens.weight');
  for (let l = 0; l < cfg.num_hidden_layers; l++) {
    const [h, b] = [`model.layers.${l}.`, `blk.${l}.`];
    const rows = (heads: number) => (kind === 'llama' ? (d: Float32Array) => permuted(d, heads, C) : undefined);
    put(b + 'attn_norm.weight', h + 'input_layernorm.weight');
    put(b + 'attn_q.weight', h + 'self_attn.q_proj.weight', rows(H));
    put(b + 'attn_k.weight', h + 'self_attn.k_proj.weight', rows(KVH));
    put(b + 'attn_v.weight', h + 'self_attn.v_proj.weight');
    if (kind === 'qwen2') for (const x of ['q', 'k', 'v']) put(b + `attn_${x}.bias`, h + `self_attn.${x}_proj.bias`);
    put(b + 'attn_output.weight', h + 'self_attn.o_proj.weight');
    put(b + 'ffn_norm.weight', h + 'post_attention_layernorm.weight');
    put(b + 'ffn_gate.weight', h + 'mlp.gate_proj.weight');
    put(b + 'ffn_up.weight', h + 'mlp.up_proj.weight');
    put(b + 'ffn_down.weight', h + 'mlp.down_proj.weight');
  }
  put('output_norm.weight', 'model.norm.weight');
  if (ck.tensors['lm_head.weight']) put('output.weight', 'lm_head.weight');
  const file = loadModel({ format: 'gguf', checkpoint: 'model.gguf', files: new Map([['model.gguf', encodeGguf(meta, tensors)]]) });
  const folder = loadModel({ format: 'huggingface', files: new Map([['config.json', new TextEncoder().encode(JSON.stringify(cfg))], ['model.safetensors', ck.safetensorsBytes]]) });
  return { file, folder };
}

const logits = (m: ReturnType<typeof loadModel>, config = m.config) =>
  new ReferenceTransformer(config, new Map([...m.weights].map(([n, t]): [string, HostTensor] => [n, { ...toFloat32(t), dtype: 'f32' }]))).forward(PROMPT, 0);

describe('GGUF files as llama.cpp\'s converter writes them', () => {
  it.each<[string, 'llama' | 'qwen2', RandomDims]>([
    ['qwen2, tied (as Qwen2.5-0.5B)', 'qwen2', { ...DIMS, tied: true }],
    ['qwen2, untied', 'qwen2', { ...DIMS, tied: false }],
    ['llama', 'llama', DIMS],
  ])('%s: the logits of the Hugging Face folder', (_, kind, dims) => {
    const { file, folder } = converted(kind, dims);
    expect(file.config.tiedEmbeddings).toBe(folder.config.tiedEmbeddings);
    const r = compare(logits(file), logits(folder), { atol: 1e-4, rtol: 1e-4, nmse: 1e-9 });
    expect(r.pass, r.detail).toBe(true);
  });

  it('llama with Llama 3.1\'s rope_scaling as rope_freqs.weight: the llama3 folder\'s logits, not the unscaled ones', () => {
    const scaling = { rope_type: 'llama3', factor: 8, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 8 };
    const { file, folder } = converted('llama', DIMS, { rope_theta: 500000, rope_scaling: scaling });
    expect(file.config.ropeScaling?.type).toBe('factors');
    const got = logits(file);
    const r = compare(got, logits(folder), { atol: 1e-4, rtol: 1e-4, nmse: 1e-9 });
    expect(r.pass, r.detail).toBe(true);
    expect(compare(got, logits(folder, { ...folder.config, ropeScaling: undefined }), { atol: 1e-4, rtol: 1e-4, nmse: 1e-9 }).pass).toBe(false);
  });
});
