// `npx tsx bench/heldout.ts --model <checkpoint folder> --data <file>... [--held-out <file>...] --context T`:
// a trained checkpoint's loss on its WHOLE held-out split (every window of T tokens, not the sample
// the trainer evaluates during training), in nats per token and bits per token, with the split made
// exactly as `shaderlm train` makes it (the checkpoint's tokenizer.json). For models/README.md.

import { createGpu } from '../src/gpu/device.js';
import { readCheckpoint } from '../src/train/checkpoint/index.js';
import { heldOutBatches, prepareData } from '../src/train/data/index.js';
import { readDataFile } from '../src/train/data/files.js';
import { GpuTrainer } from '../src/train/gpu/index.js';
import { benchCli } from './cli.js';

const cli = benchCli('heldout', `usage: npx tsx bench/heldout.ts --model FOLDER --data FILE... [--held-out FILE...] --context T [--batch B]
  --model FOLDER     the trained checkpoint
  --data FILE        the training data, as given to shaderlm train (repeatable)
  --held-out FILE    the held-out data, when it was given apart (repeatable)
  --context T        the context length trained with
  --batch B          windows per batch (16)`);
const { values } = cli.parse({ options: { model: { type: 'string' }, data: { type: 'string', multiple: true }, 'held-out': { type: 'string', multiple: true }, context: { type: 'string' }, batch: { type: 'string' } } });
const needed = (flag: string) => cli.fail(`${flag} is needed`);
const model = values.model ?? needed('--model');
const train = values.data ?? needed('--data');
const T = cli.integer('--context', values.context ?? needed('--context'), 0, 1);
const B = cli.integer('--batch', values.batch, 16, 1);
const checkpoint = await readCheckpoint(model);
const data = prepareData({
  train: await Promise.all(train.map((p) => readDataFile(p))),
  ...(values['held-out'] ? { heldOut: await Promise.all(values['held-out'].map((p) => readDataFile(p))) } : {}),
  tokenizer: { kind: 'tokenizer.json', json: checkpoint.tokenizerJson, name: 'the checkpoint\'s tokenizer.json' },
});
const batches = heldOutBatches(data.heldOut, { batchSize: B, contextLength: T });
const gpu = await createGpu();
const trainer = await GpuTrainer.create(gpu, checkpoint.config, checkpoint.weights, {
  batchSize: B, contextLength: T, optimizer: { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0, gradClip: 0 },
});
const started = performance.now();
const nats = await trainer.evaluate(batches);
const tokens = batches.reduce((n, b) => n + b.rows * T, 0);
console.log(JSON.stringify({ model: values.model, heldOutTokens: data.heldOut.length, scoredTokens: tokens, windows: batches.reduce((n, b) => n + b.rows, 0), nats: +nats.toFixed(4), bits: +(nats / Math.LN2).toFixed(4), seconds: +((performance.now() - started) / 1000).toFixed(1) }));
trainer.destroy();
gpu.destroy();
