// Seeded random models in canonical weight names, for testing the GPU forward pass against the
// CPU reference: GPT-2-like (learned positions, LayerNorm, GELU, biases, 'kn' weights, tied
// head) and Llama-like (RoPE in either layout, RMSNorm, SwiGLU, GQA, untied head, optional qkv bias).

import { qkvWidth, type HostTensor, type ModelConfig, type WeightMap } from '../../src/model/config.js';
import { randomArray } from '../support/random.js';

export interface Dims { V: number; C: number; L: number; NH: number; NKV: number; F: number; maxSeqLen: number }

export function gpt2Config(d: Dims): ModelConfig {
  return {
    architecture: 'gpt2', modelType: 'gpt2', vocabSize: d.V, dim: d.C, nLayers: d.L, nHeads: d.NH, nKvHeads: d.NH,
    headSize: d.C / d.NH, hiddenDim: d.F, maxSeqLen: d.maxSeqLen, norm: 'layer', normEps: 1e-5, positions: 'learned',
    ropeTheta: 10000, ropeLayout: 'half', rotaryDim: d.C / d.NH, mlp: 'gelu',
    bias: { qkv: true, attnOut: true, mlp: true, norm: true }, tiedEmbeddings: true, eosTokenIds: [],
  };
}

export function llamaConfig(d: Dims, ropeLayout: 'interleaved' | 'half', qkvBias = false): ModelConfig {
  return {
    architecture: 'llama', modelType: qkvBias ? 'qwen2' : 'llama', vocabSize: d.V, dim: d.C, nLayers: d.L, nHeads: d.NH,
    nKvHeads: d.NKV, headSize: d.C / d.NH, hiddenDim: d.F, maxSeqLen: d.maxSeqLen, norm: 'rms', normEps: 1e-5,
    positions: 'rope', ropeTheta: 10000, ropeLayout, rotaryDim: d.C / d.NH, mlp: 'swiglu',
    bias: { qkv: qkvBias, attnOut: false, mlp: false, norm: false }, tiedEmbeddings: false, eosTokenIds: [],
  };
}

/** Random weights for `c`; matrices scaled like a trained model's (about 1/sqrt(fan-in)). */
export function randomWeights(c: ModelConfig, seed: number): WeightMap {
  const w: WeightMap = new Map();
  let s = seed;
  const t = (name: string, shape: number[], scale: number, layout?: 'nk' | 'kn', offset = 0) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = randomArray(n, s++, scale);
    if (offset) for (let i = 0; i < n; i++) data[i] += offset;
    const tensor: HostTensor = { shape, dtype: 'f32', data, layout };
    w.set(name, tensor);
  };
  const kn = c.architecture === 'gpt2';
  const mat = (name: string, N: number, K: number) => t(name, kn ? [K, N] : [N, K], 1 / Math.sqrt(K), kn ? 'kn' : 'nk');
  const { dim: C, hiddenDim: F, nHeads: NH, headSize: HS } = c;
  t('embed.tokens', [c.vocabSize, C], 1, 'nk');
  if (c.positions === 'learned') t('embed.positions', [c.maxSeqLen, C], 0.5);
  const norm = (name: string) => {
    t(`${name}.weight`, [C], 0.2, undefined, 1);
    if (c.norm === 'layer') t(`${name}.bias`, [C], 0.1);
  };
  for (let l = 0; l < c.nLayers; l++) {
    const p = `layers.${l}.`;
    norm(`${p}norm1`);
    mat(`${p}attn.qkv.weight`, qkvWidth(c), C);
    if (c.bias.qkv) t(`${p}attn.qkv.bias`, [qkvWidth(c)], 0.1);
    mat(`${p}attn.out.weight`, C, NH * HS);
    if (c.bias.attnOut) t(`${p}attn.out.bias`, [C], 0.1);
    norm(`${p}norm2`);
    if (c.mlp === 'swiglu') mat(`${p}mlp.gate.weight`, F, C);
    if (c.mlp === 'swiglu' && c.bias.mlp) t(`${p}mlp.gate.bias`, [F], 0.1);
    mat(`${p}mlp.up.weight`, F, C);
    if (c.bias.mlp) t(`${p}mlp.up.bias`, [F], 0.1);
    mat(`${p}mlp.down.weight`, C, F);
    if (c.bias.mlp) t(`${p}mlp.down.bias`, [C], 0.1);
  }
  norm('norm.final');
  if (!c.tiedEmbeddings) t('lm_head.weight', [c.vocabSize, C], 1 / Math.sqrt(C), 'nk');
  return w;
}
