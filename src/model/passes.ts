// Builds the forward pass as a list of steps over prebound kernels: the linear story of one
// token through the network (embed, per layer norm/qkv/rope+cache/attention/out/norm/mlp,
// final norm, head). Three passes share all buffers: prefill (many rows, last row's logits),
// decode (one row, GEMV kernels) and all-logits (every row's logits, for tests and inspection).

import type { Gpu } from '../gpu/device.js';
import type { Recorder } from '../gpu/recorder.js';
import { Attention } from '../kernels/attention.js';
import type { Bound } from '../kernels/common.js';
import { Elementwise } from '../kernels/elementwise.js';
import { Embed } from '../kernels/embed.js';
import { Gemv } from '../kernels/gemv.js';
import { KvCache } from '../kernels/kvcache.js';
import { Matmul, type MatmulVariant } from '../kernels/matmul.js';
import { Norm } from '../kernels/norm/kernel.js';
import { Sampler } from '../kernels/sample.js';
import { qkvWidth, type ModelConfig } from './config.js';
import type { GpuWeights } from './gpu-weights.js';

/** A recorded piece of a pass: updates its kernel's shape for (T, pos0) and records it. */
export type Step = (rec: Recorder, T: number, pos0: number) => void;

function op<S>(bound: Bound<S>, shape: (T: number, pos0: number) => S): Step {
  return (rec, T, pos0) => {
    bound.update(shape(T, pos0));
    bound.record(rec);
  };
}

type Linear = Matmul | Gemv;

export interface Kernels {
  norm: Norm;
  embed: Embed;
  kvcache: KvCache;
  attention: { prefill: Attention; decode: Attention };
  swiglu: Elementwise | null;
  sampler: Sampler;
  /** Matmul (many rows) and Gemv (one row) for each linear layer's variant. */
  linear(variant: MatmulVariant, rows: 'many' | 'one'): Linear;
}

/** Creates every pipeline the model needs, in parallel, before the first token. */
export async function createKernels(gpu: Gpu, c: ModelConfig, w: GpuWeights): Promise<Kernels> {
  const variants = new Map<string, MatmulVariant>();
  const note = (v: MatmulVariant) => variants.set(JSON.stringify(v), v);
  for (const v of linearVariants(c, w)) note(v);
  const linears = new Map<string, Linear>();
  await Promise.all(
    [...variants].flatMap(([key, v]) => [
      Matmul.create(gpu, v).then((k) => linears.set(`${key}/many`, k)),
      Gemv.create(gpu, v).then((k) => linears.set(`${key}/one`, k)),
    ]),
  );
  const [norm, embed, kvcache, prefill, decode, swiglu, sampler] = await Promise.all([
    Norm.create(gpu, { kind: c.norm }),
    Embed.create(gpu, { positions: c.positions === 'learned' }),
    KvCache.create(gpu, { rope: c.positions === 'rope' ? c.ropeLayout : 'none' }),
    Attention.create(gpu, { mode: 'prefill' }),
    Attention.create(gpu, { mode: 'decode' }),
    c.mlp === 'swiglu' ? Elementwise.create(gpu, { op: 'swiglu' }) : Promise.resolve(null),
    Sampler.create(gpu, { mode: 'sample' }),
  ]);
  return {
    norm, embed, kvcache, swiglu, sampler,
    attention: { prefill, decode },
    linear(variant, rows) {
      const k = linears.get(`${JSON.stringify(variant)}/${rows}`);
      if (!k) throw new Error(`no linear kernel prepared for ${JSON.stringify(variant)}`);
      return k;
    },
  };
}

/** The matmul variant of each linear layer, from the config and the weights' layouts. */
function linearVariants(c: ModelConfig, w: GpuWeights): MatmulVariant[] {
  const l0 = 'layers.0.';
  const out: MatmulVariant[] = [
    { layout: w.layout(`${l0}attn.qkv.weight`), bias: c.bias.qkv, activation: 'none', residual: false },
    { layout: w.layout(`${l0}attn.out.weight`), bias: c.bias.attnOut, activation: 'none', residual: true },
    { layout: w.layout(`${l0}mlp.up.weight`), bias: c.bias.mlp, activation: c.mlp === 'gelu' ? 'gelu' : 'none', residual: false },
    { layout: w.layout(`${l0}mlp.down.weight`), bias: c.bias.mlp, activation: 'none', residual: true },
    { layout: headLayout(c, w), bias: false, activation: 'none', residual: false },
  ];
  if (c.mlp === 'swiglu') out.push({ layout: w.layout(`${l0}mlp.gate.weight`), bias: false, activation: 'none', residual: false });
  return out;
}

function headName(c: ModelConfig): string {
  return c.tiedEmbeddings ? 'embed.tokens' : 'lm_head.weight';
}

function headLayout(c: ModelConfig, w: GpuWeights): 'nk' | 'kn' {
  return c.tiedEmbeddings ? 'nk' : w.layout('lm_head.weight');
}

/** A built pass: its steps, and what to free with the model (decode attention's scratch). */
export interface Pass {
  steps: Step[];
  destroy(): void;
}

/**
 * One pass over the network. 'prefill' and 'decode' end with the last row's logits in `logits`;
 * 'all' writes every row's logits to `allLogits`.
 */
export function buildPass(c: ModelConfig, w: GpuWeights, b: Map<string, GPUBuffer>, k: Kernels, mode: 'prefill' | 'decode' | 'all'): Pass {
  const { dim: C, nHeads: NH, nKvHeads: NKV, headSize: HS, hiddenDim: F, vocabSize: V } = c;
  const rows = mode === 'decode' ? 'one' : 'many';
  const buf = (name: string) => b.get(name)!;
  const steps: Step[] = [];
  const owned: Array<Bound<unknown>> = [];
  const add = <S>(bound: Bound<S>, shape: (T: number, pos0: number) => S) => {
    owned.push(bound as Bound<unknown>);
    steps.push(op(bound, shape));
  };
  const maxS = buf('k0').size / (4 * NKV * HS);

  const norm = (x: string, y: string, name: string, last = false) => {
    const beta = c.norm === 'layer' ? w.get(`${name}.bias`) : undefined;
    const bound = k.norm.bind({ x: buf(x), gamma: w.get(`${name}.weight`), beta, y: buf(y) }, { rows: 1, C, eps: c.normEps });
    add(bound, (T) => ({ rows: last ? 1 : T, C, eps: c.normEps }));
  };
  const linear = (name: string, x: string, y: string, K: number, N: number, o: { residual?: string; activation?: 'gelu'; last?: boolean } = {}) => {
    const head = name === 'head';
    const weight = head ? headName(c) : `${name}.weight`;
    const bias = head || !w.has(`${name}.bias`) ? undefined : w.get(`${name}.bias`);
    const variant: MatmulVariant = { layout: head ? headLayout(c, w) : w.layout(weight), bias: !!bias, activation: o.activation ?? 'none', residual: !!o.residual };
    const kernel = k.linear(variant, o.last ? 'one' : rows);
    const residual = o.residual ? buf(o.residual) : undefined;
    const bound = kernel.bind({ x: buf(x), w: w.get(weight), bias, residual, y: buf(y) }, { T: 1, K, N });
    add(bound, (T) => ({ T: o.last ? 1 : T, K, N }));
  };

  const embed = k.embed.bind(
    { ids: buf('ids'), wte: w.get('embed.tokens'), wpe: c.positions === 'learned' ? w.get('embed.positions') : undefined, y: buf('xA') },
    { T: 1, C, V, pos0: 0 },
  );
  add(embed, (T, pos0) => ({ T, C, V, pos0 }));
  const attention = mode === 'decode' ? k.attention.decode : k.attention.prefill;
  for (let l = 0; l < c.nLayers; l++) {
    const p = `layers.${l}.`;
    const kCache = buf(`k${l}`);
    const vCache = buf(`v${l}`);
    norm('xA', 'h', `${p}norm1`);
    linear(`${p}attn.qkv`, 'h', 'qkv', C, qkvWidth(c));
    const freqs = c.positions === 'rope' ? buf('ropeFreqs') : undefined;
    const split = k.kvcache.bind({ qkv: buf('qkv'), q: buf('q'), kCache, vCache, freqs }, { T: 1, NH, NKV, HS, pos0: 0, maxS, rotaryDim: c.rotaryDim });
    add(split, (T, pos0) => ({ T, NH, NKV, HS, pos0, maxS, rotaryDim: c.rotaryDim }));
    const att = attention.bind({ q: buf('q'), k: kCache, v: vCache, y: buf('att') }, { T: 1, S: 1, NH, NKV, HS });
    add(att, (T, pos0) => ({ T, S: pos0 + T, NH, NKV, HS }));
    linear(`${p}attn.out`, 'att', 'xB', NH * HS, C, { residual: 'xA' });
    norm('xB', 'h', `${p}norm2`);
    if (c.mlp === 'gelu') {
      linear(`${p}mlp.up`, 'h', 'act', C, F, { activation: 'gelu' });
    } else {
      linear(`${p}mlp.gate`, 'h', 'gate', C, F);
      linear(`${p}mlp.up`, 'h', 'up', C, F);
      const swiglu = k.swiglu!.bind({ a: buf('gate'), b: buf('up'), y: buf('act') }, { n: F });
      add(swiglu, (T) => ({ n: T * F }));
    }
    linear(`${p}mlp.down`, 'act', 'xA', F, C, { residual: 'xB' });
  }
  if (mode === 'all') {
    norm('xA', 'h', 'norm.final');
    linear('head', 'h', 'allLogits', C, V);
  } else {
    // Only the last row feeds the sampler: copy it out and run the head as a GEMV.
    steps.push((rec, T) => rec.copy(buf('xA'), (T - 1) * C * 4, buf('xLast'), 0, C * 4));
    norm('xLast', 'hLast', 'norm.final', true);
    linear('head', 'hLast', 'logits', C, V, { last: true });
  }
  return { steps, destroy: () => owned.forEach((o) => o.destroy()) };
}
