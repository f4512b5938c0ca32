// Matmul host (many rows): validates shapes and buffers, picks the vec4 or scalar pipeline from
// K and N, plans the tile grid. Also the variant, buffer and shape rules Gemv shares.
// Shader: shaders/matmul.ts; reference: src/reference/matmul.ts; tests: tests/kernels/cases/matmul.ts.

import { matmulShader, type Activation, type MatmulIoOptions } from '../../shaders/matmul.js';
import type { Gpu } from '../gpu/device.js';
import type { PipelineSpec } from '../gpu/pipelines.js';
import type { ProfileName, Tuning } from '../gpu/profile.js';
import { bindKernel, ceilDiv, grid, requirePositive, requireWords, type Bound, type BufferArg } from './common.js';

export interface MatmulVariant {
  /** 'nk': w is (N, K) (PyTorch Linear, llama2.c); 'kn': w is (K, N) (GPT-2 Conv1D). */
  layout: 'nk' | 'kn';
  bias?: boolean;
  activation?: Activation;
  /** Add residual (T, N) after the activation. */
  residual?: boolean;
  /** false forces the paths without subgroup operations (to test them); default: the device's. */
  subgroups?: boolean;
  /** Tuning profile instead of gpu.profile: lets tests run the GPU tiling on a software adapter. */
  profile?: ProfileName;
}

export interface MatmulShape {
  T: number;
  K: number;
  N: number;
}

/** x (T, K); w (N, K) or (K, N); bias (N); residual (T, N); y (T, N), a buffer of its own. */
export interface MatmulBuffers {
  x: BufferArg;
  w: BufferArg;
  bias?: BufferArg;
  residual?: BufferArg;
  y: BufferArg;
}

interface MatmulTuning {
  staged: boolean;
  /** Threads per workgroup along M and N; each owns a rows x 4 output block. */
  tpm: number;
  tpn: number;
  rows: number;
  tileK: number;
  /** Share X rows with subgroupBroadcast where subgroups are exactly 4 wide (needs tpm 1, tpn 4). */
  shareX: boolean;
}

// GPUs: 64x64 tiles of 256 threads, 4x4 each, staged through workgroup memory 16 deep.
// SwiftShader runs a 4-lane workgroup as one SIMD group, and every load is a per-lane gather
// costing ~10x a multiply-add: no staging (it only adds copies), an 8x16 tile where each lane
// streams its own 4 W rows against 8 X rows that the lanes load a quarter each and broadcast
// (64x768x768: 8x4 + broadcast ~30 ms of CPU vs 4x4 without ~50 ms, measured).
const tuning: Tuning<MatmulTuning> = {
  gpu: { staged: true, tpm: 16, tpn: 16, rows: 4, tileK: 16, shareX: false },
  software: { staged: false, tpm: 1, tpn: 4, rows: 8, tileK: 16, shareX: true },
};

/** Whether to use subgroup operations: the variant's choice, else whatever the device has. */
export function useSubgroups(kernel: string, gpu: Gpu, v: MatmulVariant): boolean {
  if (v.subgroups && !gpu.features.subgroups) throw new RangeError(`${kernel}: subgroups requested but the device has no subgroups feature`);
  return v.subgroups ?? gpu.features.subgroups;
}

/** The epilogue flags with defaults filled in, and their part of a pipeline key. */
export function epilogueOf(v: MatmulVariant): { io: Omit<MatmulIoOptions, 'vec4'>; key: string } {
  const io = { layout: v.layout, bias: v.bias ?? false, activation: v.activation ?? 'none', residual: v.residual ?? false };
  return { io, key: `${io.layout}/bias=${+io.bias}/act=${io.activation}/residual=${+io.residual}` };
}

/** vec4 loads need rows of x and w that start on 16 bytes: K % 4 == 0, and N % 4 == 0 for 'kn'. */
function fitsVec4(layout: 'nk' | 'kn', s: MatmulShape): boolean {
  return s.K % 4 === 0 && (layout === 'nk' || s.N % 4 === 0);
}

/** The buffers in binding order, after checking that the variant's optional ones are present. */
function bindingsOf(kernel: string, v: MatmulVariant, b: MatmulBuffers): BufferArg[] {
  if (!!v.bias !== !!b.bias) throw new TypeError(`${kernel}: variant bias=${!!v.bias} but bias buffer ${b.bias ? 'given' : 'missing'}`);
  if (!!v.residual !== !!b.residual) {
    throw new TypeError(`${kernel}: variant residual=${!!v.residual} but residual buffer ${b.residual ? 'given' : 'missing'}`);
  }
  for (const [name, other] of Object.entries({ x: b.x, w: b.w, bias: b.bias, residual: b.residual })) {
    if (other && overlaps(b.y, other)) throw new RangeError(`${kernel}: y overlaps ${name}; y needs a buffer of its own`);
  }
  return [b.x, b.w, ...(b.bias ? [b.bias] : []), ...(b.residual ? [b.residual] : []), b.y];
}

/** Validates a shape against the buffers and the vec4 choice made at bind time (scalar fits all). */
function checkShape(kernel: string, layout: 'nk' | 'kn', vec4: boolean, b: MatmulBuffers, s: MatmulShape): void {
  requirePositive(kernel, { T: s.T, K: s.K, N: s.N });
  if (vec4 && !fitsVec4(layout, s)) {
    throw new RangeError(`${kernel}: bound with vec4 loads, which need K${layout === 'kn' ? ' and N' : ''} % 4 == 0, got K=${s.K}, N=${s.N}; bind again`);
  }
  requireWords(kernel, 'x', b.x, s.T * s.K, `(T, K) = (${s.T}, ${s.K})`);
  requireWords(kernel, 'w', b.w, s.K * s.N, layout === 'nk' ? `(N, K) = (${s.N}, ${s.K})` : `(K, N) = (${s.K}, ${s.N})`);
  if (b.bias) requireWords(kernel, 'bias', b.bias, s.N, `(N) = (${s.N})`);
  if (b.residual) requireWords(kernel, 'residual', b.residual, s.T * s.N, `(T, N) = (${s.T}, ${s.N})`);
  requireWords(kernel, 'y', b.y, s.T * s.N, `(T, N) = (${s.T}, ${s.N})`);
}

function overlaps(a: BufferArg, b: BufferArg): boolean {
  const range = (r: BufferArg) => {
    const buffer = 'buffer' in r ? r.buffer : r;
    const offset = 'buffer' in r ? (r.offset ?? 0) : 0;
    const size = 'buffer' in r ? (r.size ?? buffer.size - offset) : r.size;
    return { buffer, offset, end: offset + size };
  };
  const ra = range(a);
  const rb = range(b);
  return ra.buffer === rb.buffer && ra.offset < rb.end && rb.offset < ra.end;
}

/** Every subgroup is 4 wide (SwiftShader): a 4-lane workgroup is then one subgroup, lanes 0..3. */
function subgroupsOfFour(gpu: Gpu): boolean {
  const info = gpu.device.adapterInfo as GPUAdapterInfo | undefined; // absent in older browsers
  return info?.subgroupMinSize === 4 && info.subgroupMaxSize === 4;
}

interface Pipeline {
  key: string;
  pipeline: GPUComputePipeline;
}

/**
 * A variant's two pipelines, vec4 and scalar loads, both compiled up front so that bind() can
 * pick one by K and N synchronously; and the binding Matmul and Gemv share.
 */
export class LinearPipelines {
  private constructor(
    private readonly gpu: Gpu,
    private readonly kernel: string,
    private readonly variant: MatmulVariant,
    private readonly vector: Pipeline,
    private readonly scalar: Pipeline,
  ) {}

  static async build(gpu: Gpu, kernel: string, variant: MatmulVariant, spec: (vec4: boolean) => PipelineSpec): Promise<LinearPipelines> {
    const build = async (vec4: boolean): Promise<Pipeline> => {
      const s = spec(vec4);
      return { key: s.key, pipeline: await gpu.pipelines.get(s) };
    };
    const [vector, scalar] = await Promise.all([build(true), build(false)]);
    return new LinearPipelines(gpu, kernel, variant, vector, scalar);
  }

  /** The key of the pipeline a shape binds to. */
  keyFor(shape: MatmulShape): string {
    return (fitsVec4(this.variant.layout, shape) ? this.vector : this.scalar).key;
  }

  /** `plan` gives the params' `groups` and the workgroup count for a shape. */
  bind(b: MatmulBuffers, shape: MatmulShape, plan: (s: MatmulShape) => { groups: number; workgroups: number }): Bound<MatmulShape> {
    const { layout } = this.variant;
    const vec4 = fitsVec4(layout, shape);
    const { key, pipeline } = vec4 ? this.vector : this.scalar;
    return bindKernel(this.gpu, key, pipeline, bindingsOf(this.kernel, this.variant, b), (s: MatmulShape) => {
      checkShape(this.kernel, layout, vec4, b, s);
      const { groups, workgroups } = plan(s);
      return { params: [s.T, s.K, s.N, groups], workgroups: grid(this.gpu, workgroups) };
    }, shape);
  }
}

export class Matmul {
  private constructor(
    private readonly pipelines: LinearPipelines,
    private readonly tileM: number,
    private readonly tileN: number,
  ) {}

  static async create(gpu: Gpu, variant: MatmulVariant): Promise<Matmul> {
    const t = tuning[variant.profile ?? gpu.profile];
    const { io, key } = epilogueOf(variant);
    const shareX = t.shareX && useSubgroups('matmul', gpu, variant) && subgroupsOfFour(gpu);
    const tiles = `staged=${+t.staged}/tpm=${t.tpm}/tpn=${t.tpn}/rows=${t.rows}/tk=${t.tileK}/shareX=${+shareX}`;
    const pipelines = await LinearPipelines.build(gpu, 'matmul', variant, (vec4) => ({
      key: `matmul/${key}/vec4=${+vec4}/${tiles}`,
      code: matmulShader({ ...io, vec4, staged: t.staged, rows: t.rows, shareX }),
      constants: { TPM: t.tpm, TPN: t.tpn, TK4: t.tileK / 4 },
    }));
    return new Matmul(pipelines, t.rows * t.tpm, 4 * t.tpn);
  }

  keyFor(shape: MatmulShape): string {
    return this.pipelines.keyFor(shape);
  }

  /**
   * y = act(x W^T + bias) + residual; y must not overlap any input (residual included). K and N
   * pick the vec4 or scalar pipeline here; update() may change T freely, and K and N as long as
   * a vec4 binding keeps them multiples of 4.
   */
  bind(b: MatmulBuffers, shape: MatmulShape): Bound<MatmulShape> {
    return this.pipelines.bind(b, shape, (s) => {
      const tilesM = ceilDiv(s.T, this.tileM);
      return { groups: tilesM, workgroups: tilesM * ceilDiv(s.N, this.tileN) };
    });
  }
}
