// `npm run bench:load-memory`: the host memory a GGUF load holds, and the longest it holds the
// thread (the event loop's longest wait), in Node (Dawn). Writes a random
// Llama-shaped GGUF (width 1024, --layers layers, GPT-2's vocabulary, its matrices in --file-dtype:
// 363 MB in q4_0 at 48 layers) into the OS temp folder once, loads it with `engine.load` (GPT-2's
// tokenizer.json as LoadOptions.tokenizer, and --dtype as LoadOptions.dtype when given), and
// reports the most ArrayBuffer memory seen at any progress report (the file's bytes and the weights'
// host copies; a GPU's memory, and SwiftShader's, is not in it), against the file's size, with the
// process's peak RSS, the load's time and its longest hold of the thread. One load a process: run it again for another sample, or
// on another checkout to compare.
// Options: USAGE below (`npm run bench:load-memory -- --help`).

import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { createEngine } from '../src/index.js';
import type { ModelConfig } from '../src/model/config.js';
import { encodeGgufModel } from '../src/model/weights/gguf-writer.js';
import { blocksToGguf, type StoredTensor, type WeightDType } from '../src/quant/formats.js';
import { checkDType, toFloat32, toStored } from '../src/quant/stored.js';
import { mulberry32 } from '../src/train/data/random.js';
import { benchCli } from './cli.js';
import { GPT2_TOKENIZER, MODELS_DIR } from './models.js';

const FILE_DTYPES = ['f32', 'f16', 'bf16', 'q8_0', 'q4_0', 'q4_K', 'q6_K', 'q4_K_M'];
const cli = benchCli('bench:load-memory', `usage: npm run bench:load-memory -- [options]
  --layers N       layers of the random Llama-shaped GGUF (48)
  --file-dtype D   its matrices' dtype: ${FILE_DTYPES.join(', ')} (q4_0; q4_K_M: q4_K with each
                   layer's v in q6_K, as llama.cpp's Q4_K_M mixes them: a stacked q, k, v of two formats)
  --dtype D        LoadOptions.dtype (none: as the file)
  --model PATH     a model file or folder to load instead, with its own tokenizer (its files' size is "the file")
  --hub            the model downloaded as hf:bench/model from an in-process stub of the Hub that streams
                   its files from disk, into a fresh download cache in the OS temp folder: a first hf: load`);
const { values: args } = cli.parse({
  options: { layers: { type: 'string' }, 'file-dtype': { type: 'string', default: 'q4_0' }, dtype: { type: 'string' }, model: { type: 'string' }, hub: { type: 'boolean', default: false } },
});
const LAYERS = cli.integer('--layers', args.layers, 48, 1);
const FILE_DTYPE = args['file-dtype']!;
if (!FILE_DTYPES.includes(FILE_DTYPE)) cli.fail(`--file-dtype must be one of ${FILE_DTYPES.join(', ')}, got ${FILE_DTYPE}`);
/** The file's matrices' dtype (q4_K_M: all but each layer's v). */
const MATRIX_DTYPE = (FILE_DTYPE === 'q4_K_M' ? 'q4_K' : FILE_DTYPE) as WeightDType;
const DTYPE = args.dtype as WeightDType | undefined;
if (DTYPE !== undefined) checkDType(DTYPE, '--dtype');
if (!args.model && !existsSync(GPT2_TOKENIZER)) throw new Error(`${GPT2_TOKENIZER} not found: this benchmark reads GPT-2's tokenizer from the shared data`);

const [V, C, NH, NKV, F] = [50304, 1024, 16, 4, 2816];
const HS = C / NH;
const config: ModelConfig = {
  architecture: 'llama', modelType: 'llama', vocabSize: V, dim: C, nLayers: LAYERS, nHeads: NH, nKvHeads: NKV, headSize: HS,
  hiddenDim: F, maxSeqLen: 256, norm: 'rms', normEps: 1e-5, positions: 'rope', ropeTheta: 10000, ropeLayout: 'interleaved',
  rotaryDim: HS, mlp: 'swiglu', bias: { qkv: false, attnOut: false, mlp: false, norm: false }, tiedEmbeddings: false, eosTokenIds: [],
};

/** Uniform weights in [-0.05, 0.05) stored in the file's dtype: what a load reads, not what a model says. */
function randomMatrix(N: number, K: number, random: () => number): StoredTensor {
  const data = Float32Array.from({ length: N * K }, () => (random() - 0.5) / 10);
  return toStored({ shape: [N, K], data, layout: 'nk' }, MATRIX_DTYPE);
}

function writeModel(file: string): void {
  const random = mulberry32(LAYERS);
  const norm = (): StoredTensor => ({ shape: [C], dtype: 'f32', data: new Float32Array(C).fill(1) });
  const w = new Map<string, StoredTensor>([['embed.tokens', randomMatrix(V, C, random)], ['norm.final.weight', norm()], ['lm_head.weight', randomMatrix(V, C, random)]]);
  for (let l = 0; l < LAYERS; l++) {
    const p = `layers.${l}.`;
    w.set(p + 'norm1.weight', norm());
    w.set(p + 'norm2.weight', norm());
    w.set(p + 'attn.qkv.weight', randomMatrix((NH + 2 * NKV) * HS, C, random));
    w.set(p + 'attn.out.weight', randomMatrix(C, C, random));
    w.set(p + 'mlp.gate.weight', randomMatrix(F, C, random));
    w.set(p + 'mlp.up.weight', randomMatrix(F, C, random));
    w.set(p + 'mlp.down.weight', randomMatrix(C, F, random));
  }
  // q4_K_M: each layer's v (the stack's last NKV * HS rows) in q6_K, its values those the q4_K stack was made from.
  const replace = new Map<string, { type: 'q6_K'; bytes: Uint8Array }>();
  if (FILE_DTYPE === 'q4_K_M') {
    for (let l = 0; l < LAYERS; l++) {
      const v = toFloat32(w.get(`layers.${l}.attn.qkv.weight`)!).data.subarray((NH + NKV) * HS * C);
      replace.set(`blk.${l}.attn_v.weight`, { type: 'q6_K', bytes: blocksToGguf('q6_K', toStored({ shape: [NKV * HS, C], data: v, layout: 'nk' }, 'q6_K').data as Uint32Array) });
    }
  }
  writeFileSync(file, encodeGgufModel(config, w, { replace }));
}

const file = args.model ?? join(MODELS_DIR, `load-memory-llama-${LAYERS}x${C}-${FILE_DTYPE}.gguf`);
if (!existsSync(file)) {
  if (args.model) throw new Error(`--model ${file}: not found`);
  mkdirSync(MODELS_DIR, { recursive: true });
  writeModel(file);
  console.log(`wrote ${file}: run again to measure (this process holds the writer's garbage)`);
  process.exit(0);
}

/** `path` (a file or folder) served as the repository bench/model at one commit, each file streamed from disk. */
function stubHub(path: string): typeof fetch {
  const sha = '0'.repeat(40);
  const folder = statSync(path).isDirectory() ? path : join(path, '..');
  return (async (input: string | URL | Request) => {
    const url = String(input);
    if (url === 'https://huggingface.co/api/models/bench/model/revision/main') return Response.json({ sha });
    const name = url.slice(`https://huggingface.co/bench/model/resolve/${sha}/`.length);
    const served = join(folder, name);
    if (!url.includes(`/resolve/${sha}/`) || !existsSync(served)) return new Response('Entry not found', { status: 404 });
    const body = Readable.toWeb(createReadStream(served)) as ReadableStream<Uint8Array>;
    return new Response(body, { headers: { 'content-length': String(statSync(served).size) } });
  }) as typeof fetch;
}
const hubCache = args.hub ? mkdtempSync(join(tmpdir(), 'shaderlm-bench-hub-')) : undefined;
const source = !hubCache ? file : statSync(file).isDirectory() ? 'hf:bench/model' : `hf:bench/model/${basename(file)}`;
const hub = hubCache ? { fetch: stubHub(file), hubCache } : {};

const engine = await createEngine();
let peak = { bytes: process.memoryUsage().arrayBuffers, at: 'start' };
const sample = (at: string) => {
  const bytes = process.memoryUsage().arrayBuffers;
  if (bytes > peak.bytes) peak = { bytes, at };
};
// The longest the load held the thread: the gap between turns of the event loop a 1 ms timer sees.
let [lastTurn, longestHold] = [performance.now(), { ms: 0, after: 'start' }];
let lastReport = 'start';
const turns = setInterval(() => {
  const now = performance.now();
  if (now - lastTurn > longestHold.ms) longestHold = { ms: now - lastTurn, after: lastReport };
  lastTurn = now;
}, 1);
const start = performance.now();
const model = await engine.load(source, { ...(args.model ? {} : { tokenizer: GPT2_TOKENIZER }), ...(DTYPE ? { dtype: DTYPE } : {}), ...hub, onProgress: (p) => sample((lastReport = `${p.phase} ${p.file}`)) });
const seconds = (performance.now() - start) / 1000;
clearInterval(turns);
if (performance.now() - lastTurn > longestHold.ms) longestHold = { ms: performance.now() - lastTurn, after: lastReport };
sample('loaded');
await model.generate('Once', { maxTokens: 1, temperature: 0 }); // it runs
// A folder's size: its files' (the weights, config and tokenizer the load reads).
const size = statSync(file).isDirectory() ? readdirSync(file).reduce((n, f) => n + statSync(join(file, f)).size, 0) : statSync(file).size;
const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
console.log(`${file}: ${mb(size)}${DTYPE ? `, loaded as ${DTYPE}` : ''}${hubCache ? `, downloaded as ${source}` : ''}`);
console.log(`peak ArrayBuffer memory ${mb(peak.bytes)} = ${(peak.bytes / size).toFixed(2)}x the file (at ${peak.at}); peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}; load ${seconds.toFixed(1)} s`);
console.log(`longest hold of the thread ${longestHold.ms.toFixed(0)} ms (after the report "${longestHold.after}")`);
engine.destroy();
if (hubCache) rmSync(hubCache, { recursive: true, force: true });
