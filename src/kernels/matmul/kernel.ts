// Matmul host (many rows): the tiling from the tuning table and the tile grid plan; the vec4 or
// scalar program is picked by K and N at bind time, and the variant, buffer and shape rules it
// shares with Gemv are in ../linear.ts. Also the backward's input gradient, which is this same
// matmul bound differently (MatmulInputGrad); the weight and bias gradients are in backward.ts.
// Shader: shader.ts; reference: reference.ts; cases: cases.ts.

import { LAYOUTS } from '../../../shaders/linear.js';
import { halfDecode, wordRuns } from '../../../shaders/weights.js';
import type { Gpu } from '../../gpu/device.js';
import type { Tuning } from '../../gpu/profile.js';
import { isBlockDType, type WeightDType } from '../../quant/formats.js';
import { ceilDiv, type Bound, type BufferArg } from '../common.js';
import {
  epilogueOf,
  LINEAR_OPTIONS,
  LinearHost,
  LinearPipelines,
  linearPrograms,
  type LinearBuffers,
  type LinearDims,
  type LinearProgram,
  type LinearProgramVariant,
  type LinearVariant,
} from '../linear.js';
import type { DeviceTraits, ProgramCatalog, VariantBase } from '../traits.js';
import { checkVariant, FLAG } from '../variant.js';
import { backwardPrograms } from './backward.js';
import { matmulContract, type MatmulShaderOptions, type MatmulShape } from './shader.js';

export type { MatmulShape };
/** Layout and epilogue flags, and the VariantBase overrides (profile, subgroups). */
export type MatmulVariant = LinearVariant;
/** x (T, K); w (N, K) or (K, N); bias (N); residual (T, N); y (T, N), a buffer of its own. */
export type MatmulBuffers = LinearBuffers;

/** The register tiling of a GEMM program: this forward's, and the backward's A^T B (backward.ts). */
export interface GemmTuning {
  /** Stage slabs of both operands in workgroup memory. */
  staged: boolean;
  /** Threads per workgroup along M and N; each owns a rows x 4 output block. */
  tpm: number;
  tpn: number;
  rows: number;
  /** Depth of a staged slab: K here, T rows of A and B in A^T B. */
  depth: number;
  /** Share the first operand's rows (X, A) with subgroupBroadcast where subgroups are exactly 4 wide (needs tpm 1, tpn 4). */
  share: boolean;
}

/** The forward's tiling: as GemmTuning, but formats whose words hold two runs (q4_0, the k-quants) may take fewer rows. */
interface MatmulTuning extends GemmTuning {
  /** Output rows per thread for q4_0 and the k-quants, which hold both runs' dequantized quads of a word (blockLoop) across the rows' products. */
  twoRunRows: number;
}

// GPUs: 64x64 tiles of 256 threads, 4x4 each, staged through workgroup memory 16 deep.
// SwiftShader runs a 4-lane workgroup as one SIMD group, and every load is a per-lane gather
// costing ~10x a multiply-add: no staging (it only adds copies), and each lane streams its own 4 W
// rows against 16 X rows that the lanes load a quarter each and broadcast (64x768x768: 8x4 +
// broadcast ~30 ms of CPU vs 4x4 without ~50 ms, measured). 16 rows against 8, GPT-2-124M's
// 127-token prefill in Node (2026-12-05): f32 35 -> 40-42 tokens/s, f16 ('kn') 33.7 -> 40.3, q8_0 38.3
// -> 42.5; 12 rows 37, 24 rows 37.5, 32 rows 25.5 (f32). q4_0 and the k-quants keep 8: with 16, q4_0
// 36 -> 22 and q4_K 41 -> 34 (12 rows 35.5), their two mats a word held across twice the products.
// A workgroup with half its rows or fewer left runs half the loop (shader.ts), so a short prompt
// does not pay for 16 rows: 3-6-word prompts as fast as with 8 rows or faster (q4_K's 3 words 194
// -> 141 ms, with 4), TinyStories-656K's 16- and 99-character prompts equal.
const tuning: Tuning<MatmulTuning> = {
  gpu: { staged: true, tpm: 16, tpn: 16, rows: 4, twoRunRows: 4, depth: 16, share: false },
  software: { staged: false, tpm: 1, tpn: 4, rows: 16, twoRunRows: 8, depth: 16, share: true },
};

/** The program a variant runs with a load width, on a device with these traits. */
export function matmulProgram(v: LinearProgramVariant, traits: DeviceTraits): LinearProgram<MatmulShaderOptions> {
  const t = tuning[traits.profile];
  // subgroupsOfFour implies subgroups, which the variant may have turned off (traitsOf).
  const shareX = t.share && traits.subgroupsOfFour;
  return {
    contract: matmulContract,
    options: { ...epilogueOf(v), halves: halfDecode[traits.profile], vec4: v.vec4, staged: t.staged, rows: twoRuns(v.weights) ? t.twoRunRows : t.rows, shareX },
    constants: { TPM: t.tpm, TPN: t.tpn, TK4: t.depth / 4 },
  };
}

/** Whether each word of the format holds quants of two runs of x (q4_0's nibbles, the k-quants'). */
function twoRuns(weights: WeightDType | undefined): boolean {
  return weights !== undefined && isBlockDType(weights) && wordRuns(weights) === 2;
}

/** Every program the family can run (the backward's too), for the shader snapshot. */
const forwardPrograms: ProgramCatalog = linearPrograms(matmulProgram);
export const programs: ProgramCatalog = (traits) => [...forwardPrograms(traits), ...backwardPrograms(traits)];

export class Matmul extends LinearHost<MatmulShaderOptions> {
  /**
   * `planned`: the K and N the caller will bind (T may vary), which compiles only the load width
   * they pick (LinearPipelines.build); `label` names the kernel in binding errors.
   */
  static async create(gpu: Gpu, variant: MatmulVariant, planned?: LinearDims, label = 'matmul'): Promise<Matmul> {
    checkVariant(label, variant, LINEAR_OPTIONS);
    return new Matmul(await LinearPipelines.build(gpu, label, matmulProgram, variant, planned));
  }

  /**
   * y = act(x W^T + bias) + residual; y must not overlap any input (residual included). K and N
   * pick the vec4 or scalar pipeline here; update() may change T freely, and K and N as long as
   * a vec4 binding keeps them multiples of 4.
   */
  bind(b: MatmulBuffers, shape: MatmulShape): Bound<MatmulShape> {
    return this.bindAs(b, shape, (s) => s);
  }

  /** As bind, with the shape S mapped onto x's T, K and y's N by `dims`; update() takes S. */
  bindAs<S>(b: MatmulBuffers, shape: S, dims: (s: S) => LinearDims): Bound<S> {
    // A workgroup's tile of y: rows * TPM rows by 4 * TPN columns.
    const { options, constants } = this.pipelines;
    const tileM = options.rows * constants.TPM;
    const tileN = 4 * constants.TPN;
    return this.pipelines.bindAs(b, shape, dims, (s) => {
      const tilesM = ceilDiv(s.T, tileM);
      return { groups: tilesM, workgroups: tilesM * ceilDiv(s.N, tileN) };
    });
  }
}

export interface MatmulInputGradVariant extends VariantBase {
  /** The forward weight's layout. */
  layout: 'nk' | 'kn';
  /** Add residual (T, K) to dx: the gradient x already has from elsewhere, kept in another buffer. */
  residual?: boolean;
}

/** dy (T, N); w as in the forward; residual (T, K); dx (T, K), a buffer of its own. */
export interface MatmulInputGradBuffers {
  dy: BufferArg;
  w: BufferArg;
  residual?: BufferArg;
  dx: BufferArg;
}

/**
 * The input gradient of y = x W^T + bias: dx (T, K) = dy (T, N) W. No kernel of its own: the
 * forward Matmul over dy with K and N swapped, and w read in the other layout (W stored (N, K)
 * is a (K' = N, N' = K) matrix stored 'kn', and the reverse).
 */
export class MatmulInputGrad {
  private constructor(private readonly matmul: Matmul) {}

  /** `planned`: the forward's shape the caller will bind, as Matmul.create's. */
  static async create(gpu: Gpu, variant: MatmulInputGradVariant, planned?: MatmulShape): Promise<MatmulInputGrad> {
    checkVariant('matmul input gradient', variant, { layout: LAYOUTS, residual: FLAG });
    const { layout, residual, profile, subgroups } = variant;
    const flipped = { layout: flipLayout(layout), residual, profile, subgroups };
    const label = 'matmul input gradient (x = dy, y = dx, K and N swapped)';
    return new MatmulInputGrad(await Matmul.create(gpu, flipped, planned && swapped(planned), label));
  }

  /** The forward's shape { T, K, N }: update() takes it too. */
  bind(b: MatmulInputGradBuffers, shape: MatmulShape): Bound<MatmulShape> {
    const buffers = { x: b.dy, w: b.w, residual: b.residual, y: b.dx };
    return this.matmul.bindAs(buffers, shape, swapped);
  }
}

/** The forward's shape as the matmul over dy sees it: K and N swapped. */
function swapped(s: MatmulShape): LinearDims {
  return { T: s.T, K: s.N, N: s.K };
}

function flipLayout(layout: 'nk' | 'kn'): 'nk' | 'kn' {
  return layout === 'nk' ? 'kn' : 'nk';
}
