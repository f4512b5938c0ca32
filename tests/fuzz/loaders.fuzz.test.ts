// The loader fuzz suite (issue 7): tiny models built here, then hundreds of malformed variants of every
// file we load, each judged by oracle.ts: rejected with an error naming the file, or provably benign,
// or (float data only) accepted as undetectable. Host-side (prepareModel), no GPU; fixed seeds.
// Cases come from fc.sample, not fc.assert, so every case runs and every failure is listed, not the first.
// Each load is timed against TIME_LIMIT_MS; vitest cannot interrupt synchronous code, so a true endless
// loop would stall the run until CI's own timeout rather than fail this suite.

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareModel } from '../../src/model/prepare.js';
import { llama2cFamilies, safetensorsFamilies, tokenizerBinFamilies } from './binary.js';
import { buildGpt2, buildLlama, buildLlama2c, buildLlamaSharded, type ModelName, type Pristine, SHARDS } from './builders.js';
import { configFamilies, generationConfigFamilies } from './config-json.js';
import type { Family } from './family.js';
import { wholeFileCases } from './files.js';
import { buildGpt2Gguf, buildLlamaGguf } from './gguf-build.js';
import { ggufCases, ggufFamilies } from './gguf.js';
import { handPicked } from './hand-picked.js';
import { type Case, compare, FAILURES, fingerprint, type Fingerprint, FORMATS, judge, type Outcome, PASSES, TIME_LIMIT_MS } from './oracle.js';
import { shardIndexFamilies } from './shard-index.js';
import { tokenizerConfigFamilies, tokenizerJsonFamilies } from './tokenizer-json.js';

const SEED = 20240707;
const MIN_CASES = 300;

const models = {
  llama: buildLlama(), sharded: buildLlamaSharded(), gpt2: buildGpt2(), llama2c: buildLlama2c(), llamaGguf: buildLlamaGguf(), gpt2Gguf: buildGpt2Gguf(),
};
const pristine = new Map<ModelName, Fingerprint>();
const results: { c: Case; o: Outcome }[] = [];

describe('pristine models', () => {
  for (const p of Object.values(models)) {
    it(`${p.name} loads`, () => {
      const start = performance.now();
      const fp = fingerprint(prepareModel(p.source));
      expect(performance.now() - start).toBeLessThan(TIME_LIMIT_MS);
      expect(fp.tokenizerThrew).toBeUndefined();
      pristine.set(p.name, fp);
    });
  }

  it('the sharded Llama loads equal to the single-file one', () => {
    const d = compare(pristine.get('llama-sharded')!, pristine.get('llama')!);
    expect(d).toEqual({ config: [], weights: { elements: 0, nonFinite: [] }, tokenizer: false, chat: false });
  });
});

/** Families per model; the sharded model's own files get the shard and index families. */
const families: [Pristine, Family[]][] = [
  [models.llama, [...safetensorsFamilies(models.llama, 'model.safetensors'), ...configFamilies(models.llama), ...generationConfigFamilies(models.llama),
    ...tokenizerJsonFamilies(models.llama), ...tokenizerConfigFamilies(models.llama)]],
  [models.sharded, [...shardIndexFamilies(models.sharded), ...safetensorsFamilies(models.sharded, SHARDS[1], 0.3)]],
  [models.gpt2, [...safetensorsFamilies(models.gpt2, 'model.safetensors', 0.5), ...configFamilies(models.gpt2, 0.6),
    ...tokenizerJsonFamilies(models.gpt2, 0.5), ...tokenizerConfigFamilies(models.gpt2, 0.3)]],
  [models.llama2c, [...llama2cFamilies(models.llama2c), ...tokenizerBinFamilies(models.llama2c)]],
  [models.llamaGguf, ggufFamilies(models.llamaGguf)],
  [models.gpt2Gguf, ggufFamilies(models.gpt2Gguf)],
];

function run(cases: Case[]): void {
  const failures: string[] = [];
  for (const c of cases) {
    const fp = pristine.get(c.model);
    expect(fp, `the pristine ${c.model} model did not load`).toBeDefined();
    const o = judge(c, fp!);
    results.push({ c, o });
    if (!(PASSES as readonly string[]).includes(o.verdict)) failures.push(`[${o.verdict}] ${c.what} (expect ${c.expect}) -> ${o.detail}`);
  }
  expect(failures.length, `${failures.length} of ${cases.length} cases failed:\n${failures.join('\n')}\n`).toBe(0);
}

/** Each family's own seed, from its name: adding a family leaves the others' cases as they were. */
function seedOf(name: string): number {
  let h = SEED;
  for (const c of name) h = Math.imul(h ^ c.codePointAt(0)!, 0x01000193) >>> 0; // FNV-1a
  return h | 0;
}

for (const [p, list] of families) {
  describe(`${p.name}: generated`, () => {
    for (const f of list) {
      it(f.kind, () => run(fc.sample(f.arb, { seed: seedOf(`${p.name}/${f.kind}`), numRuns: f.runs })));
    }
  });
}

/** Enumerated cases, one test per kind. */
function runByKind(title: string, cases: Case[]): void {
  describe(title, () => {
    for (const kind of [...new Set(cases.map((c) => c.kind))]) {
      it(kind, () => run(cases.filter((c) => c.kind === kind)));
    }
  });
}

for (const p of Object.values(models)) runByKind(`${p.name}: whole files`, wholeFileCases(p));
for (const p of [models.llamaGguf, models.gpt2Gguf]) runByKind(`${p.name}: enumerated`, ggufCases(p));
runByKind('hand-picked (issue 7 findings)', handPicked({ llama: models.llama, sharded: models.sharded, gpt2: models.gpt2, llama2c: models.llama2c }));

it(`runs at least ${MIN_CASES} malformed inputs`, () => {
  expect(results.length).toBeGreaterThanOrEqual(MIN_CASES);
});

afterAll(() => {
  const verdicts = [...PASSES, ...FAILURES];
  const rows: (string | number)[][] = FORMATS.map((format) => {
    const mine = results.filter((r) => r.c.format === format);
    return [format, mine.length, ...verdicts.map((v) => mine.filter((r) => r.o.verdict === v).length)];
  });
  rows.push(['total', results.length, ...verdicts.map((v) => results.filter((r) => r.o.verdict === v).length)]);
  const header = ['format', 'cases', ...verdicts];
  const widths = header.map((h, i) => Math.max(String(h).length, ...rows.map((r) => String(r[i]).length)));
  const line = (r: (string | number)[]) => r.map((x, i) => (i === 0 ? String(x).padEnd(widths[i]!) : String(x).padStart(widths[i]!))).join('  ');
  const slowest = results.reduce((a, b) => (b.o.ms > a.o.ms ? b : a), results[0]!);
  console.log([
    'loader fuzz suite: rejected = an error naming the file; benign = loaded equal to the pristine model;',
    'float-accepted = a float data byte changed, undetectable by design; the other columns are failures.',
    line(header), ...rows.map(line),
    `slowest case: ${slowest?.o.ms.toFixed(1)} ms (${slowest?.c.what}); limit ${TIME_LIMIT_MS} ms`,
  ].join('\n'));
});
