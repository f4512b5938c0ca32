// Every buffer GPU training uses, in one description shared by the memory estimate and the
// allocation: `describe` walks the model's parameters and the activations of B sequences of T
// tokens, asking `make` for each buffer by label, size, role and what shrinks it. Allocates
// nothing itself (make does, or only counts); kernel-owned scratch is estimated in memory.ts.

import { qkvWidth, type ModelConfig } from '../../model/config.js';

export interface TrainShape {
  /** B: sequences per step. */
  batchSize: number;
  /** T: tokens per sequence. */
  contextLength: number;
}

export type Role = 'weights' | 'grads' | 'optimizer' | 'activations';

/** One buffer: its label, size, role, and the advice a too-large one gives. */
export interface BufferSpec {
  label: string;
  bytes: number;
  role: Role;
  reduce: string;
}

/** What the forward keeps of one block for its backward; every buffer (B*T, width). */
export interface LayerBuffers<B> {
  h1: B; // norm1 output
  qkv: B;
  q: B; // queries after RoPE
  k: B; // keys after RoPE (per sequence: the block's "cache")
  v: B;
  att: B; // attention output
  x2: B; // residual stream after attention
  h2: B; // norm2 output
  gate?: B; // SwiGLU gate projection
  up: B; // MLP up projection (pre-activation)
  act: B; // MLP activation
}

/** Reused by every block of the backward. */
export interface GradScratch<B> {
  dx: B; // (B*T, C) gradient of the residual stream
  dhA: B; // (B*T, C) gradient of a norm's output
  dhB?: B; // (B*T, C) SwiGLU only: the up path's dh plus the gate path's
  dAct: B; // (B*T, F)
  dUp: B; // (B*T, F)
  dGate?: B; // (B*T, F) SwiGLU only
  dAtt: B; // (B*T, NH*HS)
  dq: B; // (B*T, NH*HS)
  dk: B; // (B*T, NKV*HS)
  dv: B; // (B*T, NKV*HS)
  dqkv: B; // (B*T, (NH + 2 NKV) HS)
}

export interface TrainBuffers<B> {
  weights: Map<string, B>;
  grads: Map<string, B>;
  m: Map<string, B>;
  v: Map<string, B>;
  /** xs[l] is block l's input, xs[L] the final residual stream (B*T, C). */
  xs: B[];
  layers: Array<LayerBuffers<B>>;
  hf: B; // (B*T, C) final norm output
  logits: B; // (B*T, V), dlogits after the loss (cross-entropy in place)
  ids: B; // (B, idsStride) u32 input ids, each sequence at a stride its embedding slice can bind
  targets: B; // (B*T) u32
  rowLoss: B; // (B*T)
  loss: B; // (1) mean loss
  norm: B; // (1) global gradient norm
  scale: B; // (1) clip scale AdamW reads
  rowTokens: B; // (min(B*T, V)) u32: the batch's distinct ids (groupRowsById)
  rowOffsets: B; // (min(B*T, V) + 1) u32
  rowOrder: B; // (B*T) u32
  ropeFreqs?: B; // (rotaryDim / 2) turns per position
  grad: GradScratch<B>;
}

export type Make<B> = (spec: BufferSpec) => B;

/** Element counts of every trainable tensor in canonical names (src/model/config.ts). */
export function parameterShapes(c: ModelConfig): Map<string, number[]> {
  const { dim: C, hiddenDim: F, nHeads: NH, headSize: HS, vocabSize: V } = c;
  const shapes = new Map<string, number[]>();
  const norm = (name: string) => {
    shapes.set(`${name}.weight`, [C]);
    if (c.norm === 'layer') shapes.set(`${name}.bias`, [C]);
  };
  const linear = (name: string, N: number, K: number, bias: boolean) => {
    shapes.set(`${name}.weight`, [N, K]);
    if (bias) shapes.set(`${name}.bias`, [N]);
  };
  shapes.set('embed.tokens', [V, C]);
  if (c.positions === 'learned') shapes.set('embed.positions', [c.maxSeqLen, C]);
  for (let l = 0; l < c.nLayers; l++) {
    const p = `layers.${l}`;
    norm(`${p}.norm1`);
    linear(`${p}.attn.qkv`, qkvWidth(c), C, c.bias.qkv);
    linear(`${p}.attn.out`, C, NH * HS, c.bias.attnOut);
    norm(`${p}.norm2`);
    if (c.mlp === 'swiglu') linear(`${p}.mlp.gate`, F, C, c.bias.mlp);
    linear(`${p}.mlp.up`, F, C, c.bias.mlp);
    linear(`${p}.mlp.down`, C, F, c.bias.mlp);
  }
  norm('norm.final');
  if (!c.tiedEmbeddings) shapes.set('lm_head.weight', [V, C]);
  return shapes;
}

/** u32s between sequence starts in the ids buffer: learned positions embed per sequence, at aligned offsets. */
export function idsStride(c: ModelConfig, T: number, offsetAlignment: number): number {
  if (c.positions !== 'learned') return T;
  const words = offsetAlignment / 4;
  return Math.ceil(T / words) * words;
}

/** Asks `make` for every buffer of training `c` on batches of `shape`, grouped as the trainer uses them. */
export function describe<B>(c: ModelConfig, shape: TrainShape, offsetAlignment: number, make: Make<B>): TrainBuffers<B> {
  const { batchSize: Bn, contextLength: T } = shape;
  const R = Bn * T;
  const { dim: C, hiddenDim: F, nHeads: NH, nKvHeads: NKV, headSize: HS, vocabSize: V } = c;
  const rows = `reduce batchSize (${Bn}) or contextLength (${T}): it holds batchSize * contextLength rows`;
  const act = (label: string, width: number) => make({ label, bytes: R * width * 4, role: 'activations', reduce: `${rows} of ${width} floats` });
  const small = (label: string, words: number) => make({ label, bytes: words * 4, role: 'activations', reduce: rows });

  const params = (role: Role, prefix: string) => {
    const map = new Map<string, B>();
    for (const [name, dims] of parameterShapes(c)) {
      const n = dims.reduce((a, b) => a * b, 1);
      map.set(name, make({ label: `${prefix}${name}`, bytes: n * 4, role, reduce: `train a smaller model: ${name} is (${dims.join(', ')})` }));
    }
    return map;
  };
  const distinct = Math.min(R, V);
  return {
    weights: params('weights', ''),
    grads: params('grads', 'grad:'),
    m: params('optimizer', 'adam m:'),
    v: params('optimizer', 'adam v:'),
    xs: Array.from({ length: c.nLayers + 1 }, (_, l) => act(`x${l}`, C)),
    layers: Array.from({ length: c.nLayers }, (_, l) => ({
      h1: act(`layers.${l}.h1`, C),
      qkv: act(`layers.${l}.qkv`, qkvWidth(c)),
      q: act(`layers.${l}.q`, NH * HS),
      k: act(`layers.${l}.k`, NKV * HS),
      v: act(`layers.${l}.v`, NKV * HS),
      att: act(`layers.${l}.att`, NH * HS),
      x2: act(`layers.${l}.x2`, C),
      h2: act(`layers.${l}.h2`, C),
      gate: c.mlp === 'swiglu' ? act(`layers.${l}.gate`, F) : undefined,
      up: act(`layers.${l}.up`, F),
      act: act(`layers.${l}.act`, F),
    })),
    hf: act('hf', C),
    logits: make({ label: 'logits', bytes: R * V * 4, role: 'activations', reduce: `${rows} of the vocabulary's ${V} logits` }),
    ids: small('ids', Bn * idsStride(c, T, offsetAlignment)),
    targets: small('targets', R),
    rowLoss: small('rowLoss', R),
    loss: small('loss', 1),
    norm: small('gradNorm', 1),
    scale: small('clipScale', 1),
    rowTokens: small('rowTokens', distinct),
    rowOffsets: small('rowOffsets', distinct + 1),
    rowOrder: small('rowOrder', R),
    ropeFreqs: c.positions === 'rope' ? small('ropeFreqs', c.rotaryDim / 2) : undefined,
    grad: {
      dx: act('grad:dx', C),
      dhA: act('grad:dhA', C),
      dhB: c.mlp === 'swiglu' ? act('grad:dhB', C) : undefined,
      dAct: act('grad:dAct', F),
      dUp: act('grad:dUp', F),
      dGate: c.mlp === 'swiglu' ? act('grad:dGate', F) : undefined,
      dAtt: act('grad:dAtt', NH * HS),
      dq: act('grad:dq', NH * HS),
      dk: act('grad:dk', NKV * HS),
      dv: act('grad:dv', NKV * HS),
      dqkv: act('grad:dqkv', qkvWidth(c)),
    },
  };
}
