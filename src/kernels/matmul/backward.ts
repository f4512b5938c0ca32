// Matmul backward hosts for the weight and bias gradients of y = x W^T + bias: dW runs the
// A^T B program with its operands picked by the weight layout, db the column-sum program
// (shader.ts). The input gradient dx needs no program of its own: it is the forward Matmul
// bound differently (MatmulInputGrad, kernel.ts). Reference: reference.ts; cases: cases.ts.

import { LAYOUTS } from '../../../shaders/linear.js';
import type { Gpu } from '../../gpu/device.js';
import type { Tuning } from '../../gpu/profile.js';
import { ceilDiv, grid, overlaps, requirePositive, requireWords, type Bound, type BufferArg } from '../common.js';
import { Kernel, type Program } from '../contract.js';
import { LoadWidths, REBIND } from '../linear.js';
import type { DeviceTraits, ProgramCatalog, VariantBase } from '../traits.js';
import { checkVariant, FLAG } from '../variant.js';
import type { GemmTuning } from './kernel.js';
import {
  matmulColsumContract,
  matmulTnContract,
  type MatmulColsumShaderOptions,
  type MatmulColsumShape,
  type MatmulShape,
  type MatmulTnShaderOptions,
  type MatmulTnShape,
} from './shader.js';

// GPUs: as the forward GEMM, 64x64 tiles of 256 threads, 4x4 each, staged 16 rows deep.
// SwiftShader (a 4-lane workgroup is one SIMD group, every load a per-lane gather costing far
// more than a multiply-add): no staging, a 16x16 tile where each lane streams its own 4 columns
// of B against 16 rows of A, which the lanes load a row each and broadcast. Measured against the
// forward matmul of the same FLOPs (512x384x384): 16 rows shared ~1.0-1.3x its time, 8 rows
// shared ~1.2x, 16 rows unshared ~2x, 8 rows unshared (either 1x4 or 2x2 lanes) ~2-2.5x.
const tnTuning: Tuning<GemmTuning> = {
  gpu: { staged: true, tpm: 16, tpn: 16, rows: 4, depth: 16, share: false },
  software: { staged: false, tpm: 1, tpn: 4, rows: 16, depth: 16, share: true },
};

interface ColsumTuning {
  /** Columns per workgroup, and lanes splitting the rows of each (a power of two). */
  cols: number;
  split: number;
}

// GPUs: 32 columns x 8 row lanes (a warp reads 128 contiguous bytes of a row). SwiftShader: 4
// lanes on 4 adjacent columns, each summing all rows (no reduction at all).
const colsumTuning: Tuning<ColsumTuning> = {
  gpu: { cols: 32, split: 8 },
  software: { cols: 4, split: 1 },
};

export interface MatmulGradVariant extends VariantBase {
  /** Add to the gradient buffer instead of overwriting it (tied weights, summed passes). */
  accumulate?: boolean;
}

export interface MatmulWeightGradVariant extends MatmulGradVariant {
  /** The forward weight's layout; dw is stored the same way. */
  layout: 'nk' | 'kn';
}

/** The A^T B program for a variant and a load width, on a device with these traits. */
export function matmulTnProgram(v: MatmulGradVariant & { vec4: boolean }, traits: DeviceTraits): Program<MatmulTnShaderOptions> {
  const t = tnTuning[traits.profile];
  // subgroupsOfFour implies subgroups, which the variant may have turned off (traitsOf).
  const shareA = t.share && traits.subgroupsOfFour;
  return {
    contract: matmulTnContract,
    options: { vec4: v.vec4, staged: t.staged, rows: t.rows, accumulate: v.accumulate ?? false, shareA },
    constants: t.staged ? { TPM: t.tpm, TPN: t.tpn, TT: t.depth } : { TPM: t.tpm, TPN: t.tpn },
  };
}

/** The column-sum program for a variant, on a device with these traits. */
export function matmulColsumProgram(v: MatmulGradVariant, traits: DeviceTraits): Program<MatmulColsumShaderOptions> {
  const t = colsumTuning[traits.profile];
  return { contract: matmulColsumContract, options: { accumulate: v.accumulate ?? false }, constants: { COLS: t.cols, SPLIT: t.split } };
}

/** Every backward program, for the family's catalog (kernel.ts). */
export const backwardPrograms: ProgramCatalog = (traits) =>
  [false, true].flatMap((accumulate) => [
    matmulTnProgram({ accumulate, vec4: true }, traits),
    matmulTnProgram({ accumulate, vec4: false }, traits),
    matmulColsumProgram({ accumulate }, traits),
  ]);

/** x (T, K) and dy (T, N) of the forward; dw in w's layout, a buffer of its own. */
export interface MatmulWeightGradBuffers {
  x: BufferArg;
  dy: BufferArg;
  dw: BufferArg;
}

type TnKernel = Kernel<MatmulTnShaderOptions, typeof matmulTnContract.spec.params>;

/**
 * dW of y = x W^T: (N, K) = dy^T x for 'nk', (K, N) = x^T dy for 'kn', over T rows (all the
 * sequences of a batch at once), written or added to dw. The load widths are compiled up front
 * so that bind() picks one synchronously.
 */
export class MatmulWeightGrad {
  private constructor(
    private readonly gpu: Gpu,
    private readonly layout: 'nk' | 'kn',
    private readonly widths: LoadWidths<TnKernel>,
  ) {}

  /** `planned`: the forward's shape the caller will bind (T may vary), which compiles only the load width its K and N pick; without it both. */
  static async create(gpu: Gpu, variant: MatmulWeightGradVariant, planned?: MatmulShape): Promise<MatmulWeightGrad> {
    checkVariant('matmul weight gradient', variant, { layout: LAYOUTS, accumulate: FLAG });
    if (planned) requirePositive('matmul weight gradient (planned)', { K: planned.K, N: planned.N });
    const build = (vec4: boolean) => Kernel.forVariant(gpu, matmulTnProgram, { ...variant, vec4 });
    return new MatmulWeightGrad(gpu, variant.layout, await LoadWidths.build(build, planned && fitsVec4(operandsOf(variant.layout, planned))));
  }

  /**
   * The forward's shape { T, K, N }: update() takes it too, and may change T freely, and K and
   * N as long as a vec4 binding keeps them multiples of 4.
   */
  bind(b: MatmulWeightGradBuffers, shape: MatmulShape): Bound<MatmulShape> {
    const kernel = 'matmul weight gradient';
    for (const [name, other] of Object.entries({ x: b.x, dy: b.dy })) {
      if (overlaps(b.dw, other)) throw new RangeError(`${kernel}: dw overlaps ${name}; dw needs a buffer of its own`);
    }
    const nk = this.layout === 'nk';
    const operands = (s: MatmulShape) => operandsOf(this.layout, s);
    const k = this.widths.pick(fitsVec4(operands(shape)), kernel, 'K and N', shape);
    const vec4 = k.options.vec4;
    const tileM = k.options.rows * k.constants.TPM;
    const tileN = 4 * k.constants.TPN;
    const buffers = nk ? { a: b.dy, b: b.x, y: b.dw } : { a: b.x, b: b.dy, y: b.dw };
    return k.bind(buffers, (s: MatmulShape) => {
      requirePositive(kernel, { T: s.T, K: s.K, N: s.N });
      const o = operands(s);
      if (vec4 && !fitsVec4(o)) throw new RangeError(`${kernel}: bound with vec4 loads, which need K and N % 4 == 0, got K=${s.K}, N=${s.N}; ${REBIND}`);
      requireWords(kernel, 'x', b.x, s.T * s.K, `(T, K) = (${s.T}, ${s.K})`);
      requireWords(kernel, 'dy', b.dy, s.T * s.N, `(T, N) = (${s.T}, ${s.N})`);
      requireWords(kernel, 'dw', b.dw, s.K * s.N, nk ? `(N, K) = (${s.N}, ${s.K})` : `(K, N) = (${s.K}, ${s.N})`);
      const groups = ceilDiv(o.M, tileM);
      return { params: { ...o, groups }, workgroups: grid(this.gpu, groups * ceilDiv(o.N, tileN)) };
    }, shape);
  }
}

/** The transposed product's operands: A is the one whose columns are dW's stored rows. */
function operandsOf(layout: 'nk' | 'kn', s: MatmulShape): MatmulTnShape {
  return layout === 'nk' ? { T: s.T, M: s.N, N: s.K } : { T: s.T, M: s.K, N: s.N };
}

/** vec4 loads need both operands' rows on 16 bytes. */
function fitsVec4(o: MatmulTnShape): boolean {
  return o.M % 4 === 0 && o.N % 4 === 0;
}

/** dy (T, N) of the forward; db (N), a buffer of its own. */
export interface MatmulBiasGradBuffers {
  dy: BufferArg;
  db: BufferArg;
}

/** db (N) = the column sums of dy (T, N), written or added to db. */
export class MatmulBiasGrad {
  private constructor(private readonly kernel: Kernel<MatmulColsumShaderOptions, typeof matmulColsumContract.spec.params>) {}

  static async create(gpu: Gpu, variant: MatmulGradVariant = {}): Promise<MatmulBiasGrad> {
    checkVariant('matmul bias gradient', variant, { accumulate: FLAG });
    return new MatmulBiasGrad(await Kernel.forVariant(gpu, matmulColsumProgram, variant));
  }

  /** { T, N } (the forward's MatmulShape will do); update() takes it too. */
  bind(b: MatmulBiasGradBuffers, shape: MatmulColsumShape): Bound<MatmulColsumShape> {
    const kernel = 'matmul bias gradient';
    if (overlaps(b.db, b.dy)) throw new RangeError(`${kernel}: db overlaps dy; db needs a buffer of its own`);
    const { gpu, constants } = this.kernel;
    return this.kernel.bind({ dy: b.dy, db: b.db }, (s: MatmulColsumShape) => {
      requirePositive(kernel, { T: s.T, N: s.N });
      requireWords(kernel, 'dy', b.dy, s.T * s.N, `(T, N) = (${s.T}, ${s.N})`);
      requireWords(kernel, 'db', b.db, s.N, `(N) = (${s.N})`);
      return { params: { T: s.T, N: s.N }, workgroups: grid(gpu, ceilDiv(s.N, constants.COLS)) };
    }, shape);
  }
}
