// CPU reference for the whole forward pass: the same blocks as src/model/forward.ts, built
// from the reference kernels, with its own KV cache. Slow and plain on purpose: it is the oracle
// the GPU forward is tested against (tests/model/forward.test.ts), not an inference path. An
// observer sees the residual stream and the attention weights (the reference inspection, inspect.ts).

import { qkvWidth, type HostTensor, type ModelConfig, type WeightMap } from '../model/config.js';
import { ropeInverseFrequencies } from '../model/rope-frequencies.js';
import { attention, attentionProbabilities } from '../kernels/attention/reference.js';
import { swiglu } from '../kernels/elementwise/reference.js';
import { embed } from '../kernels/embed/reference.js';
import { splitQkv } from '../kernels/kvcache/reference.js';
import { matmul, type MatmulOptions } from '../kernels/matmul/reference.js';
import { layernorm, rmsnorm } from '../kernels/norm/reference.js';

/** What a forward pass shows an observer, as it computes it. */
export interface ForwardObserver {
  /** The residual stream (T, C): slot 0 after the embedding, slot l + 1 after layer l. */
  residual?(slot: number, x: Float32Array): void;
  /** Layer l's attention weights (NH, T, S) over the cached positions 0 .. S - 1. */
  attention?(layer: number, probs: Float32Array): void;
}

export class ReferenceTransformer {
  private readonly kCache: Float32Array[]; // L x (maxS, NKV, HS)
  private readonly vCache: Float32Array[];

  constructor(
    readonly config: ModelConfig,
    private readonly weights: WeightMap,
    readonly maxS = config.maxSeqLen,
  ) {
    const size = maxS * config.nKvHeads * config.headSize;
    this.kCache = Array.from({ length: config.nLayers }, () => new Float32Array(size));
    this.vCache = Array.from({ length: config.nLayers }, () => new Float32Array(size));
  }

  /** Runs tokens at positions pos0.. through the model; returns logits (T, V) for every row. */
  forward(ids: number[], pos0: number, observer: ForwardObserver = {}): Float32Array {
    const c = this.config;
    const T = ids.length;
    const { dim: C, nHeads: NH, nKvHeads: NKV, headSize: HS, hiddenDim: F } = c;
    let x = embed(ids, this.w('embed.tokens').data, {
      T, C, V: c.vocabSize, pos0, wpe: c.positions === 'learned' ? this.w('embed.positions').data : undefined,
    }); // (T, C)
    observer.residual?.(0, x);
    const rope = c.positions === 'rope'
      ? { theta: c.ropeTheta, layout: c.ropeLayout, rotaryDim: c.rotaryDim, invFreq: c.ropeScaling ? ropeInverseFrequencies(c) : undefined }
      : undefined;
    for (let l = 0; l < c.nLayers; l++) {
      const p = `layers.${l}.`;
      const qkv = this.linear(this.norm(x, `${p}norm1`), `${p}attn.qkv`, T, C, qkvWidth(c)); // (T, (NH+2NKV)HS)
      const q = splitQkv(qkv, this.kCache[l], this.vCache[l], { T, NH, NKV, HS, pos0, maxS: this.maxS, rope });
      const S = pos0 + T;
      const keys = this.kCache[l].subarray(0, S * NKV * HS);
      if (observer.attention) observer.attention(l, attentionProbabilities(q, keys, { T, S, NH, NKV, HS }));
      const att = attention(q, keys, this.vCache[l].subarray(0, S * NKV * HS), { T, S, NH, NKV, HS });
      x = this.linear(att, `${p}attn.out`, T, NH * HS, C, { residual: x });
      const h = this.norm(x, `${p}norm2`);
      const inner = c.mlp === 'gelu'
        ? this.linear(h, `${p}mlp.up`, T, C, F, { activation: 'gelu' })
        : swiglu(this.linear(h, `${p}mlp.gate`, T, C, F), this.linear(h, `${p}mlp.up`, T, C, F)); // (T, F)
      x = this.linear(inner, `${p}mlp.down`, T, F, C, { residual: x });
      observer.residual?.(l + 1, x);
    }
    return this.head(x);
  }

  /** Logits (T, V) of a residual stream (T, C): the final norm, then the unembedding. */
  head(x: Float32Array): Float32Array {
    const c = this.config;
    const head = c.tiedEmbeddings ? this.w('embed.tokens') : this.w('lm_head.weight');
    return matmul(this.norm(x, 'norm.final'), head.data, { T: x.length / c.dim, K: c.dim, N: c.vocabSize, layout: head.layout ?? 'nk' });
  }

  private norm(x: Float32Array, name: string): Float32Array {
    const c = this.config;
    const o = { rows: x.length / c.dim, C: c.dim, eps: c.normEps };
    const gamma = this.w(`${name}.weight`).data;
    return c.norm === 'layer' ? layernorm(x, gamma, this.w(`${name}.bias`).data, o) : rmsnorm(x, gamma, o);
  }

  private linear(x: Float32Array, name: string, T: number, K: number, N: number, extra: Partial<MatmulOptions> = {}): Float32Array {
    const w = this.w(`${name}.weight`);
    const bias = this.weights.get(`${name}.bias`)?.data;
    return matmul(x, w.data, { T, K, N, layout: w.layout ?? 'nk', bias, ...extra });
  }

  private w(name: string): HostTensor {
    const t = this.weights.get(name);
    if (!t) throw new Error(`reference transformer: missing weight ${name}`);
    return t;
  }
}
