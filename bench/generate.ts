// `npm run bench:generate`: end-to-end generation speed in Node (Dawn) on the real models in
// ../shared/data (or $SHADERLM_SHARED_DATA): prompt tokens/s (prefill), generated tokens/s (decode) and time to first
// token, median of a few runs after a warm-up. A benchmark script, not a test.

import { existsSync } from 'node:fs';
import { createEngine, type GenerationStats } from '../src/index.js';
import { benchCli } from './cli.js';
import { SHARED_DATA } from './models.js';
import { median } from './timing.js';

const cli = benchCli('bench:generate', `usage: npm run bench:generate -- [options]
  --runs N        runs per model, after a warm-up (3)
  --tokens N      tokens generated per run (128)
  --json-only     the JSON report on stdout, no table`);
const { values: args } = cli.parse({
  options: {
    runs: { type: 'string' },
    tokens: { type: 'string' },
    'json-only': { type: 'boolean', default: false },
  },
});

const data = SHARED_DATA; // ../shared/data, or $SHADERLM_SHARED_DATA (bench/gpu.sh's packed copy)
const [runCount, tokenCount] = [cli.integer('--runs', args.runs, 3, 1), cli.integer('--tokens', args.tokens, 128, 1)];
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
const report = { date: new Date().toISOString(), adapter: engine.adapter, runs: runCount, rows };
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
