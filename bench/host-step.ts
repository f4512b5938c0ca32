// `npm run bench:host -- MODEL [--steps N]`: what the host pays to record one decode step, with
// the GPU idle. On the H200 the decode of small models is bound by the host, not the GPU
// (docs/BENCHMARKS.md, the second GPU run), and a software adapter busy with the step's kernels
// shares this machine's cores with the host, so timing real decode steps here would measure
// both. This records the model's decode pass N times at moving positions, as generation does,
// into encoders that are never submitted: once with the API calls dropped (the model's own
// JS: planning, checks, params) and once with them (plus Dawn's recording). Median per step.
// It reads the model's private decode pass: a bench-only view, not an API.

import { Recorder } from '../src/gpu/recorder.js';
import { createEngine } from '../src/index.js';
import type { Step, StepContext } from '../src/model/forward.js';
import { benchCli } from './cli.js';

const cli = benchCli('bench:host', `usage: npm run bench:host -- MODEL [--steps N]
  MODEL       a folder or file engine.load takes
  --steps N   decode steps recorded each way (500)`);
const { values: args, positionals } = cli.parse({ allowPositionals: true, options: { steps: { type: 'string' } } });
const source = positionals.length === 1 ? positionals[0]! : cli.fail(positionals.length ? `one MODEL, got ${positionals.length}` : 'no MODEL given');
const steps = cli.integer('--steps', args.steps, 500, 1);

const engine = await createEngine();
const model = await engine.load(source);
const warm = model.generate('Once upon a time', { maxTokens: 4, temperature: 0 });
await warm.text(); // compiles, binds and settles every kernel of the decode pass
const pass = (model as unknown as { transformer: { passes: { decode: { steps: Step[] } } } }).transformer.passes.decode;
const gpu = engine.gpu;
const dropped = { dispatch() {}, copy() {}, dispatchCount: 0 } as unknown as Recorder;
// Positions 16.. (fewer for a short context), moving every step as generation's do.
const positions = model.info().contextLength;
const [first, span] = [Math.min(16, positions - 2), Math.max(1, Math.min(64, positions - 17))];
const context = (i: number): StepContext => ({ T: 1, pos0: first + (i % span), sampling: { temperature: 0, step: i }, fed: true });

function medianMicroseconds(record: (i: number) => void): number {
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    record(i);
    times.push(performance.now() - t0);
  }
  return 1000 * times.sort((a, b) => a - b)[times.length >> 1]!;
}

let dispatches = 0;
for (let round = 1; round <= 3; round++) {
  const js = medianMicroseconds((i) => pass.steps.forEach((s) => s(dropped, context(i))));
  const withCalls = medianMicroseconds((i) => {
    const rec = new Recorder(gpu.device, gpu.params, 'bench:host');
    pass.steps.forEach((s) => s(rec, context(i)));
    dispatches = rec.dispatchCount; // never submitted: the encoder is dropped
  });
  console.log(`round ${round}: ${dispatches} dispatches; the model's JS ${js.toFixed(1)} µs a step, with the API calls ${withCalls.toFixed(1)} µs`);
}
model.dispose();
engine.destroy();
