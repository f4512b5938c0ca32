// The kernels the lab runs (matmul, gemv, attention, norm, elementwise, embed, sample): shape defaults
// off their tiles, variant choices, one call on seeded random inputs beside its CPU reference, its
// FLOP and byte counts, and the tolerance the kernel tests allow (derived in
// src/kernels/<family>/cases.ts). Tests: tests/browser/kernel-lab.test.ts.

import type { Gpu } from '../../src/gpu/device.js';
import { Attention, programs as attentionPrograms } from '../../src/kernels/attention/kernel.js';
import { attention } from '../../src/kernels/attention/reference.js';
import { Elementwise, programs as elementwisePrograms, type ElementwiseOp } from '../../src/kernels/elementwise/kernel.js';
import { add, gelu, silu, swiglu } from '../../src/kernels/elementwise/reference.js';
import { Embed, programs as embedPrograms } from '../../src/kernels/embed/kernel.js';
import { embed } from '../../src/kernels/embed/reference.js';
import { Gemv, programs as gemvPrograms } from '../../src/kernels/gemv/kernel.js';
import type { Activation, LinearVariant } from '../../src/kernels/linear.js';
import { Matmul, programs as matmulPrograms } from '../../src/kernels/matmul/kernel.js';
import { matmul } from '../../src/kernels/matmul/reference.js';
import { Norm, programs as normPrograms, type NormKind } from '../../src/kernels/norm/kernel.js';
import { layernorm, rmsnorm } from '../../src/kernels/norm/reference.js';
import { Sampler, programs as samplePrograms, type SampleMode } from '../../src/kernels/sample/kernel.js';
import { argmax, sample, uniformFromSeed } from '../../src/kernels/sample/reference.js';
import type { ProgramCatalog } from '../../src/kernels/traits.js';
import { randomFloats, randomIds, type Field, type LabKernel } from './lab-kernel.js';

const YES_NO = ['no', 'yes'] as const;
const EXACT_COPY = { atol: 0, rtol: 0 };

/** Matmul and Gemv: the same function and reference, bound alike; Gemv is tuned for a row or a few. */
function linearKernel(
  name: string,
  host: { create(gpu: Gpu, v: LinearVariant): Promise<Matmul | Gemv> },
  programs: ProgramCatalog,
  [T, K, N]: [number, number, number],
): LabKernel {
  const dims: Field[] = [
    { id: 'T', label: 'T (rows of x)', value: T, min: 1, integer: true },
    { id: 'K', label: 'K (inputs)', value: K, min: 1, integer: true },
    { id: 'N', label: 'N (outputs)', value: N, min: 1, integer: true },
  ];
  return {
    name,
    formula: 'y = act(x Wᵀ + b) + r',
    fields: dims,
    choices: [
      { id: 'layout', label: 'W stored', options: ['nk', 'kn'], title: 'nk: (N, K) as PyTorch Linear; kn: (K, N) as GPT-2\'s Conv1D' },
      { id: 'activation', label: 'act', options: ['none', 'gelu', 'silu'] },
      { id: 'bias', label: 'bias b', options: YES_NO },
      { id: 'residual', label: 'residual r', options: YES_NO },
    ],
    programs,
    async prepare(gpu, { dims: d, choices: c, profile }, memory) {
      const { T, K, N } = d as { T: number; K: number; N: number };
      const layout = c.layout as 'nk' | 'kn';
      const activation = c.activation as Activation;
      const [hasBias, hasResidual] = [c.bias === 'yes', c.residual === 'yes'];
      const x = randomFloats(T * K, 1);
      const w = randomFloats(K * N, 2);
      const bias = hasBias ? randomFloats(N, 3) : undefined;
      const residual = hasResidual ? randomFloats(T * N, 4) : undefined;
      const kernel = await host.create(gpu, { layout, activation, bias: hasBias, residual: hasResidual, profile });
      const y = memory.output(T * N, 'y');
      const bound = memory.keep(kernel.bind({
        x: memory.upload(x, 'x'),
        w: memory.upload(w, 'w'),
        bias: bias && memory.upload(bias, 'bias'),
        residual: residual && memory.upload(residual, 'residual'),
        y,
      }, { T, K, N }));
      return {
        describe: `x (${T}, ${K}) · W ${layout === 'nk' ? `(${N}, ${K})` : `(${K}, ${N})`} → y (${T}, ${N})`,
        record: (recorder) => bound.record(recorder),
        read: () => memory.readFloats(y, T * N),
        reference: () => matmul(x, w, { T, K, N, layout, bias, activation, residual }),
        tolerance: { atol: 1e-6 * K + 1e-6, rtol: 1e-5, why: `each output sums ${K} float32 products, whose rounding grows with K (plus one float32 exp for GELU and SiLU)` },
        flops: 2 * T * K * N,
        bytes: 4 * (T * K + K * N + T * N + (hasBias ? N : 0) + (hasResidual ? T * N : 0)),
      };
    },
  };
}

const attentionKernel: LabKernel = {
  name: 'attention',
  formula: 'y = softmax(q kᵀ / √HS, causal) v, per head',
  fields: [
    { id: 'T', label: 'T (query rows)', value: 17, min: 1, integer: true },
    { id: 'S', label: 'S (cached keys)', value: 65, min: 1, integer: true },
    { id: 'NH', label: 'NH (query heads)', value: 6, min: 1, integer: true },
    { id: 'NKV', label: 'NKV (key/value heads)', value: 2, min: 1, integer: true },
    { id: 'HS', label: 'HS (head size, a multiple of 4)', value: 20, min: 4, integer: true },
  ],
  choices: [{ id: 'mode', label: 'mode', options: ['prefill', 'decode'], title: 'prefill: blocks of query rows (a GQA group\'s heads together) share key tiles; decode: the same, with keys also split over workgroups and merged' }],
  programs: attentionPrograms,
  async prepare(gpu, { dims, choices, profile }, memory) {
    const s = dims as { T: number; S: number; NH: number; NKV: number; HS: number };
    // q and k up to ±3 spread the scores over several units: a softmax neither flat nor one-hot.
    const q = randomFloats(s.T * s.NH * s.HS, 5, 3);
    const k = randomFloats(s.S * s.NKV * s.HS, 6, 3);
    const v = randomFloats(s.S * s.NKV * s.HS, 7, 2);
    const kernel = await Attention.create(gpu, { mode: choices.mode as 'prefill' | 'decode', profile });
    const y = memory.output(q.length, 'y');
    const bound = memory.keep(kernel.bind({ q: memory.upload(q, 'q'), k: memory.upload(k, 'k'), v: memory.upload(v, 'v'), y }, s));
    // Row t sees the S - T + t + 1 keys up to its own position: a score and a weighted sum per key and head.
    let keysSeen = 0;
    for (let t = 0; t < s.T; t++) keysSeen += s.S - s.T + t + 1;
    return {
      describe: `q (${s.T}, ${s.NH}, ${s.HS}) over k, v (${s.S}, ${s.NKV}, ${s.HS}) → y (${s.T}, ${s.NH}, ${s.HS})`,
      record: (recorder) => bound.record(recorder),
      read: () => memory.readFloats(y, q.length),
      reference: () => attention(q, k, v, s),
      tolerance: { atol: 1e-4, rtol: 1e-4, why: 'float32 dot products of HS terms, float32 exp, and the online softmax\'s rescaling' },
      flops: 4 * keysSeen * s.NH * s.HS,
      bytes: 4 * (2 * q.length + 2 * k.length),
    };
  },
};

const normKernel: LabKernel = {
  name: 'norm',
  formula: 'y = (x − mean) / √(var + eps) · γ + β (LayerNorm); x / √(mean(x²) + eps) · γ (RMSNorm)',
  fields: [
    { id: 'rows', label: 'rows', value: 17, min: 1, integer: true },
    { id: 'C', label: 'C (row width)', value: 771, min: 1, integer: true },
    { id: 'eps', label: 'eps', value: 1e-5, min: 0 },
  ],
  choices: [{ id: 'kind', label: 'kind', options: ['layer', 'rms'] }],
  programs: normPrograms,
  async prepare(gpu, { dims, choices, profile }, memory) {
    const s = dims as { rows: number; C: number; eps: number };
    const kind = choices.kind as NormKind;
    const x = randomFloats(s.rows * s.C, 8, 2);
    const gamma = randomFloats(s.C, 9, 0.5).map((g) => g + 1); // in [0.5, 1.5]: no column zeroed
    const beta = randomFloats(s.C, 10, 0.5);
    const kernel = await Norm.create(gpu, { kind, profile });
    const y = memory.output(x.length, 'y');
    const buffers = { x: memory.upload(x, 'x'), gamma: memory.upload(gamma, 'gamma'), y };
    const bound = memory.keep(kernel.bind(kind === 'layer' ? { ...buffers, beta: memory.upload(beta, 'beta') } : buffers, s));
    return {
      describe: `x (${s.rows}, ${s.C}) → y (${s.rows}, ${s.C})`,
      record: (recorder) => bound.record(recorder),
      read: () => memory.readFloats(y, x.length),
      reference: () => (kind === 'layer' ? layernorm(x, gamma, beta, s) : rmsnorm(x, gamma, s)),
      tolerance: { atol: 5e-6, rtol: 5e-6, why: 'float32 sums over the row, a square root and a divide: a few float32 ulps' },
      flops: 0,
      bytes: 4 * (2 * x.length + (kind === 'layer' ? 2 : 1) * s.C),
    };
  },
};

const ELEMENTWISE_REFERENCE: Record<ElementwiseOp, (a: Float32Array, b: Float32Array) => Float32Array> = { gelu: (a) => gelu(a), silu: (a) => silu(a), swiglu, add };

const elementwiseKernel: LabKernel = {
  name: 'elementwise',
  formula: 'y = gelu(a), silu(a), silu(a) · b (SwiGLU) or a + b, element by element',
  fields: [{ id: 'n', label: 'n (elements)', value: 10007, min: 1, integer: true }],
  choices: [{ id: 'op', label: 'op', options: ['gelu', 'silu', 'swiglu', 'add'] }],
  programs: elementwisePrograms,
  async prepare(gpu, { dims, choices, profile }, memory) {
    const { n } = dims as { n: number };
    const op = choices.op as ElementwiseOp;
    const binary = op === 'swiglu' || op === 'add';
    const a = randomFloats(n, 11, 8); // ±8: exp's arguments reach the tails
    const b = randomFloats(n, 12, 3);
    const kernel = await Elementwise.create(gpu, { op, profile });
    const y = memory.output(n, 'y');
    const bound = memory.keep(kernel.bind({ a: memory.upload(a, 'a'), b: binary ? memory.upload(b, 'b') : undefined, y }, { n }));
    return {
      describe: `${binary ? 'a, b' : 'a'} (${n}) → y (${n})`,
      record: (recorder) => bound.record(recorder),
      read: () => memory.readFloats(y, n),
      reference: () => ELEMENTWISE_REFERENCE[op](a, b),
      tolerance: op === 'add'
        ? { ...EXACT_COPY, why: 'one float32 add, rounded exactly as the reference rounds it' }
        : { atol: 1e-6, rtol: 2e-5, why: 'one float32 exp and a divide per element' },
      flops: 0,
      bytes: 4 * n * (binary ? 3 : 2),
    };
  },
};

const embedKernel: LabKernel = {
  name: 'embed',
  formula: 'y[t] = wte[ids[t]] (+ wpe[pos0 + t])',
  fields: [
    { id: 'T', label: 'T (tokens)', value: 37, min: 1, integer: true },
    { id: 'C', label: 'C (vector width)', value: 65, min: 1, integer: true },
    { id: 'V', label: 'V (vocabulary)', value: 1003, min: 1, integer: true },
    { id: 'pos0', label: 'pos0 (first position)', value: 5, min: 0, integer: true },
  ],
  choices: [{ id: 'positions', label: 'learned positions (GPT-2)', options: YES_NO, title: 'no: token rows only, as models with RoPE' }],
  programs: embedPrograms,
  async prepare(gpu, { dims, choices, profile }, memory) {
    const s = dims as { T: number; C: number; V: number; pos0: number };
    const positions = choices.positions === 'yes';
    const ids = randomIds(s.T, 13, s.V);
    const wte = randomFloats(s.V * s.C, 14);
    const wpe = randomFloats((s.pos0 + s.T) * s.C, 15, 0.25);
    const kernel = await Embed.create(gpu, { positions, profile });
    const y = memory.output(s.T * s.C, 'y');
    const buffers = { ids: memory.upload(ids, 'ids'), wte: memory.upload(wte, 'wte'), y };
    const bound = memory.keep(kernel.bind(positions ? { ...buffers, wpe: memory.upload(wpe, 'wpe') } : buffers, s));
    return {
      describe: `ids (${s.T}) into wte (${s.V}, ${s.C})${positions ? ` + wpe rows ${s.pos0}..${s.pos0 + s.T - 1}` : ''} → y (${s.T}, ${s.C})`,
      record: (recorder) => bound.record(recorder),
      read: () => memory.readFloats(y, s.T * s.C),
      reference: () => embed(ids, wte, { ...s, wpe: positions ? wpe : undefined }),
      tolerance: { ...EXACT_COPY, why: positions ? 'a copy and one float32 add: the same correctly rounded sum' : 'a copy' },
      flops: 0,
      bytes: 4 * (s.T + s.T * s.C * (positions ? 3 : 2)),
    };
  },
};

const sampleKernel: LabKernel = {
  name: 'sample',
  formula: 'token = a draw from softmax(logits / temperature), kept by top-k, top-p and min-p; or the argmax',
  fields: [
    { id: 'V', label: 'V (logits)', value: 1003, min: 1, integer: true },
    { id: 'draws', label: 'draws (one dispatch each)', value: 16, min: 1, integer: true },
    { id: 'temperature', label: 'temperature', value: 0.8, min: 0 },
    { id: 'topK', label: 'top-k (0: off)', value: 40, min: 0, integer: true },
    { id: 'topP', label: 'top-p (1: off)', value: 0.95, min: 0 },
    { id: 'minP', label: 'min-p (0: off)', value: 0, min: 0 },
    { id: 'seed', label: 'seed', value: 1, min: 0, integer: true },
  ],
  choices: [{ id: 'mode', label: 'program', options: ['sample', 'argmax'], title: 'argmax: the greedy program alone' }],
  programs: samplePrograms,
  async prepare(gpu, { dims, choices, profile }, memory) {
    const { V, draws, temperature, topK, topP, minP, seed } = dims as Record<string, number>;
    const mode = choices.mode as SampleMode;
    const logits = randomFloats(V, 16, 4); // ±4: the filters each cut something
    const kernel = await Sampler.create(gpu, { mode, profile });
    const out = memory.output(draws, 'token ids', true);
    const logitsBuffer = memory.upload(logits, 'logits');
    // One bound call per draw: draw i uses step i of the seed's random stream and writes out[i].
    const bounds = Array.from({ length: draws }, (_, step) =>
      memory.keep(kernel.bind({ logits: logitsBuffer, out }, { V, temperature, topK, topP, minP, seed, step, outIndex: step })));
    return {
      describe: `logits (${V}) → ${draws} token ids`,
      record: (recorder) => { for (const bound of bounds) bound.record(recorder); },
      read: () => memory.readIds(out, draws),
      reference: () => Array.from({ length: draws }, (_, step) =>
        mode === 'argmax' ? argmax(logits) : sample(logits, { temperature, topK, topP, minP, u: uniformFromSeed(seed, step) })),
      tolerance: { ...EXACT_COPY, why: 'token ids: any difference is another token (a draw within float32 rounding of a cut may legitimately flip; the kernel tests allow those, this page shows them)' },
      flops: 0,
      bytes: 4 * V * draws,
    };
  },
};

export const LAB_KERNELS: readonly LabKernel[] = [
  linearKernel('matmul', Matmul, matmulPrograms, [65, 260, 130]),
  linearKernel('gemv', Gemv, gemvPrograms, [1, 770, 515]),
  attentionKernel,
  normKernel,
  elementwiseKernel,
  embedKernel,
  sampleKernel,
];
