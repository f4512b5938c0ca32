// The forward pass on the GPU, built once per mode as a list of steps over bound kernels: it reads
// line for line like the CPU reference (src/reference/transformer.ts). Three modes share the
// buffers: 'prefill' (many rows, the last row sampled), 'decode' (one row, GEMV kernels) and 'all'
// (every row's logits, for inspection). A sampling pass writes its token to ids[0], where the next
// decode pass's embedding reads it, so decode steps can be queued without the host in between.
// An 'all' pass built with taps also records the residual stream and attention maps
// (model.inspect; only that call builds one), and the head pass runs the final norm and
// unembedding alone (the logit lens). A norm before a projection that runs as a GEMV (decode, and
// the sampled last row) is fused into its prologue, and decode's SwiGLU gate and up projections
// are one gated GEMV, and decode's qkv GEMV writes q and the KV cache rows itself (RoPE
// included): a decode step is 5 dispatches a layer. Kernels are created as the pass is laid
// out, which needs the weights' plan (GpuWeights.plan), not their buffers: the pipeline cache
// compiles each program once, while the buffers are made and written, and a step binds its
// kernel once both are done.

import type { Gpu } from '../gpu/device.js';
import type { Recorder } from '../gpu/recorder.js';
import { AttentionProbabilities, type AttentionProbabilitiesShape } from '../kernels/attention/probabilities.js';
import { Attention, Elementwise, Embed, Gemv, KvCache as KvCacheKernel, Matmul, Norm, Penalty, Sampler, type Bound, type GemvShape, type QkvCacheRope, type QkvCacheShape, type SampleShape } from '../kernels/index.js';
import { biasRow, NO_MARK, seenBits } from '../kernels/penalty/kernel.js';
import type { Activations, KvCache } from './activations.js';
import type { ModelConfig } from './config.js';
import type { GpuWeights } from './gpu-weights.js';
import { matrixDims } from '../quant/stored.js';

export type PassMode = 'prefill' | 'decode' | 'all';

/** How the last row's next token is chosen: the sampler's options, the repetition penalty and its history, the logit bias. */
export type Sampling = Omit<SampleShape, 'V' | 'outIndex'> & {
  /** > 1 penalises the logits of tokens in the context (1 = off). */
  repetitionPenalty?: number;
  /**
   * (id, bias) pairs added to those logits after the penalty (absent: none). Uploaded when a pass
   * meets a list it has not uploaded last: keep one list per generation, not a copy per step.
   */
  logitBias?: ReadonlyArray<readonly [number, number]>;
  /**
   * The context's ids, uploaded as the penalty's seen-mask on a pass whose ids come from the host
   * (absent: none). A pass fed on the GPU adds its input to the mask there instead.
   */
  history?: number[];
};

/** The logit-bias list each bias buffer holds (the passes of a model share one buffer). */
const biasHeld = new WeakMap<GPUBuffer, Sampling['logitBias']>();

/** What the steps of one recorded pass need to know. */
export interface StepContext {
  /** Rows in this pass and the position of the first. */
  T: number;
  pos0: number;
  /** The last row's sampling; absent on a prefill chunk that is not the last (no head, no sample). */
  sampling?: Sampling;
  /** ids[0] holds the token the previous pass sampled (no upload): the penalty marks it as seen. */
  fed?: boolean;
}

export type Step = (rec: Recorder, ctx: StepContext) => void;

export interface Pass {
  steps: Step[];
  /** Frees the param slots and scratch of every bound kernel. */
  destroy(): void;
}

/** What an inspecting 'all' pass records besides the logits, into buffers its caller owns. */
export interface Taps {
  /** Rows each slot of `hidden` holds: the most a pass runs. */
  rows: number;
  /** (L + 1, rows, C): the residual stream after the embedding (slot 0) and after each layer. */
  hidden?: GPUBuffer;
  /** By layer, (NH, T, width): its attention probabilities over positions 0 .. width - 1; a layer without a buffer is not tapped. */
  attention?: { layers: Array<GPUBuffer | undefined>; width: number };
}

/**
 * One pass over the network; 'prefill' and 'decode' end by sampling the last row into ids[0] (the
 * caller copies it out). `taps` (an 'all' pass only) adds the inspection's copies and attention maps.
 */
export async function buildPass(gpu: Gpu, c: ModelConfig, w: GpuWeights, a: Activations, cache: KvCache, mode: PassMode, sampleVocab: number, taps?: Taps): Promise<Pass> {
  if (taps && mode !== 'all') throw new Error(`inspection taps need an 'all' pass, not '${mode}'`);
  const f = new PassBuilder(gpu, c, w, mode);
  return f.build(() => {
    f.embed(a.ids, a.x);
    if (taps?.hidden) f.capture(a.x, taps.hidden, 0, taps.rows);
    for (let l = 0; l < c.nLayers; l++) {
      const layer = `layers.${l}`;
      f.qkvIntoCache(a.x, layer, a, cache, l);
      const probabilities = taps?.attention?.layers[l];
      if (probabilities) f.probabilities(a.q, cache.k[l], probabilities, taps!.attention!.width);
      f.attention(a.q, cache.k[l], cache.v[l], a.att);
      f.linear(a.att, `${layer}.attn.out`, a.xMid, { residual: a.x });
      const norm2 = { name: `${layer}.norm2`, y: a.h };
      if (c.mlp === 'gelu') f.linear(a.xMid, `${layer}.mlp.up`, a.act, { activation: 'gelu', norm: norm2 });
      else f.swiglu(a.xMid, norm2, `${layer}.mlp`, a, a.act);
      f.linear(a.act, `${layer}.mlp.down`, a.x, { residual: a.xMid });
      if (taps?.hidden) f.capture(a.x, taps.hidden, l + 1, taps.rows);
    }
    if (mode === 'all') {
      f.everyRowLogits(a);
    } else {
      // Only the last row is sampled. A decode pass has one row; a prefill pass copies its last out
      // (storage bindings need 256-byte aligned offsets).
      const last = mode === 'decode' ? a.x : f.lastRow(a.x, a.xLast);
      f.head(last, a.logits, { lastRow: true, norm: { name: 'norm.final', y: a.hLast } });
      f.penalty(a.ids, a.seen, a.bias, a.logits);
      f.sample(a.logits, a.ids, sampleVocab);
    }
  });
}

/** The output head alone: every row of x through the final norm and the unembedding into allLogits (the logit lens). */
export async function buildHeadPass(gpu: Gpu, c: ModelConfig, w: GpuWeights, a: Activations): Promise<Pass> {
  const f = new PassBuilder(gpu, c, w, 'all');
  return f.build(() => f.everyRowLogits(a));
}

interface RowOptions {
  /** One row whatever the pass's T, and only when the pass samples (the sampling tail). */
  lastRow?: boolean;
}

/**
 * The norm `name` (its .weight, and .bias for LayerNorm) applied to a projection's input first:
 * in the GEMV's prologue when the projection runs as one, else a Norm dispatch into `y`.
 */
interface NormFirst {
  name: string;
  y: GPUBuffer;
}

/** A qkv projection's outputs into q (the projection's y) and a layer's KV cache (a decode GEMV's qkvCache). */
interface IntoCache {
  rope: QkvCacheRope;
  place: Omit<QkvCacheShape, 'pos0'>;
  kCache: GPUBuffer;
  vCache: GPUBuffer;
  freqs?: GPUBuffer;
}

type ProjectOptions = { residual?: GPUBuffer; activation?: 'gelu'; norm?: NormFirst; cache?: IntoCache } & RowOptions;

/** Collects steps in order while their kernels compile; build() awaits them all. */
class PassBuilder {
  private readonly pending: Array<Promise<Step>> = [];
  private readonly bound: Array<{ destroy(): void }> = [];

  constructor(
    private readonly gpu: Gpu,
    private readonly c: ModelConfig,
    private readonly w: GpuWeights,
    private readonly mode: PassMode,
  ) {}

  /** y = the token rows of ids (+ learned positions): one dispatch per slice of a table split across bindings, in order. */
  embed(ids: GPUBuffer, y: GPUBuffer): void {
    const { c, w } = this;
    const learned = c.positions === 'learned';
    const kernel = Embed.create(this.gpu, { positions: learned, weights: w.dtype('embed.tokens') });
    w.plansOf('embed.tokens').forEach(({ first, rows }, i) => {
      // Without learned positions pos0 is unused: a constant 0 keeps the step's shape (and plan) the same every token.
      const shape = ({ T, pos0 }: StepContext) => ({ T, C: c.dim, V: rows, pos0: learned ? pos0 : 0, first });
      this.add(kernel, (k) => k.bind({ ids, wte: w.slicesOf('embed.tokens')[i]!.buffer, wpe: learned ? w.get('embed.positions') : undefined, y }, shape({ T: 1, pos0: 0 })), shape);
    });
  }

  /** y = norm(x) with the weights `name`.weight (and .bias for LayerNorm); returns y. */
  norm(x: GPUBuffer, y: GPUBuffer, name: string): GPUBuffer {
    const { c, w } = this;
    const shape = (ctx: StepContext) => ({ rows: ctx.T, C: c.dim, eps: c.normEps });
    const beta = c.norm === 'layer' ? `${name}.bias` : undefined;
    this.add(Norm.create(this.gpu, { kind: c.norm }), (k) => k.bind({ x, gamma: w.get(`${name}.weight`), beta: beta === undefined ? undefined : w.get(beta), y }, shape({ T: 1, pos0: 0 })), shape);
    return y;
  }

  /** y = act(x' W^T + bias) + residual for the linear layer `name` (its .weight, .bias if present), x' = x or o.norm(x); returns y. */
  linear(x: GPUBuffer, name: string, y: GPUBuffer, o: ProjectOptions = {}): GPUBuffer {
    return this.project(x, `${name}.weight`, this.w.has(`${name}.bias`) ? `${name}.bias` : undefined, y, o);
  }

  /** Logits = x' E^T with the tied embedding, or the separate lm_head (x' as for linear). */
  head(x: GPUBuffer, logits: GPUBuffer, o: RowOptions & { norm?: NormFirst } = {}): void {
    this.project(x, this.c.tiedEmbeddings ? 'embed.tokens' : 'lm_head.weight', undefined, logits, o);
  }

  /** allLogits = head(final norm(x)) for every row. */
  everyRowLogits(a: Activations): void {
    this.head(a.x, a.allLogits, { norm: { name: 'norm.final', y: a.h } });
  }

  /** Copies the pass's rows of x (T, C) into slot `slot` of y (slots of `rows` rows). */
  capture(x: GPUBuffer, y: GPUBuffer, slot: number, rows: number): void {
    const bytes = this.c.dim * 4;
    this.pending.push(Promise.resolve((rec, { T }) => rec.copy(x, 0, y, slot * rows * bytes, T * bytes)));
  }

  /**
   * a.q and layer l's cache rows at pos0.. from the qkv projection of `layer`'s norm1(x), RoPE
   * applied to q and k. Decode runs one GEMV that writes them itself, where it can turn the pairs
   * (no RoPE, or interleaved) and the weight is one binding; else the projection into a.qkv, then
   * the kvcache split.
   */
  qkvIntoCache(x: GPUBuffer, layer: string, a: Pick<Activations, 'qkv' | 'q' | 'h' | 'ropeFreqs'>, cache: KvCache, l: number): void {
    const { c } = this;
    const rope = c.positions === 'rope' ? c.ropeLayout : 'none';
    const name = `${layer}.attn.qkv`;
    const norm = { name: `${layer}.norm1`, y: a.h };
    const place = { NH: c.nHeads, NKV: c.nKvHeads, HS: c.headSize, maxS: cache.length, rotaryDim: c.rotaryDim };
    if (this.mode === 'decode' && rope !== 'half' && this.w.plansOf(`${name}.weight`).length === 1) {
      this.linear(x, name, a.q, { norm, cache: { rope, place, kCache: cache.k[l]!, vCache: cache.v[l]!, freqs: a.ropeFreqs } });
      return;
    }
    this.linear(x, name, a.qkv, { norm });
    const shape = ({ T, pos0 }: StepContext) => ({ T, pos0, ...place });
    this.add(KvCacheKernel.create(this.gpu, { rope }), (k) =>
      k.bind({ qkv: a.qkv, q: a.q, kCache: cache.k[l], vCache: cache.v[l], freqs: a.ropeFreqs }, shape({ T: 1, pos0: 0 })), shape);
  }

  /** y = softmax(q K^T / sqrt(HS)) V over the cached positions 0 .. pos0 + T - 1, causal. */
  attention(q: GPUBuffer, k: GPUBuffer, v: GPUBuffer, y: GPUBuffer): void {
    const { c } = this;
    const shape = ({ T, pos0 }: StepContext) => ({ T, S: pos0 + T, NH: c.nHeads, NKV: c.nKvHeads, HS: c.headSize });
    const mode = this.mode === 'decode' ? 'decode' : 'prefill';
    this.add(Attention.create(this.gpu, { mode }, { HS: c.headSize }), (kernel) => kernel.bind({ q, k, v, y }, shape({ T: 1, pos0: 0 })), shape);
  }

  /** probs (NH, T, width) = the causal softmax weights of q over the cached k (positions 0 .. pos0 + T - 1). */
  probabilities(q: GPUBuffer, k: GPUBuffer, probs: GPUBuffer, width: number): void {
    const { c } = this;
    const shape = ({ T, pos0 }: StepContext): AttentionProbabilitiesShape => ({ T, S: pos0 + T, NH: c.nHeads, NKV: c.nKvHeads, HS: c.headSize, width });
    this.add(AttentionProbabilities.create(this.gpu), (kernel) => kernel.bind({ q, k, probs }, shape({ T: 1, pos0: 0 })), shape);
  }

  /**
   * y = silu(x' Wg^T + bg) * (x' Wu^T + bu) for the MLP `mlp` (its gate and up), x' = norm(x): in
   * decode one gated GEMV with the norm in its prologue (both weights stored alike, no biases: it
   * has no epilogue); else the norm, both projections into a.gate and a.up, and an elementwise SwiGLU.
   */
  swiglu(x: GPUBuffer, norm: NormFirst, mlp: string, a: Pick<Activations, 'gate' | 'up'>, y: GPUBuffer): void {
    const [gate, up] = [`${mlp}.gate.weight`, `${mlp}.up.weight`];
    // The gated GEMV reads both weights with one loader (a checkpoint may store them differently).
    const biased = this.w.has(`${mlp}.gate.bias`) || this.w.has(`${mlp}.up.bias`); // Llama's mlp_bias
    if (this.mode === 'decode' && !biased && this.w.dtype(gate) === this.w.dtype(up) && this.w.layout(gate) === this.w.layout(up)) {
      this.project(x, gate, undefined, y, { norm, gated: up });
      return;
    }
    this.linear(this.norm(x, norm.y, norm.name), `${mlp}.gate`, a.gate);
    this.linear(norm.y, `${mlp}.up`, a.up);
    const F = this.c.hiddenDim;
    this.add(Elementwise.create(this.gpu, { op: 'swiglu' }), (k) => k.bind({ a: a.gate, b: a.up, y }, { n: F }), ({ T }) => ({ n: T * F }));
  }

  /** Copies the last row of x (T, C) into `y` (C), when the pass samples; returns y. */
  lastRow(x: GPUBuffer, y: GPUBuffer): GPUBuffer {
    const bytes = this.c.dim * 4;
    this.pending.push(Promise.resolve((rec, { T, sampling }) => {
      if (sampling) rec.copy(x, (T - 1) * bytes, y, 0, bytes);
    }));
    return y;
  }

  /**
   * Divides (or multiplies, when negative) by the penalty the logits of the ids in the seen-mask,
   * when one is set, then adds the logit bias, when one is set. A pass with host ids uploads the
   * mask of its history first; a fed pass has the kernel add its input, ids[0], so the mask follows
   * the tokens without the host.
   */
  penalty(ids: GPUBuffer, seen: GPUBuffer, bias: GPUBuffer, logits: GPUBuffer): void {
    const V = this.c.vocabSize;
    const kernel = Penalty.create(this.gpu);
    this.pending.push(kernel.then((k) => {
      const bound = this.own(k.bind({ ids, seen, logits, bias }, { V, mark: NO_MARK, penalty: 1, biased: 0 }));
      return (rec, { sampling, fed }) => {
        const { repetitionPenalty = 1, history = [], logitBias } = sampling ?? {};
        if (!sampling || (repetitionPenalty === 1 && !logitBias)) return;
        if (!fed && repetitionPenalty !== 1) this.gpu.device.queue.writeBuffer(seen, 0, seenBits(history, V));
        if (logitBias && biasHeld.get(bias) !== logitBias) {
          this.gpu.device.queue.writeBuffer(bias, 0, biasRow(logitBias, V));
          biasHeld.set(bias, logitBias);
        }
        bound.update({ V, mark: fed ? 0 : NO_MARK, penalty: repetitionPenalty, biased: logitBias ? 1 : 0 });
        bound.record(rec);
      };
    }));
  }

  /** Draws the next token from logits[0 .. sampleVocab) into token[0] on the GPU. */
  sample(logits: GPUBuffer, token: GPUBuffer, sampleVocab: number): void {
    const kernel = Sampler.create(this.gpu, { mode: 'sample' });
    this.pending.push(kernel.then((k) => {
      const bound = this.own(k.bind({ logits, out: token }, { V: sampleVocab, temperature: 0 }));
      return (rec, { sampling }) => {
        if (!sampling) return;
        const { repetitionPenalty: _penalty, history: _history, logitBias: _bias, ...shape } = sampling;
        bound.update(Object.assign({}, shape, { V: sampleVocab })); // not { ...shape, V }: V8's slow path (attention's params())
        bound.record(rec);
      };
    }));
  }

  /**
   * The pass `record` lays out (its calls on this builder), once every kernel is bound. If any
   * call or kernel fails, those already bound are freed once all have settled.
   */
  async build(record: () => void): Promise<Pass> {
    try {
      record();
      const steps = await Promise.all(this.pending);
      return { steps, destroy: () => this.bound.forEach((b) => b.destroy()) };
    } catch (e) {
      await Promise.allSettled(this.pending);
      this.bound.forEach((b) => b.destroy());
      throw e;
    }
  }

  /**
   * y = act(x' W^T + bias) + residual, x' = x or o.norm(x); `o.gated` names the up weight of a
   * gated pair (decode only): y = silu(x' W^T) * (x' Wu^T). One row (decode, the sampled last row)
   * runs a GEMV, which takes the norm into its prologue; more run the norm, then a matmul. A weight
   * split across bindings runs once per slice of its rows, each writing its columns of y (rows of
   * y are N apart; a slice starts on a 64-row boundary, so its columns on a binding offset).
   */
  private project(x: GPUBuffer, weight: string, bias: string | undefined, y: GPUBuffer, o: ProjectOptions & { gated?: string }): GPUBuffer {
    const { c, w } = this;
    const { K, N, layout } = matrixDims({ shape: w.shape(weight), layout: w.layout(weight) });
    const variant = { layout, bias: !!bias, activation: o.activation ?? 'none', residual: !!o.residual, weights: w.dtype(weight) } as const;
    const slices = w.plansOf(weight);
    // A slice's columns of y (and of bias and residual): the binding starts at its first column; rows stay N apart.
    const columns = (buffer: GPUBuffer, first: number) => (slices.length > 1 ? { buffer, offset: 4 * first, size: buffer.size - 4 * first } : buffer);
    const oneRow = this.mode === 'decode' || o.lastRow;
    const input = !oneRow && o.norm ? this.norm(x, o.norm.y, o.norm.name) : x;
    const norm = oneRow && o.norm ? { variant: c.norm, name: o.norm.name } : undefined;
    // The weights' buffers, looked up as the kernel binds: they may still be being made.
    const normBuffers = () => norm && { gamma: w.get(`${norm.name}.weight`), beta: c.norm === 'layer' ? w.get(`${norm.name}.bias`) : undefined };
    // Matmul binds as Gemv does, without the fusions' buffers and eps.
    // Each compiles only the programs its planned K and N bind (a GEMV: its first slice's decode shape).
    const kernel: Promise<Pick<Gemv, 'bind'>> = oneRow
      ? Gemv.create(this.gpu, { ...variant, norm: norm?.variant, gated: o.gated ? 'swiglu' : undefined, qkvCache: o.cache?.rope }, { T: 1, K, N: layout === 'nk' ? slices[0]!.rows : N, eps: c.normEps })
      : Matmul.create(this.gpu, variant, { T: 1, K, N });
    slices.forEach((slice, i) => {
      const buffers = () => ({
        x: input, w: w.slicesOf(weight)[i]!.buffer, bias: bias ? columns(w.get(bias), slice.first) : undefined, residual: o.residual && columns(o.residual, slice.first),
        y: columns(y, slice.first), ...normBuffers(), w2: o.gated ? w.slicesOf(o.gated)[i]!.buffer : undefined,
        ...(o.cache && { kCache: o.cache.kCache, vCache: o.cache.vCache, freqs: o.cache.freqs }),
      });
      // Only 'nk' matrices are split (GpuWeights), whose slices are rows of N.
      const shape = ({ T, pos0 }: StepContext): GemvShape => ({
        T: o.lastRow ? 1 : T, K, N: layout === 'nk' ? slice.rows : N, ldy: N, eps: c.normEps, ...(o.cache && { qkv: { pos0, ...o.cache.place } }),
      });
      this.add(kernel, (k) => k.bind(buffers(), shape({ T: 1, pos0: 0 })), shape, o);
    });
    return y;
  }

  /**
   * Appends the step of a kernel still compiling: bound once it is built and the weights' buffers
   * are made (the passes are laid out, and their kernels compile, while they are), its shape
   * updated per pass.
   */
  private add<K, S>(kernel: Promise<K>, bind: (k: K) => Bound<S>, shape: (ctx: StepContext) => S, o: RowOptions = {}): void {
    this.pending.push(Promise.all([kernel, this.w.made]).then(([k]) => {
      const bound = this.own(bind(k));
      return (rec, ctx) => {
        if (o.lastRow && !ctx.sampling) return;
        bound.update(shape(ctx));
        bound.record(rec);
      };
    }));
  }

  private own<B extends { destroy(): void }>(b: B): B {
    this.bound.push(b);
    return b;
  }
}
