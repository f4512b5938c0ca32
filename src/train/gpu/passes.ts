// One training step on the GPU as recorded steps over bound kernels, built once: the forward
// keeping what the backward needs, ending in the loss; the backward in reverse; clipping and
// AdamW. Reads line for line like the CPU reference trainer (src/reference/train.ts). Attention
// and the qkv split run one sequence at a time on slices; everything else runs all rows at once.

import type { Gpu } from '../../gpu/device.js';
import {
  Adamw,
  Attention,
  AttentionBackward,
  CrossEntropy,
  Elementwise,
  ElementwiseBackward,
  Embed,
  EmbedBackward,
  GradNorm,
  KvCache,
  KvCacheBackward,
  Matmul,
  MatmulBiasGrad,
  MatmulInputGrad,
  MatmulWeightGrad,
  Norm,
  NormBackward,
  PositionBackward,
} from '../../kernels/index.js';
import { qkvWidth, type HostTensor, type ModelConfig } from '../../model/config.js';
import { decays, type OptimizerOptions } from '../optimizer.js';
import { idsStride, type TrainBuffers, type TrainShape } from './layout.js';
import { StepBuilder, type Sections, type StepContext } from './steps.js';
import { matrixDims } from '../../quant/stored.js';

/** AdamW and clipping; the learning rate comes per step. */
export type AdamwOptions = Omit<OptimizerOptions, 'lr'>;

/** The shape and layout of each weight, as the host tensors give them. */
export type WeightInfo = Map<string, Pick<HostTensor, 'shape' | 'layout'>>;

/** Builds the three sections of a step over `b`; destroy() frees every bound kernel. */
export async function buildPasses(
  gpu: Gpu,
  c: ModelConfig,
  shape: TrainShape,
  b: TrainBuffers<GPUBuffer>,
  info: WeightInfo,
  opt: AdamwOptions,
): Promise<Sections & { destroy(): void }> {
  const f = new PassBuilder(gpu, c, shape, b, info);
  const g = b.grad;
  const L = c.nLayers;
  const head = c.tiedEmbeddings ? 'embed.tokens' : 'lm_head.weight';

  return f.build(() => {
    f.embed();
    for (let l = 0; l < L; l++) {
      const p = `layers.${l}`;
      const s = b.layers[l];
      f.norm(b.xs[l], s.h1, `${p}.norm1`);
      f.linear(s.h1, `${p}.attn.qkv`, s.qkv);
      f.splitQkv(s.qkv, s.q, s.k, s.v);
      f.attention(s.q, s.k, s.v, s.att);
      f.linear(s.att, `${p}.attn.out`, s.x2, b.xs[l]);
      f.norm(s.x2, s.h2, `${p}.norm2`);
      if (s.gate) f.linear(s.h2, `${p}.mlp.gate`, s.gate);
      f.linear(s.h2, `${p}.mlp.up`, s.up);
      f.activation(s.gate, s.up, s.act);
      f.linear(s.act, `${p}.mlp.down`, b.xs[l + 1], s.x2);
    }
    f.norm(b.xs[L], b.hf, 'norm.final');
    f.project(b.hf, head, undefined, b.logits);
    f.crossEntropy();

    f.section('backward');
    f.projectBackward(b.hf, head, undefined, b.logits, g.dhA);
    f.normBackward(b.xs[L], 'norm.final', g.dhA, false);
    for (let l = L - 1; l >= 0; l--) {
      const p = `layers.${l}`;
      const s = b.layers[l];
      f.linearBackward(s.act, `${p}.mlp.down`, g.dx, g.dAct);
      f.activationBackward(s.gate, s.up);
      let dh = g.dhA;
      if (s.gate) {
        f.linearBackward(s.h2, `${p}.mlp.gate`, g.dGate!, g.dhA);
        f.linearBackward(s.h2, `${p}.mlp.up`, g.dUp, g.dhB!, g.dhA);
        dh = g.dhB!;
      } else {
        f.linearBackward(s.h2, `${p}.mlp.up`, g.dUp, g.dhA);
      }
      f.normBackward(s.x2, `${p}.norm2`, dh, true);
      f.linearBackward(s.att, `${p}.attn.out`, g.dx, g.dAtt);
      f.attentionBackward(s.q, s.k, s.v);
      f.splitQkvBackward();
      f.linearBackward(s.h1, `${p}.attn.qkv`, g.dqkv, g.dhA);
      f.normBackward(b.xs[l], `${p}.norm1`, g.dhA, true);
    }
    f.embedBackward();

    f.section('optimizer');
    f.optimizer(opt);
  });
}

class PassBuilder extends StepBuilder {
  private readonly T: number;
  private readonly B: number;

  constructor(
    private readonly gpu: Gpu,
    private readonly c: ModelConfig,
    shape: TrainShape,
    private readonly b: TrainBuffers<GPUBuffer>,
    private readonly info: WeightInfo,
  ) {
    super({ rows: shape.batchSize, distinct: Math.min(shape.batchSize * shape.contextLength, c.vocabSize), step: 1, lr: 0 });
    this.T = shape.contextLength;
    this.B = shape.batchSize;
  }

  /** Rows of the (B*T, ...) buffers this pass fills. */
  private rows(ctx: StepContext): number {
    return ctx.rows * this.T;
  }

  /** Sequence `seq`'s T rows of a (B*T, width) buffer. */
  private slice(buffer: GPUBuffer, seq: number, width: number): GPUBufferBinding {
    const bytes = this.T * width * 4;
    return { buffer, offset: seq * bytes, size: bytes };
  }

  /** Calls `each` for every sequence with the test that skips it in a short pass. */
  private perSequence(each: (seq: number, when: (ctx: StepContext) => boolean) => void): void {
    for (let seq = 0; seq < this.B; seq++) each(seq, (ctx) => seq < ctx.rows);
  }

  private weight(name: string): GPUBuffer {
    const w = this.b.weights.get(name);
    if (!w) throw new Error(`GPU trainer: missing weight ${name}`);
    return w;
  }

  private grad(name: string): GPUBuffer {
    return this.b.grads.get(name)!;
  }

  /** K, N and the layout of the matrix `name`, as the reference trainer reads them. */
  private dims(name: string): { K: number; N: number; layout: 'nk' | 'kn' } {
    return matrixDims(this.info.get(name)!);
  }

  /** `${name}.bias` when the model has it. */
  private bias(name: string): string | undefined {
    return this.info.has(`${name}.bias`) ? `${name}.bias` : undefined;
  }

  // ---- forward

  /** x0 = token rows (+ learned positions, per sequence: each starts at position 0). */
  embed(): void {
    const { c, b, T } = this;
    const learned = c.positions === 'learned';
    const wte = this.weight('embed.tokens');
    const kernel = Embed.create(this.gpu, { positions: learned });
    if (!learned) {
      this.add(kernel, (ctx) => ({ T: this.rows(ctx), C: c.dim, V: c.vocabSize, pos0: 0 }), (k, s) => k.bind({ ids: b.ids, wte, y: b.xs[0] }, s));
      return;
    }
    const stride = idsStride(c, T, this.gpu.limits.minStorageBufferOffsetAlignment) * 4;
    const wpe = this.weight('embed.positions');
    this.perSequence((seq, when) => {
      const ids = { buffer: b.ids, offset: seq * stride, size: T * 4 };
      this.add(kernel, () => ({ T, C: c.dim, V: c.vocabSize, pos0: 0 }), (k, s) => k.bind({ ids, wte, wpe, y: this.slice(b.xs[0], seq, c.dim) }, s), when);
    });
  }

  norm(x: GPUBuffer, y: GPUBuffer, name: string): void {
    const { c } = this;
    const beta = c.norm === 'layer' ? this.weight(`${name}.bias`) : undefined;
    const shape = (ctx: StepContext) => ({ rows: this.rows(ctx), C: c.dim, eps: c.normEps });
    this.add(Norm.create(this.gpu, { kind: c.norm }), shape, (k, s) => k.bind({ x, gamma: this.weight(`${name}.weight`), beta, y }, s));
  }

  /** y = x W^T + bias (+ residual) for the layer `name`; no fused activation: the backward needs the pre-activation. */
  linear(x: GPUBuffer, name: string, y: GPUBuffer, residual?: GPUBuffer): void {
    this.project(x, `${name}.weight`, this.bias(name), y, residual);
  }

  project(x: GPUBuffer, weight: string, bias: string | undefined, y: GPUBuffer, residual?: GPUBuffer): void {
    const { K, N, layout } = this.dims(weight);
    const variant = { layout, bias: !!bias, activation: 'none', residual: !!residual } as const;
    const buffers = { x, w: this.weight(weight), bias: bias ? this.weight(bias) : undefined, residual, y };
    this.add(Matmul.create(this.gpu, variant, { T: 1, K, N }), (ctx) => ({ T: this.rows(ctx), K, N }), (k, s) => k.bind(buffers, s));
  }

  /** q, k, v of each sequence from its qkv rows, RoPE at positions 0..T-1. */
  splitQkv(qkv: GPUBuffer, q: GPUBuffer, k: GPUBuffer, v: GPUBuffer): void {
    const { c, T } = this;
    const { nHeads: NH, nKvHeads: NKV, headSize: HS } = c;
    const kernel = KvCache.create(this.gpu, { rope: c.positions === 'rope' ? c.ropeLayout : 'none' });
    this.perSequence((seq, when) => {
      const buffers = {
        qkv: this.slice(qkv, seq, qkvWidth(c)), q: this.slice(q, seq, NH * HS),
        kCache: this.slice(k, seq, NKV * HS), vCache: this.slice(v, seq, NKV * HS), freqs: this.b.ropeFreqs,
      };
      this.add(kernel, () => ({ T, NH, NKV, HS, pos0: 0, maxS: T, rotaryDim: c.rotaryDim }), (kk, s) => kk.bind(buffers, s), when);
    });
  }

  /** Causal attention within each sequence. */
  attention(q: GPUBuffer, k: GPUBuffer, v: GPUBuffer, y: GPUBuffer): void {
    const { c, T } = this;
    const { nHeads: NH, nKvHeads: NKV, headSize: HS } = c;
    const kernel = Attention.create(this.gpu, { mode: 'prefill' }, { HS });
    this.perSequence((seq, when) => {
      const buffers = { q: this.slice(q, seq, NH * HS), k: this.slice(k, seq, NKV * HS), v: this.slice(v, seq, NKV * HS), y: this.slice(y, seq, NH * HS) };
      this.add(kernel, () => ({ T, S: T, NH, NKV, HS }), (kk, s) => kk.bind(buffers, s), when);
    });
  }

  /** act = swiglu(gate, up), or gelu(up) without a gate. */
  activation(gate: GPUBuffer | undefined, up: GPUBuffer, act: GPUBuffer): void {
    const F = this.c.hiddenDim;
    const kernel = Elementwise.create(this.gpu, { op: gate ? 'swiglu' : 'gelu' });
    this.add(kernel, (ctx) => ({ n: this.rows(ctx) * F }), (k, s) => k.bind(gate ? { a: gate, b: up, y: act } : { a: up, y: act }, s));
  }

  /** The mean loss into b.loss, and dlogits over the logits (scaled by 1 / rows: the mean's gradient). */
  crossEntropy(): void {
    const { b, c } = this;
    const buffers = { logits: b.logits, targets: b.targets, rowLoss: b.rowLoss, loss: b.loss };
    this.add(CrossEntropy.create(this.gpu, { inPlace: true }), (ctx) => ({ rows: this.rows(ctx), V: c.vocabSize }), (k, s) => k.bind(buffers, s));
  }

  // ---- backward

  /** The layer `name`'s weight and bias gradients, and dx (plus `residual`) from dy. */
  linearBackward(x: GPUBuffer, name: string, dy: GPUBuffer, dx: GPUBuffer, residual?: GPUBuffer): void {
    this.projectBackward(x, `${name}.weight`, this.bias(name), dy, dx, residual);
  }

  projectBackward(x: GPUBuffer, weight: string, bias: string | undefined, dy: GPUBuffer, dx: GPUBuffer, residual?: GPUBuffer): void {
    const { K, N, layout } = this.dims(weight);
    const shape = (ctx: StepContext) => ({ T: this.rows(ctx), K, N });
    const planned = { T: 1, K, N }; // what the gradients compile for: K and N, which never change
    const w = this.weight(weight);
    this.add(MatmulInputGrad.create(this.gpu, { layout, residual: !!residual }, planned), shape, (k, s) => k.bind({ dy, w, residual, dx }, s));
    // The first (and, untied, only) writer of each gradient: accumulate only the tied embedding (embedBackward).
    this.add(MatmulWeightGrad.create(this.gpu, { layout, accumulate: false }, planned), shape, (k, s) => k.bind({ x, dy, dw: this.grad(weight) }, s));
    if (bias) this.add(MatmulBiasGrad.create(this.gpu, { accumulate: false }), shape, (k, s) => k.bind({ dy, db: this.grad(bias) }, s));
  }

  /** The norm's parameter gradients; its input gradient written to (or, accumulating, added to) the residual gradient dx. */
  normBackward(x: GPUBuffer, name: string, dy: GPUBuffer, accumulateDx: boolean): void {
    const { c } = this;
    const layer = c.norm === 'layer';
    const buffers = {
      x, gamma: this.weight(`${name}.weight`), dy, dx: this.b.grad.dx,
      dgamma: this.grad(`${name}.weight`), dbeta: layer ? this.grad(`${name}.bias`) : undefined,
    };
    const shape = (ctx: StepContext) => ({ rows: this.rows(ctx), C: c.dim, eps: c.normEps });
    this.add(NormBackward.create(this.gpu, { kind: c.norm, accumulateDx }), shape, (k, s) => k.bind(buffers, s));
  }

  /** dUp (and dGate) from dAct through the activation. */
  activationBackward(gate: GPUBuffer | undefined, up: GPUBuffer): void {
    const g = this.b.grad;
    const F = this.c.hiddenDim;
    const buffers = gate ? { gate, up, dy: g.dAct, dgate: g.dGate!, dup: g.dUp } : { x: up, dy: g.dAct, dx: g.dUp };
    this.add(ElementwiseBackward.create(this.gpu, { op: gate ? 'swiglu' : 'gelu' }), (ctx) => ({ n: this.rows(ctx) * F }), (k, s) => k.bind(buffers, s));
  }

  /** dq, dk, dv of each sequence from dAtt. */
  attentionBackward(q: GPUBuffer, k: GPUBuffer, v: GPUBuffer): void {
    const { c, T } = this;
    const g = this.b.grad;
    const { nHeads: NH, nKvHeads: NKV, headSize: HS } = c;
    const kernel = AttentionBackward.create(this.gpu);
    this.perSequence((seq, when) => {
      const [wq, wkv] = [NH * HS, NKV * HS];
      const buffers = {
        q: this.slice(q, seq, wq), k: this.slice(k, seq, wkv), v: this.slice(v, seq, wkv), dy: this.slice(g.dAtt, seq, wq),
        dq: this.slice(g.dq, seq, wq), dk: this.slice(g.dk, seq, wkv), dv: this.slice(g.dv, seq, wkv),
      };
      this.add(kernel, () => ({ T, S: T, NH, NKV, HS }), (kk, s) => kk.bind(buffers, s), when);
    });
  }

  /** dqkv of each sequence: dq and dk turned back through RoPE, dv copied. */
  splitQkvBackward(): void {
    const { c, T } = this;
    const g = this.b.grad;
    const { nHeads: NH, nKvHeads: NKV, headSize: HS } = c;
    const kernel = KvCacheBackward.create(this.gpu, { rope: c.positions === 'rope' ? c.ropeLayout : 'none' });
    this.perSequence((seq, when) => {
      const buffers = {
        dq: this.slice(g.dq, seq, NH * HS), dk: this.slice(g.dk, seq, NKV * HS), dv: this.slice(g.dv, seq, NKV * HS),
        dqkv: this.slice(g.dqkv, seq, qkvWidth(c)), freqs: this.b.ropeFreqs,
      };
      this.add(kernel, () => ({ T, NH, NKV, HS, pos0: 0, rotaryDim: c.rotaryDim }), (k, s) => k.bind(buffers, s), when);
    });
  }

  /** dwte from the residual gradient through the host's rows-by-id index (added to the head's dW when tied); dwpe. */
  embedBackward(): void {
    const { c, b, T } = this;
    const dy = b.grad.dx;
    const buffers = { tokens: b.rowTokens, offsets: b.rowOffsets, order: b.rowOrder, dy, dwte: this.grad('embed.tokens') };
    const tokens = (ctx: StepContext) => ({ distinct: ctx.distinct, rows: this.rows(ctx), C: c.dim, V: c.vocabSize });
    this.add(EmbedBackward.create(this.gpu, { accumulate: c.tiedEmbeddings }), tokens, (k, s) => k.bind(buffers, s));
    if (c.positions !== 'learned') return;
    const positions = (ctx: StepContext) => ({ B: ctx.rows, T, C: c.dim, maxPos: c.maxSeqLen, pos0: 0 });
    this.add(PositionBackward.create(this.gpu, { accumulate: false }), positions, (k, s) => k.bind({ dy, dwpe: this.grad('embed.positions') }, s));
  }

  // ---- optimizer

  /** The global gradient norm and clip scale, then AdamW on every tensor (decay where the reference decays). */
  optimizer(opt: AdamwOptions): void {
    const { b } = this;
    const names = [...b.grads.keys()];
    const sizes = names.map((n) => this.info.get(n)!.shape.reduce((x, y) => x * y, 1));
    const buffers = { grads: names.map((n) => b.grads.get(n)!), norm: b.norm, scale: b.scale };
    this.add(GradNorm.create(this.gpu), () => ({ sizes, maxNorm: opt.gradClip }), (k, s) => k.bind(buffers, s));
    const adamw = Adamw.create(this.gpu);
    names.forEach((name, i) => {
      const buffers = { param: this.weight(name), grad: this.grad(name), m: b.m.get(name)!, v: b.v.get(name)!, clip: b.scale };
      const weightDecay = decays(name) ? opt.weightDecay : 0;
      const shape = (ctx: StepContext) => ({ n: sizes[i], lr: ctx.lr, beta1: opt.beta1, beta2: opt.beta2, eps: opt.eps, weightDecay, step: ctx.step });
      this.add(adamw, shape, (k, s) => k.bind(buffers, s));
    });
  }
}
