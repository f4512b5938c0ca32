// `npm run bench:load-memory`: the host memory a GGUF load holds, in Node (Dawn). Writes a random
// Llama-shaped q4_0 GGUF (width 1024, --layers layers, GPT-2's vocabulary: 363 MB at 48 layers)
// into the OS temp folder once, loads it with `engine.load` (GPT-2's tokenizer.json as
// LoadOptions.tokenizer), and reports the most ArrayBuffer memory seen at any progress report (the
// file's bytes and the weights' host copies; a GPU's memory, and SwiftShader's, is not in it),
// against the file's size, with the process's peak RSS and the load's time. One load a process:
// run it again for another sample, or on another checkout to compare.
//
// Options: --layers N (48)

import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine } from '../src/index.js';
import type { ModelConfig } from '../src/model/config.js';
import { encodeGgufModel } from '../src/model/weights/gguf-writer.js';
import { scaleWordOfF16, type StoredTensor } from '../src/quant/formats.js';
import { f16Bits } from '../src/quant/half.js';
import { mulberry32 } from '../src/train/data/random.js';
import { GPT2_TOKENIZER, MODELS_DIR } from './models.js';

const { values: args } = parseArgs({ options: { layers: { type: 'string', default: '48' } } });
const LAYERS = Number(args.layers);
if (!(Number.isInteger(LAYERS) && LAYERS > 0)) throw new RangeError(`--layers must be a positive integer, got ${args.layers}`);
if (!existsSync(GPT2_TOKENIZER)) throw new Error(`${GPT2_TOKENIZER} not found: this benchmark reads GPT-2's tokenizer from the shared data`);

const [V, C, NH, NKV, F] = [50304, 1024, 16, 4, 2816];
const HS = C / NH;
const config: ModelConfig = {
  architecture: 'llama', modelType: 'llama', vocabSize: V, dim: C, nLayers: LAYERS, nHeads: NH, nKvHeads: NKV, headSize: HS,
  hiddenDim: F, maxSeqLen: 256, norm: 'rms', normEps: 1e-5, positions: 'rope', ropeTheta: 10000, ropeLayout: 'interleaved',
  rotaryDim: HS, mlp: 'swiglu', bias: { qkv: false, attnOut: false, mlp: false, norm: false }, tiedEmbeddings: false, eosTokenIds: [],
};

/** q4_0 blocks with one small scale and random nibbles: what a load reads, not what a model says. */
function randomQ4(N: number, K: number, random: () => number): StoredTensor {
  const scale = scaleWordOfF16(f16Bits(0.01));
  const data = new Uint32Array(((N * K) / 32) * 5);
  for (let i = 0; i < data.length; i++) data[i] = i % 5 === 0 ? scale : (random() * 2 ** 32) >>> 0;
  return { shape: [N, K], dtype: 'q4_0', data, layout: 'nk' };
}

function writeModel(file: string): void {
  const random = mulberry32(LAYERS);
  const norm = (): StoredTensor => ({ shape: [C], dtype: 'f32', data: new Float32Array(C).fill(1) });
  const w = new Map<string, StoredTensor>([['embed.tokens', randomQ4(V, C, random)], ['norm.final.weight', norm()], ['lm_head.weight', randomQ4(V, C, random)]]);
  for (let l = 0; l < LAYERS; l++) {
    const p = `layers.${l}.`;
    w.set(p + 'norm1.weight', norm());
    w.set(p + 'norm2.weight', norm());
    w.set(p + 'attn.qkv.weight', randomQ4((NH + 2 * NKV) * HS, C, random));
    w.set(p + 'attn.out.weight', randomQ4(C, C, random));
    w.set(p + 'mlp.gate.weight', randomQ4(F, C, random));
    w.set(p + 'mlp.up.weight', randomQ4(F, C, random));
    w.set(p + 'mlp.down.weight', randomQ4(C, F, random));
  }
  writeFileSync(file, encodeGgufModel(config, w));
}

const file = join(MODELS_DIR, `load-memory-llama-${LAYERS}x${C}-q4_0.gguf`);
if (!existsSync(file)) {
  mkdirSync(MODELS_DIR, { recursive: true });
  writeModel(file);
  console.log(`wrote ${file}: run again to measure (this process holds the writer's garbage)`);
  process.exit(0);
}

const engine = await createEngine();
let peak = { bytes: process.memoryUsage().arrayBuffers, at: 'start' };
const sample = (at: string) => {
  const bytes = process.memoryUsage().arrayBuffers;
  if (bytes > peak.bytes) peak = { bytes, at };
};
const start = performance.now();
const model = await engine.load(file, { tokenizer: GPT2_TOKENIZER, onProgress: (p) => sample(`${p.phase} ${p.file}`) });
const seconds = (performance.now() - start) / 1000;
sample('loaded');
await model.generate('Once', { maxTokens: 1, temperature: 0 }); // it runs
const size = statSync(file).size;
const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
console.log(`${file}: ${mb(size)}`);
console.log(`peak ArrayBuffer memory ${mb(peak.bytes)} = ${(peak.bytes / size).toFixed(2)}x the file (at ${peak.at}); peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}; load ${seconds.toFixed(1)} s`);
engine.destroy();
