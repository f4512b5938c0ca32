// `npm run bench`: one run measuring the adapter's read bandwidth and arithmetic from registers
// (the probes), our kernels (with TF.js peers in Chromium and timestamp-query GPU times where the
// adapter has them) and the models in every dtype (time to first token, prefill and decode
// tokens/s, dispatches per token, GPU memory, bytes per token, fraction of the roofline), in
// headless Chromium (default) or in Node through Dawn (--node). Prints tables, writes a JSON
// report and the decode roofline SVG. A benchmark script, not a test. Method and columns:
// docs/BENCHMARKS.md. Options: USAGE below (`npm run bench -- --help`).

import { execSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { freemem } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchInfo } from './api.js';
import type { DispatchCost } from './dispatch-probe.js';
import { benchCases } from './cases.js';
import { benchCli } from './cli.js';
import { serveFiles } from './file-server.js';
import { WEIGHT_DTYPES, type WeightDType } from '../src/quant/formats.js';
import { MIN_PROBE_MIB, runKernelSuite } from './kernel-suite.js';
import { decodeInAlternation, measureModel, withRoofline, type ModelMeasurement, type ModelPlan } from './model-runs.js';
import { benchModels, FILE_ROUTES, fileBytes, prepareFiles, type BenchModel } from './models.js';
import { rooflineSvg } from './plot.js';
import { modelTable, stepProfileTables } from './model-table.js';
import { table, type BenchReport, type CaseReport } from './report.js';
import { chromiumSession, nodeSession } from './session.js';
import { median } from './timing.js';

const USAGE = `usage: npm run bench -- [options]
  --node               in Node through Dawn (default: headless Chromium)
  --quick              small models, f32 + q8_0, a few kernels: a smoke run
  --models a,b         models whose id holds one of these (none: no models)
  --dtypes f32,q4_0    weight dtypes (default: each model's own list)
  --cases a,b          kernel cases whose name holds one of these (none: no kernels)
  --out DIR            the report folder (.artifacts/bench)
  --record             also copy the roofline SVG into docs/
  --json-only          the JSON report on stdout, no tables
  --target SECONDS     per kernel measurement (0.5; 0.25 with --quick)
  --trials N           trials per kernel measurement (3; 2 with --quick)
  --probe-mib MiB      read by the bandwidth probe and rotated over by the kernel cases (64; 256 on
                       GPUs, past their L2); at least ${MIN_PROBE_MIB}, past this VM's 32 MiB L3
  --alternate N        rounds of (probe, case) for each GEMV case (3; 0 with --quick); the models'
                       dtypes alternate as many rounds as each model's runs (bench/models.ts), --quick or not`;
const cli = benchCli('bench', USAGE);
const { values: args } = cli.parse({
  options: {
    node: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    models: { type: 'string' },
    dtypes: { type: 'string' },
    cases: { type: 'string' },
    out: { type: 'string', default: '.artifacts/bench' },
    record: { type: 'boolean', default: false },
    'json-only': { type: 'boolean', default: false },
    target: { type: 'string' },
    trials: { type: 'string' },
    'probe-mib': { type: 'string' },
    alternate: { type: 'string' },
  },
});

const progress = (msg: string) => process.stderr.write(`bench: ${msg}\n`);
const list = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean);

// Four cases: a layer GEMV, the GPT-2 4x256 head in f32 (its dtype variants share the prefix) and both layouts at K = 256.
const QUICK_CASES = ['gemv 1x768x768 nk', 'gemv 1x256x50257 nk (GPT-2 4x256 head)', 'gemv 1x256x16384 nk', 'gemv 1x256x16384 kn'];
const timing = {
  targetSeconds: cli.number('--target', args.target, args.quick ? 0.25 : 0.5, 0),
  trials: cli.integer('--trials', args.trials, args.quick ? 2 : 3, 1),
  maxReps: 100_000,
};
const alternateRounds = cli.integer('--alternate', args.alternate, args.quick ? 0 : 3, 0);
const probeMib = args['probe-mib'] === undefined ? undefined : cli.integer('--probe-mib', args['probe-mib'], 0, MIN_PROBE_MIB);

const caseFilters = list(args.cases) ?? (args.quick ? QUICK_CASES : undefined);
const cases = caseFilters?.includes('none') ? [] : caseFilters ? benchCases.filter((c) => caseFilters.some((f) => c.name.includes(f))) : benchCases;
if (caseFilters && !caseFilters.includes('none') && cases.length === 0) {
  cli.fail(`no kernel case matches --cases ${args.cases}; cases: ${benchCases.map((c) => c.name).join(', ')}`);
}

const modelFilters = list(args.models);
const models = modelFilters?.includes('none') ? [] : benchModels.filter((m) => (modelFilters ? modelFilters.some((f) => m.id.includes(f)) : !args.quick || m.small));
if (modelFilters && !modelFilters.includes('none') && models.length === 0) {
  cli.fail(`no model matches --models ${args.models}; models: ${benchModels.map((m) => m.id).join(', ')}`);
}
const dtypeFilter = list(args.dtypes) ?? (args.quick ? ['f32', 'q8_0'] : undefined);
for (const d of dtypeFilter ?? []) if (!WEIGHT_DTYPES.includes(d as WeightDType)) cli.fail(`unknown dtype ${d} (${WEIGHT_DTYPES.join(', ')})`);
const dtypesOf = (m: BenchModel): WeightDType[] => (dtypeFilter ? (dtypeFilter as WeightDType[]) : m.dtypes);

const started = Date.now();
const outDir = resolve(args.out);
mkdirSync(outDir, { recursive: true });
// Rows so far, rewritten after each model: what a run stopped by a timeout leaves behind.
const partialPath = join(outDir, 'bench-partial.json');
const kernelRows: CaseReport[] = []; // as measured, against the best probe so far
let probeRows: Pick<BenchReport, 'readBandwidth' | 'compute' | 'dispatch'> | undefined;
const savePartial = () => writeFileSync(partialPath, `${JSON.stringify({ date: new Date().toISOString(), info, ...probeRows, kernels: kernelRows, models: measured }, null, 2)}\n`);
const files = args.node ? null : await serveFiles(FILE_ROUTES);
const session = args.node ? await nodeSession() : await chromiumSession(progress);
/** Where engine.load finds a route's files: the folder in Node, the file server's URL in the page. */
const fileBase = (route: keyof typeof FILE_ROUTES) => (files ? `${files.url}${route}/` : join(FILE_ROUTES[route], '/'));
let kernels: BenchReport;
const measured: ModelMeasurement[] = [];
let info: BenchInfo;
try {
  info = session.api.info();
  progress(`adapter ${info.adapter} (${info.runtime}, profile ${info.profile}, ${info.hostThreads} host threads)`);
  const onCase = (row: CaseReport) => {
    kernelRows.push(row);
    savePartial();
  };
  const onProbes = (rows: typeof probeRows) => {
    probeRows = rows;
    savePartial();
  };
  const suite = await runKernelSuite(session.api, { cases, timing, hot: false, probeMib, alternateRounds, progress, onCase, onProbes });
  for (const m of models) {
    const measuredPlans: ModelPlan[] = [];
    for (const dtype of dtypesOf(m)) {
      const skip = skipReason(m, info);
      if (skip) {
        progress(`${m.id} ${dtype}: skipped (${skip})`);
        measured.push({ model: m.id, description: m.description, dtype, status: 'skipped', reason: skip });
        continue;
      }
      const prepared = prepareFiles(m, fileBase);
      if (typeof prepared === 'string') {
        progress(`${m.id}: skipped (${prepared})`);
        measured.push({ model: m.id, description: m.description, dtype, status: 'skipped', reason: prepared });
        continue;
      }
      const plan: ModelPlan = { model: m, files: prepared, dtype, profile: info.profile as 'gpu' | 'software' };
      try {
        const row = await measureModel(session.api, plan, progress);
        measured.push(row);
        if (row.status === 'ok') measuredPlans.push(plan);
      } catch (e) {
        measured.push({ model: m.id, description: m.description, dtype, status: 'error', reason: (e as Error).message });
      }
      savePartial();
    }
    if (measuredPlans.length > 1 && measuredPlans.some((p) => p.dtype === 'f32')) {
      try {
        const rates = await decodeInAlternation(session.api, measuredPlans, m.runs[info.profile as 'gpu' | 'software'], progress);
        for (const row of measured) {
          const trials = row.model === m.id ? rates.get(row.dtype) : undefined;
          if (trials?.length) row.alternatedDecode = { tokensPerSecond: median(trials), trials };
        }
      } catch (e) {
        progress(`${m.id}: decode in alternation failed (${(e as Error).message}); its ratios to f32 are from the runs one after another`);
      }
      savePartial();
    }
  }
  kernels = await suite.finish();
} finally {
  await session.close();
  await files?.close();
}

const bandwidth = kernels.readBandwidth.bestGBs;
const rows = withRoofline(measured, bandwidth);
const commit = gitCommit();
const report = {
  date: new Date().toISOString(),
  commit,
  info,
  seconds: (Date.now() - started) / 1000,
  readBandwidth: kernels.readBandwidth,
  compute: kernels.compute,
  dispatch: kernels.dispatch,
  settings: { ...kernels.settings, quick: args.quick },
  kernels: kernels.cases,
  models: rows,
  errors: [...kernels.errors, ...rows.filter((r) => r.status === 'error').map((r) => `${r.model} ${r.dtype}: ${r.reason}`)],
};

const stamp = report.date.replace(/[:.]/g, '-');
const name = `bench-${info.runtime}-${info.profile}`;
const jsonPath = join(outDir, `${name}-${stamp}.json`);
writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
rmSync(partialPath, { force: true });
const svgPath = join(outDir, `${name}-${stamp}.svg`);
const points = rows.filter((r) => r.decode && r.load).map((r) => ({ model: r.model, dtype: r.dtype, bytesPerToken: r.load!.bytesPerToken, tokensPerSecond: r.decode!.tokensPerSecond }));
writeFileSync(svgPath, rooflineSvg(points, bandwidth, `decode tokens/s vs bytes per token: ${info.adapter.split(' / ').slice(0, 2).join(' ')} (${info.runtime}), ${report.date.slice(0, 10)}, ${commit}`));
if (args.record) copyFileSync(svgPath, resolve(`docs/bench-decode-${info.runtime}.svg`));

if (args['json-only']) console.log(JSON.stringify(report, null, 2));
else {
  console.log(`adapter: ${info.adapter} (${info.runtime}, profile ${info.profile}, ${info.hostThreads} host threads); commit ${commit}; ${report.date}`);
  console.log(`read bandwidth (best probe): ${bandwidth?.toPrecision(3) ?? '—'} GB/s`);
  console.log(`compute from registers: ${kernels.compute.map((p) => `${p.name} ${p.gflops.toPrecision(3)}`).join(', ') || '—'} GFLOP/s`);
  const d = kernels.dispatch;
  const cost = (c: DispatchCost | null | undefined) => (c ? `${c.microseconds.toPrecision(3)} µs${c.gpuMicroseconds === null ? '' : ` (${c.gpuMicroseconds.toPrecision(3)} µs of GPU time)`}` : '—');
  console.log(`a dispatch in a chain: ${cost(d)}; with no barrier between: ${cost(d?.unchained)}; a submit-and-map round trip: ${d?.roundTripMicroseconds != null ? `${d.roundTripMicroseconds.toPrecision(3)} µs` : '—'}\n`);
  console.log(table(kernels));
  console.log();
  console.log(modelTable(rows));
  const steps = stepProfileTables(rows);
  if (steps) console.log(`\nDecode step by kernel (timestamp-query):\n\n${steps}`);
  for (const e of report.errors) console.log(`error: ${e}`);
  console.log(`\nJSON: ${jsonPath}\nSVG:  ${svgPath}${args.record ? ` (and docs/bench-decode-${info.runtime}.svg)` : ''}`);
  console.log(`(${report.seconds.toFixed(0)} s)`);
}
process.exitCode = report.errors.length ? 1 : 0;

/** Why a model x dtype is not measured here, or null. */
function skipReason(m: BenchModel, info: BenchInfo): string | null {
  if (m.nodeOnlyOnSoftware && info.profile === 'software' && info.runtime === 'browser' && !modelFilters?.some((f) => m.id.includes(f))) {
    return 'Node only on a software adapter (npm run bench -- --node), or name it in --models';
  }
  // Host memory: the file, a float32 copy in the worst case, and (software adapters) the GPU's copy.
  const params = fileBytes(m) / ('random' in m.source && m.source.random.fileDType === 'F32' ? 4 : 2);
  const need = fileBytes(m) + 4 * params + (info.profile === 'software' ? 4 * params : 0);
  if (need > freemem()) return `needs about ${(need / 2 ** 30).toFixed(1)} GiB of host memory, ${(freemem() / 2 ** 30).toFixed(1)} GiB free`;
  return null;
}

function gitCommit(): string {
  try {
    const head = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}
