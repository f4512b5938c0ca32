// `npm run bench:kernels`: times our kernels, a read-bandwidth probe and TF.js (WebGPU) on
// transformer-shaped cases in headless Chromium (or in Node through Dawn with --node, without
// TF.js), then prints a table and a JSON report. A benchmark script, not a test. Method: docs/BENCHMARKS.md.
//
// Options: --node  --json-only  --hot (reuse one input copy)  --cases a,b (name substrings)
//          --target SECONDS per measurement (0.5)  --trials N (3)
//          --probe-mib MiB read by the probe and rotated over by the cases (64; 256 on GPUs, past their L2)

import { parseArgs } from 'node:util';
import type { Page } from 'puppeteer';
import { createGpu } from '../src/gpu/device.js';
import { launchChromium } from '../tests/support/chromium.js';
import { startServer } from '../tests/support/server.js';
import { createBenchApi, type BenchApi, type BenchInfo } from './api.js';
import { benchCases } from './cases.js';
import type { BenchOptions } from './measure.js';
import { probeLayouts, type ProbeResult } from './probe.js';
import { caseReport, probeSummary, table, type BenchReport } from './report.js';

const { values: args } = parseArgs({
  options: {
    node: { type: 'boolean', default: false },
    'json-only': { type: 'boolean', default: false },
    hot: { type: 'boolean', default: false },
    cases: { type: 'string' },
    target: { type: 'string', default: '0.5' },
    trials: { type: 'string', default: '3' },
    'probe-mib': { type: 'string' },
  },
});

const timing = { targetSeconds: Number(args.target), trials: Number(args.trials), maxReps: 100_000 };
if (!(timing.targetSeconds > 0) || !(timing.trials >= 1)) throw new Error('bench: --target must be > 0 seconds and --trials >= 1');
const filters = args.cases?.split(',').map((s) => s.trim()).filter(Boolean);
const cases = filters ? benchCases.filter((c) => filters.some((f) => c.name.includes(f))) : benchCases;
if (cases.length === 0) throw new Error(`bench: no case matches --cases ${args.cases}; cases: ${benchCases.map((c) => c.name).join(', ')}`);
const progress = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

/** The same BenchApi, forwarded call by call into the page (each call well under puppeteer's protocol timeout). */
function pageApi(page: Page, info: BenchInfo): BenchApi {
  type W = { shaderlmBench: BenchApi };
  return {
    info: () => info,
    probe: (layout, o, bytes) => page.evaluate((l, oo, b) => (window as unknown as W).shaderlmBench.probe(l, oo, b), layout, o, bytes),
    ours: (name, o) => page.evaluate((n, oo) => (window as unknown as W).shaderlmBench.ours(n, oo), name, o),
    tfjs: (name, o) => page.evaluate((n, oo) => (window as unknown as W).shaderlmBench.tfjs(n, oo), name, o),
  };
}

async function runAll(api: BenchApi): Promise<BenchReport> {
  const info = api.info();
  progress(`adapter ${info.adapter} (${info.runtime}, profile ${info.profile})`);
  const probeBytes = Number(args['probe-mib'] ?? (info.profile === 'gpu' ? 256 : 64)) * 2 ** 20;
  // Cold inputs rotate over as much memory as the probe reads, so both stream from memory.
  const options: BenchOptions = { timing, coldBytes: args.hot ? 0 : probeBytes };
  const errors: string[] = [];
  const probes: ProbeResult[] = [];
  const probe = async (name: string, label = name) => {
    progress(label);
    const r = await settle(api.probe(name, options, probeBytes));
    if (r.value) probes.push({ ...r.value, layout: { ...r.value.layout, name: label } });
    else errors.push(`${label}: ${r.error}`);
  };
  for (const layout of probeLayouts) await probe(layout.name);
  const raw = [];
  for (const c of cases) {
    progress(c.name);
    const [ours, tfjs] = [await settle(api.ours(c.name, options)), await settle(api.tfjs(c.name, options))];
    const error = [ours.error && `ours: ${ours.error}`, tfjs.error && `TF.js: ${tfjs.error}`].filter(Boolean).join('; ');
    if (error) errors.push(`${c.name}: ${error}`);
    raw.push({ c, ours, tfjs, error });
  }
  // Other load only slows a measurement down: the best layout runs again after the cases, and
  // the faster of its two measurements stands for the adapter's read bandwidth.
  const best = probes.reduce<ProbeResult | null>((b, p) => (!b || p.gbs > b.gbs ? p : b), null);
  if (best) await probe(best.layout.name, `${best.layout.name} (again)`);
  const readBandwidth = probeSummary(probes);
  const reports = raw.map((r) => caseReport(r.c, readBandwidth.bestGBs, r.ours.value, r.tfjs.value, r.error || undefined));
  const settings = { targetSeconds: timing.targetSeconds, trials: timing.trials, probeBytes, coldBytes: options.coldBytes };
  return { date: new Date().toISOString(), info, inputs: args.hot ? 'hot' : 'cold', settings, readBandwidth, cases: reports, errors };
}

async function settle<T>(p: Promise<T>): Promise<{ value?: T; error?: string }> {
  try {
    return { value: await p };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

async function inNode(): Promise<BenchReport> {
  const gpu = await createGpu();
  try {
    return await runAll(createBenchApi(gpu));
  } finally {
    gpu.destroy();
  }
}

async function inChromium(): Promise<BenchReport> {
  const { server, url } = await startServer();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warn') progress(`[chromium] ${m.text()}`); });
    page.on('pageerror', (e) => progress(`[chromium pageerror] ${e}`));
    await page.goto(`${url}/bench/kernels.html`);
    await page.waitForFunction(() => document.getElementById('log')?.textContent === 'ready', { timeout: 180_000 });
    const info = await page.evaluate(() => (window as unknown as { shaderlmBench: BenchApi }).shaderlmBench.info());
    return await runAll(pageApi(page, info));
  } finally {
    await browser.close();
    await server.close();
  }
}

const report = args.node ? await inNode() : await inChromium();
if (!args['json-only']) {
  console.log(`adapter: ${report.info.adapter} (${report.info.runtime}, profile ${report.info.profile}); inputs ${report.inputs}`);
  console.log(table(report));
  for (const e of report.errors) console.log(`error: ${e}`);
  console.log();
}
console.log(JSON.stringify(report, null, 2));
process.exitCode = report.errors.length ? 1 : 0;
