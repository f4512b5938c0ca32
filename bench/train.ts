// `npx tsx bench/train.ts`: training throughput of GpuTrainer in Node (Dawn) on model shapes we
// train, as tokens/s and as a fraction of the adapter's matmul GFLOP/s measured in the same run (a
// forward Matmul of the model's MLP shape). FLOPs per step count the matmuls (forward 2 per
// multiply-add, backward twice that) and attention (QKᵀ and PV, forward and backward).

import { createGpu } from '../src/gpu/device.js';
import { createStorage, uploadStorage } from '../src/gpu/buffers.js';
import { queueDone } from '../src/gpu/map.js';
import { Matmul } from '../src/kernels/index.js';
import { qkvWidth, type ModelConfig } from '../src/model/config.js';
import { mulberry32, sampleBatch } from '../src/train/data/index.js';
import { GpuTrainer } from '../src/train/gpu/index.js';
import { benchCli } from './cli.js';
import { initWeights, trainConfig, type ModelShape } from '../src/train/init.js';
import { median, nowSeconds } from './timing.js';
import { randomArray } from '../tests/support/random.js';

interface Shape { name: string; model: ModelShape; batchSize: number }

const shapes: Shape[] = [
  { name: 'shakespeare-char (llama 3x96, T=64, B=16)', model: { architecture: 'llama', layers: 3, width: 96, heads: 4, context: 64, vocabSize: 66 }, batchSize: 16 },
  { name: 'gpt2 4x128, T=128, B=8, V=256', model: { architecture: 'gpt2', layers: 4, width: 128, heads: 4, context: 128, vocabSize: 256 }, batchSize: 8 },
];

const cli = benchCli('bench:train', `usage: npm run bench:train -- [options]
  --steps N       timed steps per shape (10)
  --shapes a,b    shapes whose name holds one of these
  --json-only     the JSON report on stdout, no table`);
const { values: args } = cli.parse({ options: { steps: { type: 'string' }, 'json-only': { type: 'boolean' }, shapes: { type: 'string' } } });
const timedSteps = cli.integer('--steps', args.steps, 10, 1);
const selected = args.shapes ? shapes.filter((s) => args.shapes!.split(',').some((p) => s.name.includes(p))) : shapes;
if (selected.length === 0) cli.fail(`no shape matches --shapes ${args.shapes}; shapes: ${shapes.map((s) => s.name).join(', ')}`);

/** Matmul FLOPs of one training step: forward 2·T·K·N per linear layer and the head, backward twice that; attention likewise. */
function flopsPerStep(c: ModelConfig, B: number, T: number): number {
  const rows = B * T;
  const C = c.dim;
  const mlp = c.mlp === 'swiglu' ? 3 * C * c.hiddenDim : 2 * C * c.hiddenDim;
  const perLayer = C * qkvWidth(c) + c.nHeads * c.headSize * C + mlp;
  const linear = 2 * rows * (c.nLayers * perLayer + C * c.vocabSize);
  const attention = 2 * 2 * B * T * T * c.nHeads * c.headSize * c.nLayers; // QKᵀ and PV over full rows (causal work is half of it; counted whole)
  return 3 * (linear + attention);
}

const gpu = await createGpu();
const adapter = `${gpu.adapter.runtime} ${gpu.adapter.vendor} ${gpu.adapter.architecture} (profile ${gpu.profile})`;
const rows = [];
try {
  for (const s of selected) {
    const config = trainConfig(s.model);
    const T = s.model.context;
    const trainer = await GpuTrainer.create(gpu, config, initWeights(config, 1), {
      batchSize: s.batchSize, contextLength: T, optimizer: { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, gradClip: 1 },
    });
    const tokens = Uint32Array.from(randomArray(200_000, 7), (v) => Math.floor((v + 1) * 0.5 * (s.model.vocabSize - 1)));
    const rng = mulberry32(3);
    const times: number[] = [];
    let dispatches = 0;
    try {
      for (let i = 0; i < timedSteps + 2; i++) {
        const batch = sampleBatch(tokens, { batchSize: s.batchSize, contextLength: T, rng });
        const t0 = nowSeconds();
        await trainer.step(batch, 1e-3);
        if (i >= 2) times.push(nowSeconds() - t0); // two warm-up steps: pipeline compiles stay out
      }
      dispatches = trainer.dispatchesPerStep;
    } finally {
      trainer.destroy();
    }
    const seconds = median(times);
    const flops = flopsPerStep(config, s.batchSize, T);
    // The adapter's matmul rate on the model's MLP-up shape, in the same run.
    const K = config.dim;
    const N = config.hiddenDim;
    const M = s.batchSize * T;
    const mm = await Matmul.create(gpu, { layout: 'nk' }, { T: M, K, N });
    const x = uploadStorage(gpu.device, randomArray(M * K, 1), 'bench:x');
    const w = uploadStorage(gpu.device, randomArray(N * K, 2), 'bench:w');
    const y = createStorage(gpu.device, M * N * 4, 'bench:y');
    const bound = mm.bind({ x, w, y }, { T: M, K, N });
    const mmTimes: number[] = [];
    for (let trial = 0; trial < 5; trial++) {
      const t0 = nowSeconds();
      const rec = gpu.recorder('bench');
      for (let r = 0; r < 10; r++) bound.record(rec);
      rec.submit();
      await queueDone(gpu.device); // as the trainer's reads wait (map.ts)
      mmTimes.push((nowSeconds() - t0) / 10);
    }
    bound.destroy();
    for (const b of [x, w, y]) b.destroy();
    const matmulGflops = (2 * M * K * N) / median(mmTimes) / 1e9;
    const gflops = flops / seconds / 1e9;
    rows.push({
      shape: s.name, parameters: [...initWeights(config, 1).values()].reduce((n, t) => n + t.data.length, 0),
      dispatchesPerStep: dispatches, secondsPerStep: seconds, tokensPerSecond: (s.batchSize * T) / seconds, gflops, matmulGflops, fractionOfMatmul: gflops / matmulGflops,
    });
  }
} finally {
  gpu.destroy();
}

const report = { adapter, date: new Date().toISOString(), timedSteps, rows };
if (!args['json-only']) {
  console.log(`training throughput on ${adapter}, median of ${timedSteps} steps\n`);
  console.log('| shape | parameters | dispatches/step | s/step | tokens/s | GFLOP/s | matmul GFLOP/s (same run) | fraction |');
  console.log('|:--|--:|--:|--:|--:|--:|--:|--:|');
  for (const r of rows) {
    console.log(`| ${r.shape} | ${r.parameters.toLocaleString('en')} | ${r.dispatchesPerStep} | ${r.secondsPerStep.toFixed(3)} | ${Math.round(r.tokensPerSecond)} | ${r.gflops.toFixed(2)} | ${r.matmulGflops.toFixed(2)} | ${(100 * r.fractionOfMatmul).toFixed(0)} % |`);
  }
  console.log('');
}
console.log(JSON.stringify(report));
