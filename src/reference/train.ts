// CPU reference for training: the loss of a batch and every weight's gradient, by the forward
// reference kernels and their backward references in reverse, then clipping and AdamW. Slow and
// plain on purpose: the oracle the GPU trainer is tested against (and itself checked against
// finite differences of the loss), not a training path.

import type { ModelConfig, WeightMap } from '../model/config.js';
import { ropeInverseFrequencies } from '../model/rope-frequencies.js';
import { adamwStep } from '../kernels/adamw/reference.js';
import { decays, type OptimizerOptions } from '../train/optimizer.js';
import { attention, attentionBackward } from '../kernels/attention/reference.js';
import { crossEntropy } from '../kernels/crossentropy/reference.js';
import { gelu, geluBackward, swiglu, swigluBackward } from '../kernels/elementwise/reference.js';
import { embed, embedBackward } from '../kernels/embed/reference.js';
import { clipScale, globalNorm } from '../kernels/gradnorm/reference.js';
import { splitQkv, splitQkvBackward } from '../kernels/kvcache/reference.js';
import { matmul, matmulBackward } from '../kernels/matmul/reference.js';
import { layernorm, layernormBackward, rmsnorm, rmsnormBackward } from '../kernels/norm/reference.js';
import { matrixDims } from '../quant/stored.js';

/** B sequences of T tokens: inputs and the next tokens they predict, row-major (B, T). */
export interface Batch {
  B: number;
  T: number;
  inputs: Uint32Array;
  targets: Uint32Array;
}

export type { OptimizerOptions };

type Grads = Map<string, Float32Array>;

/** What one sequence's forward keeps for its backward. */
interface LayerTape {
  x: Float32Array; h1: Float32Array; qkv: Float32Array; q: Float32Array; k: Float32Array; v: Float32Array;
  att: Float32Array; x2: Float32Array; h2: Float32Array; gate?: Float32Array; up: Float32Array; act: Float32Array;
}

export class ReferenceTrainer {
  private readonly m = new Map<string, Float32Array>();
  private readonly v = new Map<string, Float32Array>();
  private steps = 0;

  constructor(
    readonly config: ModelConfig,
    readonly weights: WeightMap,
    private readonly opt: OptimizerOptions,
  ) {
    for (const [name, t] of weights) {
      this.m.set(name, new Float32Array(t.data.length));
      this.v.set(name, new Float32Array(t.data.length));
    }
  }

  /** The mean next-token loss of a batch and the gradient of every weight. */
  lossAndGrads(batch: Batch): { loss: number; grads: Grads } {
    const grads: Grads = new Map([...this.weights].map(([name, t]) => [name, new Float32Array(t.data.length)]));
    let loss = 0;
    for (let b = 0; b < batch.B; b++) {
      const ids = batch.inputs.subarray(b * batch.T, (b + 1) * batch.T);
      const targets = batch.targets.subarray(b * batch.T, (b + 1) * batch.T);
      loss += this.sequence(ids, targets, 1 / (batch.B * batch.T), grads) / batch.B;
    }
    return { loss, grads };
  }

  /** One optimizer step at learning rate `lr`: returns the loss before it and the gradient norm. */
  step(batch: Batch, lr = this.opt.lr): { loss: number; gradNorm: number } {
    const { loss, grads } = this.lossAndGrads(batch);
    const names = [...grads.keys()];
    const gradNorm = globalNorm(names.map((n) => grads.get(n)!));
    const scale = this.opt.gradClip > 0 ? clipScale(gradNorm, this.opt.gradClip) : 1;
    this.steps++;
    for (const name of names) {
      const w = this.weights.get(name)!;
      const next = adamwStep(w.data, grads.get(name)!, this.m.get(name)!, this.v.get(name)!, {
        lr, beta1: this.opt.beta1, beta2: this.opt.beta2, eps: this.opt.eps,
        weightDecay: decays(name) ? this.opt.weightDecay : 0, step: this.steps, gradScale: scale,
      });
      w.data.set(next.param);
      this.m.get(name)!.set(next.m);
      this.v.get(name)!.set(next.v);
    }
    return { loss, gradNorm };
  }

  /** Forward and backward of one sequence; adds `scale` times its summed loss's gradients to `grads`; returns its mean loss. */
  private sequence(ids: Uint32Array, targets: Uint32Array, scale: number, grads: Grads): number {
    const c = this.config;
    const T = ids.length;
    const { dim: C, nHeads: NH, nKvHeads: NKV, headSize: HS, vocabSize: V } = c;
    const learned = c.positions === 'learned';
    const rope = c.positions === 'rope'
      ? { theta: c.ropeTheta, layout: c.ropeLayout, rotaryDim: c.rotaryDim, invFreq: c.ropeScaling ? ropeInverseFrequencies(c) : undefined }
      : undefined;
    const shape = { T, NH, NKV, HS, pos0: 0, rope };

    // Forward, keeping what the backward needs.
    let x = embed(ids, this.w('embed.tokens'), { T, C, V, pos0: 0, wpe: learned ? this.w('embed.positions') : undefined });
    const tape: LayerTape[] = [];
    for (let l = 0; l < c.nLayers; l++) {
      const p = `layers.${l}`;
      const h1 = this.norm(x, `${p}.norm1`);
      const qkv = this.linear(h1, `${p}.attn.qkv`, T);
      const k = new Float32Array(T * NKV * HS);
      const v = new Float32Array(T * NKV * HS);
      const q = splitQkv(qkv, k, v, { ...shape, maxS: T });
      const att = attention(q, k, v, { T, S: T, NH, NKV, HS });
      const x2 = add(x, this.linear(att, `${p}.attn.out`, T));
      const h2 = this.norm(x2, `${p}.norm2`);
      const up = this.linear(h2, `${p}.mlp.up`, T);
      const gate = c.mlp === 'swiglu' ? this.linear(h2, `${p}.mlp.gate`, T) : undefined;
      const act = gate ? swiglu(gate, up) : gelu(up);
      tape.push({ x, h1, qkv, q, k, v, att, x2, h2, gate, up, act });
      x = add(x2, this.linear(act, `${p}.mlp.down`, T));
    }
    const hf = this.norm(x, 'norm.final');
    const head = c.tiedEmbeddings ? 'embed.tokens' : 'lm_head.weight';
    const logits = matmul(hf, this.w(head), { T, K: C, N: V, layout: this.layout(head) });
    const ce = crossEntropy(logits, targets, { rows: T, V, scale });

    // Backward, in reverse.
    let dx = this.linearBackward(hf, head, ce.dlogits, T, grads, false);
    dx = this.normBackward(x, 'norm.final', dx, grads);
    for (let l = c.nLayers - 1; l >= 0; l--) {
      const p = `layers.${l}`;
      const s = tape[l];
      const dAct = this.linearBackward(s.act, `${p}.mlp.down`, dx, T, grads);
      let dh2: Float32Array;
      if (s.gate) {
        const { dgate, dup } = swigluBackward(s.gate, s.up, dAct);
        dh2 = add(this.linearBackward(s.h2, `${p}.mlp.gate`, dgate, T, grads), this.linearBackward(s.h2, `${p}.mlp.up`, dup, T, grads));
      } else {
        dh2 = this.linearBackward(s.h2, `${p}.mlp.up`, geluBackward(s.up, dAct), T, grads);
      }
      const dx2 = add(dx, this.normBackward(s.x2, `${p}.norm2`, dh2, grads));
      const dAtt = this.linearBackward(s.att, `${p}.attn.out`, dx2, T, grads);
      const { dq, dk, dv } = attentionBackward(s.q, s.k, s.v, dAtt, { T, S: T, NH, NKV, HS });
      const dqkv = splitQkvBackward(dq, dk, dv, shape);
      dx = add(dx2, this.normBackward(s.x, `${p}.norm1`, this.linearBackward(s.h1, `${p}.attn.qkv`, dqkv, T, grads), grads));
    }
    const { dwte, dwpe } = embedBackward(ids, dx, { T, C, V, pos0: 0, wpe: learned ? { maxPos: c.maxSeqLen } : undefined });
    accumulate(grads, 'embed.tokens', dwte);
    if (dwpe) accumulate(grads, 'embed.positions', dwpe);
    return ce.rowLoss.reduce((sum, r) => sum + r, 0) / T;
  }

  private norm(x: Float32Array, name: string): Float32Array {
    const c = this.config;
    const o = { rows: x.length / c.dim, C: c.dim, eps: c.normEps };
    return c.norm === 'layer' ? layernorm(x, this.w(`${name}.weight`), this.w(`${name}.bias`), o) : rmsnorm(x, this.w(`${name}.weight`), o);
  }

  private normBackward(x: Float32Array, name: string, dy: Float32Array, grads: Grads): Float32Array {
    const c = this.config;
    const o = { rows: x.length / c.dim, C: c.dim, eps: c.normEps };
    if (c.norm === 'layer') {
      const r = layernormBackward(x, this.w(`${name}.weight`), dy, o);
      accumulate(grads, `${name}.weight`, r.dgamma);
      accumulate(grads, `${name}.bias`, r.dbeta);
      return r.dx;
    }
    const r = rmsnormBackward(x, this.w(`${name}.weight`), dy, o);
    accumulate(grads, `${name}.weight`, r.dgamma);
    return r.dx;
  }

  /** y = x W^T + bias for the layer `name` (its weight's shape gives K and N). */
  private linear(x: Float32Array, name: string, T: number): Float32Array {
    const { K, N, layout } = this.dims(`${name}.weight`);
    const bias = this.weights.get(`${name}.bias`)?.data;
    return matmul(x, this.w(`${name}.weight`), { T, K, N, layout, bias });
  }

  /** Adds the layer's weight (and bias) gradients to `grads`; returns dx. `weight` names the tensor when it is not `${name}.weight`. */
  private linearBackward(x: Float32Array, name: string, dy: Float32Array, T: number, grads: Grads, layer = true): Float32Array {
    const weight = layer ? `${name}.weight` : name;
    const { K, N, layout } = this.dims(weight);
    const hasBias = layer && this.weights.has(`${name}.bias`);
    const r = matmulBackward(x, this.w(weight), dy, { T, K, N, layout, bias: hasBias });
    accumulate(grads, weight, r.dw);
    if (hasBias && r.db) accumulate(grads, `${name}.bias`, r.db);
    return r.dx;
  }

  private dims(weight: string): { K: number; N: number; layout: 'nk' | 'kn' } {
    return matrixDims(this.weights.get(weight)!);
  }

  private layout(weight: string): 'nk' | 'kn' {
    return this.weights.get(weight)!.layout ?? 'nk';
  }

  private w(name: string): Float32Array {
    const t = this.weights.get(name);
    if (!t) throw new Error(`reference trainer: missing weight ${name}`);
    return t.data;
  }
}

function add(a: Float32Array, b: Float32Array): Float32Array {
  const y = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) y[i] = a[i] + b[i];
  return y;
}

function accumulate(grads: Grads, name: string, g: Float32Array): void {
  const into = grads.get(name);
  if (!into) throw new Error(`reference trainer: gradient for unknown weight ${name}`);
  for (let i = 0; i < g.length; i++) into[i] += g[i];
}
