// The models `npm run bench` measures, and how much of each it runs per adapter profile: three
// random-weight shapes (written by checkpoint.ts into the OS temp folder) and the two real
// checkpoints of ../shared/data, or of $SHADERLM_SHARED_DATA where the data travels apart from the
// repository (a GPU machine: bench/gpu.sh), skipped with a message when absent. Data and file
// preparation only; measuring is model-api.ts, the sequence run.ts.

import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProfileName } from '../src/gpu/profile.js';
import { checkpointBytes, writeRandomCheckpoint, type RandomModelSpec } from './checkpoint.js';
import type { WeightDType } from '../src/quant/formats.js';

export const SHARED_DATA = process.env.SHADERLM_SHARED_DATA
  ? join(resolve(process.env.SHADERLM_SHARED_DATA), '/')
  : fileURLToPath(new URL('../../shared/data/', import.meta.url));
export const MODELS_DIR = join(tmpdir(), 'shaderlm-bench');
export const GPT2_TOKENIZER = join(SHARED_DATA, 'gpt2-tokenizer/tokenizer.json');

export interface BenchModel {
  id: string;
  description: string;
  /** In --quick runs. */
  small: boolean;
  dtypes: WeightDType[];
  /** Prompt lengths whose prefill is timed, per profile (a length that does not fit the context is dropped). */
  prefill: Record<ProfileName, number[]>;
  /** New tokens of the decode run (after a 16-token prompt), per profile. */
  decodeTokens: Record<ProfileName, number>;
  /** Measured runs per figure (after one warm-up), per profile; the median is reported. */
  runs: Record<ProfileName, number>;
  /** KV cache length asked of engine.load (the model's own context when absent). */
  maxSeqLen?: number;
  /** On a software adapter, only in Node unless named in --models (the page would hold the whole checkpoint twice). */
  nodeOnlyOnSoftware?: boolean;
  /** Where the files are, relative to the file routes (see files()). */
  source: { random: RandomModelSpec } | { shared: string; tokenizer?: string };
}

const gpt2 = (layers: number, width: number, heads: number) => ({
  model_type: 'gpt2', architectures: ['GPT2LMHeadModel'], vocab_size: 50257, n_positions: 1024, n_embd: width,
  n_layer: layers, n_head: heads, activation_function: 'gelu_new', layer_norm_epsilon: 1e-5, bos_token_id: 50256, eos_token_id: 50256,
});

const ALL: WeightDType[] = ['f32', 'f16', 'q8_0', 'q4_0'];
/** The k-quants where every matrix has K a multiple of 256 (elsewhere they would mostly fall back to q4_0 and q8_0). */
const ALL_AND_KQUANTS: WeightDType[] = [...ALL, 'q4_K', 'q5_K', 'q6_K'];

export const benchModels: BenchModel[] = [
  {
    id: 'gpt2-4x256',
    description: 'GPT-2-shaped 4 layers x 256, 4 heads, vocabulary 50257 (random)',
    small: true,
    dtypes: ALL,
    prefill: { software: [16, 128, 512], gpu: [16, 128, 512] },
    decodeTokens: { software: 32, gpu: 32 },
    runs: { software: 3, gpu: 5 },
    maxSeqLen: 1024,
    source: { random: { config: gpt2(4, 256, 4), fileDType: 'F32', seed: 1, tokenizer: GPT2_TOKENIZER } },
  },
  {
    id: 'gpt2-124m',
    description: 'GPT-2-124M-shaped 12 layers x 768, 12 heads, vocabulary 50257 (random)',
    small: false,
    dtypes: ALL_AND_KQUANTS,
    prefill: { software: [16, 128], gpu: [16, 128, 512] },
    decodeTokens: { software: 32, gpu: 32 },
    runs: { software: 2, gpu: 5 },
    maxSeqLen: 1024,
    source: { random: { config: gpt2(12, 768, 12), fileDType: 'F32', seed: 2, tokenizer: GPT2_TOKENIZER } },
  },
  {
    id: 'llama-1b',
    description: 'Llama-3.2-1B-shaped 16 layers x 2048, 32 heads (8 KV), FFN 8192, vocabulary 128256, tied (random, BF16 file)',
    small: false,
    dtypes: ['f16', 'q4_0', 'q4_K'],
    prefill: { software: [16], gpu: [16, 128, 512] },
    decodeTokens: { software: 4, gpu: 32 },
    runs: { software: 1, gpu: 3 },
    maxSeqLen: 1024,
    nodeOnlyOnSoftware: true,
    source: {
      random: {
        config: {
          model_type: 'llama', architectures: ['LlamaForCausalLM'], vocab_size: 128256, hidden_size: 2048, intermediate_size: 8192,
          num_hidden_layers: 16, num_attention_heads: 32, num_key_value_heads: 8, max_position_embeddings: 131072,
          rope_theta: 500000, rms_norm_eps: 1e-5, hidden_act: 'silu', tie_word_embeddings: true, bos_token_id: 50256, eos_token_id: 50256,
        },
        fileDType: 'BF16',
        seed: 3,
        tokenizer: GPT2_TOKENIZER,
      },
    },
  },
  {
    id: 'stories260K',
    description: 'stories260K (llama2.c, 0.26M parameters)',
    small: true,
    dtypes: ALL,
    prefill: { software: [16, 128], gpu: [16, 128] },
    decodeTokens: { software: 32, gpu: 32 },
    runs: { software: 3, gpu: 5 },
    source: { shared: 'stories260K/stories260K.bin', tokenizer: 'stories260K/tok512.bin' },
  },
  {
    id: 'tinystories656K',
    description: 'TinyStories-656K (HF Llama, 0.66M parameters)',
    small: true,
    dtypes: ALL,
    prefill: { software: [16, 128], gpu: [16, 128] },
    decodeTokens: { software: 32, gpu: 32 },
    runs: { software: 3, gpu: 5 },
    source: { shared: 'tinystories656K' },
  },
];

/** The model's files as engine.load takes them: under `base` (a folder path, or the file server's URL) for each route. */
export interface ModelFiles {
  source: string;
  tokenizer?: string;
}

/** Routes of the files: 'models' is the temp folder of random checkpoints, 'shared-data' is ../shared/data. */
export const FILE_ROUTES = { models: MODELS_DIR, 'shared-data': SHARED_DATA };

/**
 * Makes the model's files exist (writing a random checkpoint, or checking the shared one is
 * there) and names them under `base(route)`; a reason string when they cannot be had.
 */
export function prepareFiles(m: BenchModel, base: (route: keyof typeof FILE_ROUTES) => string): ModelFiles | string {
  if ('random' in m.source) {
    const dir = `${m.id}-${m.source.random.fileDType.toLowerCase()}`;
    if (!existsSync(m.source.random.tokenizer)) return `${m.source.random.tokenizer} not found`;
    writeRandomCheckpoint(join(MODELS_DIR, dir), m.source.random);
    return { source: `${base('models')}${dir}` };
  }
  const { shared, tokenizer } = m.source;
  for (const file of [shared, tokenizer]) if (file && !existsSync(join(SHARED_DATA, file))) return `${join(SHARED_DATA, file)} not found`;
  return { source: `${base('shared-data')}${shared}`, ...(tokenizer ? { tokenizer: `${base('shared-data')}${tokenizer}` } : {}) };
}

/** Bytes the checkpoint file takes (random models; 0 for shared ones), for the memory check. */
export function fileBytes(m: BenchModel): number {
  return 'random' in m.source ? checkpointBytes(m.source.random) : 0;
}
