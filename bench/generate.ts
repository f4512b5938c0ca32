// `npm run bench:generate`: end-to-end generation speed in Node (Dawn) on the real models in
// ../shared/data (or $SHADERLM_SHARED_DATA): prompt tokens/s (prefill), generated tokens/s (decode) and time to first
// token, median of a few runs after a warm-up. A benchmark script, not a test.
//
// Options: --runs N (3)  --tokens N generated per run (128)  --json-only

import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createEngine, type GenerationStats } from '../src/index.js';
import { SHARED_DATA } from './models.js';
import { median } from './timing.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    tokens: { type: 'string', default: '128' },
    'json-only': { type: 'boolean', default: false },
  },
});

const data = SHARED_DATA; // ../shared/data, or $SHADERLM_SHARED_DATA (bench/gpu.sh's packed copy)
const [runCount, tokenCount] = [Number(args.runs), Number(args.tokens)];
for (const [flag, n] of [['--runs', runCount], ['--tokens', tokenCount]] as const) {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`bench: ${flag} must be a positive integer, got ${JSON.stringify(flag === '--runs' ? args.runs : args.tokens)}`);
}
const models = [
  { name: 'stories260K (llama2.c, 0.26M)', model: `${data}stories260K/stories260K.bin`, tokenizer: `${data}stories260K/tok512.bin` },
  { name: 'TinyStories-656K (HF llama, 0.66M)', model: `${data}tinystories656K` },
];
const prompt = 'Once upon a time, there was a little girl named Lily. She loved to play outside in the park with her friends.';

const engine = await createEngine();
const rows = [];
for (const m of models) {
  if (!existsSync(m.model)) {
    process.stderr.write(`bench: skipping ${m.name}: ${m.model} not found\n`);
    continue;
  }
  const model = await engine.load(m.model, { tokenizer: m.tokenizer });
  const runs: GenerationStats[] = [];
  for (let i = 0; i <= runCount; i++) {
    const gen = model.generate(prompt, { temperature: 0, maxTokens: tokenCount, ignoreEos: true });
    await gen.text();
    if (i > 0) runs.push(await gen.stats); // the first run warms up
  }
  rows.push({
    model: m.name,
    promptTokens: runs[0].promptTokens,
    generatedTokens: runs[0].generatedTokens,
    prefillTokensPerSecond: median(runs.map((r) => r.prefillTokensPerSecond)),
    decodeTokensPerSecond: median(runs.map((r) => r.decodeTokensPerSecond)),
    timeToFirstTokenMs: median(runs.map((r) => r.timeToFirstTokenMs)),
  });
  model.dispose();
}
const report = { date: new Date().toISOString(), adapter: engine.adapter, runs: Number(args.runs), rows };
engine.destroy();

if (!args['json-only']) {
  console.log(`adapter: ${report.adapter}`);
  console.log('| model | prompt tokens | generated | prefill tok/s | decode tok/s | first token ms |');
  console.log('|:--|--:|--:|--:|--:|--:|');
  for (const r of rows) {
    console.log(`| ${r.model} | ${r.promptTokens} | ${r.generatedTokens} | ${r.prefillTokensPerSecond.toFixed(0)} | ${r.decodeTokensPerSecond.toFixed(1)} | ${r.timeToFirstTokenMs.toFixed(1)} |`);
  }
  console.log();
}
console.log(JSON.stringify(report, null, 2));
