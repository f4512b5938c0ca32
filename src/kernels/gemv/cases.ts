// Gemv against ../matmul/reference.ts: both layouts and epilogues on awkward K/N, one and a few
// rows, the subgroup and the workgroup-memory reduction, the GPU profile's 256-lane layout. The
// case builder, tolerances and random shapes are matmul's (../matmul/cases.ts).

import { withScratch, type KernelCase } from '../../../tests/kernels/harness.js';
import { linearCase, randomLinearShapes, type LinearShape } from '../matmul/cases.js';
import { Gemv } from './kernel.js';

// 'nk' rows are shared by `split` lanes (planned from K): each shape runs with subgroupAdd (used
// where split is the whole workgroup, on adapters with subgroups) and with the workgroup-memory
// tree. 'kn' never uses subgroups.
const nk: LinearShape[] = [
  { T: 1, K: 1, N: 1, layout: 'nk' },
  { T: 1, K: 17, N: 17, layout: 'nk', bias: true, activation: 'gelu' },
  { T: 1, K: 65, N: 63, layout: 'nk', bias: true, residual: true },
  { T: 1, K: 256, N: 257, layout: 'nk', activation: 'gelu' },
  { T: 3, K: 64, N: 257, layout: 'nk', bias: true, activation: 'silu' },
  { T: 1, K: 770, N: 65, layout: 'nk', residual: true, profile: 'gpu' },
  { T: 2, K: 256, N: 3, layout: 'nk', residual: true, profile: 'gpu' },
  // Rows shared by every lane (split = threads): K past 64 vec4 per lane on GPUs, 64 per lane on SwiftShader.
  { T: 1, K: 2052, N: 9, layout: 'nk', bias: true, profile: 'gpu' },
  { T: 2, K: 1030, N: 5, layout: 'nk', activation: 'silu' },
  { T: 1, K: 300, N: 7, layout: 'nk' }, // 2 lanes a row on SwiftShader
];

const kn: LinearShape[] = [
  { T: 1, K: 3, N: 3, layout: 'kn' },
  { T: 1, K: 63, N: 65, layout: 'kn', activation: 'silu', residual: true },
  { T: 1, K: 257, N: 257, layout: 'kn', bias: true },
  { T: 1, K: 256, N: 260, layout: 'kn', activation: 'silu', residual: true },
  { T: 3, K: 65, N: 17, layout: 'kn', bias: true, activation: 'gelu' },
  { T: 2, K: 257, N: 130, layout: 'kn', bias: true, residual: true, profile: 'gpu' },
  { T: 1, K: 64, N: 36, layout: 'kn', bias: true, residual: true, profile: 'gpu' },
];

// Each weight format, checked against the reference on the CPU-dequantized weights: block formats
// at K = 32 * odd (several blocks per lane and a partial turn), f16/bf16 with vec4 and scalar loads.
const formats: LinearShape[] = [
  { T: 1, K: 96, N: 67, layout: 'nk', bias: true, residual: true, weights: 'q8_0' },
  { T: 2, K: 160, N: 33, layout: 'nk', activation: 'gelu', weights: 'q4_0', profile: 'gpu' },
  { T: 1, K: 224, N: 5, layout: 'nk', weights: 'q4_0' },
  { T: 1, K: 544, N: 9, layout: 'nk', residual: true, weights: 'q8_0' }, // 17 blocks over 4 lanes on SwiftShader
  { T: 1, K: 65, N: 63, layout: 'nk', weights: 'f16' },
  { T: 3, K: 96, N: 17, layout: 'nk', bias: true, weights: 'bf16' },
  { T: 1, K: 64, N: 36, layout: 'kn', residual: true, weights: 'f16', profile: 'gpu' },
  { T: 1, K: 63, N: 65, layout: 'kn', weights: 'bf16' },
];

const random = randomLinearShapes(3, 0x6e7b, 4).map((s) => ({ ...s, subgroups: false }));

const linearCases: KernelCase[] = [
  ...nk.flatMap((s) => [{ ...s, subgroups: true }, { ...s, subgroups: false }]),
  ...kn.map((s) => ({ ...s, subgroups: false })),
  ...formats,
  ...random,
].map((s) => linearCase('gemv', (gpu, v) => Gemv.create(gpu, v), s));

/** Block formats refuse 'kn' at create and K % 32 != 0 at bind, naming the rule. */
const rejectsCase: KernelCase = {
  kernel: 'gemv',
  name: 'block weights reject a kn layout, K % 32 != 0 and a short w',
  run: (gpu) => withScratch(gpu, async (scratch) => {
    const failures: string[] = [];
    const expectError = async (call: () => unknown, mention: string) => {
      try {
        const r = await call();
        (r as { destroy?: () => void } | undefined)?.destroy?.();
        failures.push(`accepted (${mention})`);
      } catch (e) {
        if (!(e instanceof RangeError) || !String(e).includes(mention)) failures.push(`${mention}: ${e}`);
      }
    };
    await expectError(() => Gemv.create(gpu, { layout: 'kn', weights: 'q8_0' }), "stored 'nk' only");
    const q4 = await Gemv.create(gpu, { layout: 'nk', weights: 'q4_0' });
    const buffers = (words: number) => ({ x: scratch.empty(64, 'x'), w: scratch.upload(new Uint32Array(words), 'w'), y: scratch.empty(4, 'y') });
    q4.bind(buffers(2 * 2 * 5), { T: 1, K: 64, N: 2 }).destroy(); // 2 rows of 2 blocks: fits
    await expectError(() => q4.bind(buffers(100), { T: 1, K: 48, N: 2 }), 'K % 32 == 0');
    await expectError(() => q4.bind(buffers(2 * 2 * 5 - 1), { T: 1, K: 64, N: 2 }), 'q4_0 (N, K) = (2, 64)');
    return { maxAbs: 0, nmse: 0, pass: failures.length === 0, detail: failures.join('; ') };
  }),
};

export const cases: KernelCase[] = [...linearCases, rejectsCase];
