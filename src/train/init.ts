// A model to train from scratch: trainConfig turns a small shape (layers, width, heads, context,
// vocabulary) into the normalised ModelConfig, refusing what the kernels cannot run; initWeights
// fills it with seeded GPT-2-style random weights. Not training and not files (checkpoint/).
// Tests: tests/train/init.test.ts.

import { checkSupported, qkvWidth, type Architecture, type HostTensor, type ModelConfig, type WeightMap } from '../model/config.js';
import { mulberry32, type Rng } from './data/random.js';
import { show } from '../value-words.js';

/** A model's size as the trainer (and the CLI's --layers --width --heads --context) gives it. */
export interface ModelShape {
  architecture: Architecture;
  /** L: transformer blocks. */
  layers: number;
  /** C: residual width. */
  width: number;
  /** NH: query heads; the head size is width / heads. */
  heads: number;
  /** NKV: key/value heads (Llama only, grouped-query attention); default heads. */
  kvHeads?: number;
  /** Longest sequence: GPT-2's learned position table has this many rows. */
  context: number;
  /** V: the tokenizer's vocabulary (at least). */
  vocabSize: number;
  /** F: MLP hidden width; default 4 C (GPT-2) or 8/3 C rounded up to a multiple of 8 (Llama). */
  mlpWidth?: number;
}

/** The sampler's limit (src/model/config.ts checkSupported). */
const MAX_VOCAB = 2 ** 24 - 1;
/** Shapes reach the GPU as 32-bit integers (the loader's limit too). */
const MAX_COUNT = 2 ** 31 - 1;
/** Layers a fresh model may have: the memory check lists each layer's buffers, and a billion of them took the host's memory before any total was compared. */
const MAX_LAYERS = 1024;
/** The attention kernels hold one head in registers (checkSupported). */
const MAX_HEAD_SIZE = 256;

/** The ModelConfig of a shape; throws a RangeError naming the field and its range. */
export function trainConfig(shape: ModelShape): ModelConfig {
  const { architecture: arch } = shape;
  if (arch !== 'gpt2' && arch !== 'llama') throw new RangeError(`architecture must be 'gpt2' or 'llama', ${arch === undefined ? 'given for a fresh model' : `got ${show(arch)}`}`);
  const count = (name: keyof ModelShape, max = MAX_COUNT): number => {
    const v = shape[name];
    if (!Number.isSafeInteger(v) || (v as number) < 1 || (v as number) > max) {
      throw new RangeError(`${name} must be a positive integer (at most ${max}), got ${show(v)}`);
    }
    return v as number;
  };
  const [L, C, NH, T] = [count('layers', MAX_LAYERS), count('width'), count('heads'), count('context')];
  const V = count('vocabSize', MAX_VOCAB);
  if (C % NH !== 0) throw new RangeError(`width ${C} is not divisible by heads ${NH}: each head gets width / heads dimensions`);
  const HS = C / NH;
  if (HS % 4 !== 0 || HS > MAX_HEAD_SIZE) {
    throw new RangeError(`head size width / heads = ${C} / ${NH} = ${HS} must be a multiple of 4 and at most ${MAX_HEAD_SIZE} (the attention kernels' limit)`);
  }
  let NKV = NH;
  if (shape.kvHeads !== undefined) {
    NKV = count('kvHeads');
    if (arch === 'gpt2' && NKV !== NH) throw new RangeError(`kvHeads ${NKV} differs from heads ${NH}, but GPT-2 has one key/value head per query head (grouped-query attention is Llama's)`);
    if (NH % NKV !== 0) throw new RangeError(`heads ${NH} is not a multiple of kvHeads ${NKV}: each key/value head serves heads / kvHeads query heads`);
  }
  const F = shape.mlpWidth === undefined ? defaultMlpWidth(arch, C) : count('mlpWidth');
  const common = { modelType: arch, vocabSize: V, dim: C, nLayers: L, nHeads: NH, nKvHeads: NKV, headSize: HS, hiddenDim: F, maxSeqLen: T, eosTokenIds: [] };
  // The rest is what the Hugging Face loader (hf-config.ts) reads for a config.json of this
  // model_type, so that a saved checkpoint loads back to exactly this config. RoPE fields are
  // unused by GPT-2 but valid, as the loader fills them.
  const config: ModelConfig = arch === 'gpt2'
    ? {
        architecture: arch, ...common, norm: 'layer', normEps: 1e-5, positions: 'learned', ropeTheta: 10000, ropeLayout: 'half',
        rotaryDim: HS, mlp: 'gelu', bias: { qkv: true, attnOut: true, mlp: true, norm: true }, tiedEmbeddings: true,
      }
    : {
        // Llama 2's eps and theta; Hugging Face's half-split RoPE, the layout its checkpoints use.
        architecture: arch, ...common, norm: 'rms', normEps: 1e-5, positions: 'rope', ropeTheta: 10000, ropeLayout: 'half',
        rotaryDim: HS, mlp: 'swiglu', bias: { qkv: false, attnOut: false, mlp: false, norm: false }, tiedEmbeddings: false,
      };
  checkSupported(config); // the kernels' own check, in case their limits move
  return config;
}

/** GPT-2's 4 C; Llama's 8/3 C keeps SwiGLU's three matrices at the parameters of two 4 C ones (rounded up to 8 for vec4 loads). */
function defaultMlpWidth(arch: Architecture, C: number): number {
  return arch === 'gpt2' ? 4 * C : 8 * Math.ceil((8 * C) / 3 / 8);
}

/** A ModelConfig's shape: trainConfig's inverse, for comparing a checkpoint with a run's flags (checkResume). */
export function shapeOf(c: ModelConfig): Required<ModelShape> {
  return {
    architecture: c.architecture, layers: c.nLayers, width: c.dim, heads: c.nHeads, kvHeads: c.nKvHeads,
    context: c.maxSeqLen, vocabSize: c.vocabSize, mlpWidth: c.hiddenDim,
  };
}

/** Standard deviation of every random matrix and embedding (GPT-2's initializer_range). */
export const INIT_STD = 0.02;

/**
 * Seeded random weights for `config` (any GPT-2 or Llama-family ModelConfig), GPT-2's scheme as
 * nanoGPT and transformers apply it: matrices and embeddings normal(0, 0.02); the two projections
 * that write into the residual stream (attn.out, mlp.down) scaled by 1/sqrt(2 L), since each of
 * the 2 L blocks adds to the stream and its variance would otherwise grow with depth; biases zero;
 * norm gains one (and LayerNorm shifts zero), so every block starts near the identity.
 * GPT-2's matrices are 'kn' ([in, out], its Conv1D layout, which the checkpoint keeps) with the head
 * tied to the embedding; Llama's are 'nk' ([out, in], nn.Linear) with an untied head: the layouts and
 * tying the Hugging Face loader produces for each, so a saved model reloads bit for bit.
 * Each tensor draws from its own stream seeded by (seed, name), so one tensor's values do not depend
 * on which others exist (the layer count, tying). The same seed gives the same weights in one
 * JavaScript engine; another engine's Math.log/cos may differ in a rare last float32 bit.
 */
export function initWeights(config: ModelConfig, seed: number): WeightMap {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${show(seed)}`);
  const c = config;
  const { dim: C, hiddenDim: F, vocabSize: V } = c;
  const kn = c.architecture === 'gpt2';
  const residualStd = INIT_STD / Math.sqrt(2 * c.nLayers);
  const w: WeightMap = new Map();
  const normal = (name: string, shape: number[], std: number, layout?: 'nk' | 'kn') =>
    w.set(name, tensor(shape, normals(size(shape), std, mulberry32(tensorSeed(seed, name))), layout));
  const constant = (name: string, n: number, value: number) => w.set(name, tensor([n], new Float32Array(n).fill(value)));
  // A (N out, K in) matrix in the architecture's layout.
  const matrix = (name: string, N: number, K: number, std = INIT_STD) => normal(name, kn ? [K, N] : [N, K], std, kn ? 'kn' : 'nk');
  const norm = (name: string) => {
    constant(`${name}.weight`, C, 1);
    if (c.norm === 'layer') constant(`${name}.bias`, C, 0);
  };

  normal('embed.tokens', [V, C], INIT_STD, 'nk');
  if (c.positions === 'learned') normal('embed.positions', [c.maxSeqLen, C], INIT_STD);
  for (let l = 0; l < c.nLayers; l++) {
    const p = `layers.${l}.`;
    norm(`${p}norm1`);
    matrix(`${p}attn.qkv.weight`, qkvWidth(c), C);
    if (c.bias.qkv) constant(`${p}attn.qkv.bias`, qkvWidth(c), 0);
    matrix(`${p}attn.out.weight`, C, c.nHeads * c.headSize, residualStd);
    if (c.bias.attnOut) constant(`${p}attn.out.bias`, C, 0);
    norm(`${p}norm2`);
    if (c.mlp === 'swiglu') matrix(`${p}mlp.gate.weight`, F, C);
    matrix(`${p}mlp.up.weight`, F, C);
    if (c.bias.mlp) {
      if (c.mlp === 'swiglu') constant(`${p}mlp.gate.bias`, F, 0);
      constant(`${p}mlp.up.bias`, F, 0);
    }
    matrix(`${p}mlp.down.weight`, C, F, residualStd);
    if (c.bias.mlp) constant(`${p}mlp.down.bias`, C, 0);
  }
  norm('norm.final');
  if (!c.tiedEmbeddings) normal('lm_head.weight', [V, C], INIT_STD, 'nk');
  return w;
}

function tensor(shape: number[], data: Float32Array, layout?: 'nk' | 'kn'): HostTensor {
  return { shape, dtype: 'f32', data, ...(layout ? { layout } : {}) };
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** n draws of normal(0, std) by Box-Muller, both values of each pair used. */
function normals(n: number, std: number, rng: Rng): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const radius = std * Math.sqrt(-2 * Math.log(1 - rng())); // 1 - u is in (0, 1]: the log stays finite
    const angle = 2 * Math.PI * rng();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < n) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}

/** A 32-bit seed from the run's seed (all 53 bits of it) and the tensor's name: FNV-1a, then a final avalanche. */
function tensorSeed(seed: number, name: string): number {
  let h = 0x811c9dc5;
  const mixIn = (byte: number) => (h = Math.imul(h ^ byte, 0x01000193));
  for (const word of [seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0]) for (let s = 0; s < 32; s += 8) mixIn((word >>> s) & 0xff);
  for (let i = 0; i < name.length; i++) mixIn(name.charCodeAt(i) & 0xff);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}
