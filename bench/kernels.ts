// `npm run bench:kernels`: times our kernels, the read-bandwidth and compute probes and TF.js
// (WebGPU) on transformer-shaped cases in headless Chromium (or in Node through Dawn with
// --node, without TF.js), then prints a table and a JSON report. A benchmark script, not a
// test. Method: docs/BENCHMARKS.md. `npm run bench` (run.ts) runs the same suite beside the models.
//
// Options: --node  --json-only  --hot (reuse one input copy)  --cases a,b (name substrings)
//          --target SECONDS per measurement (0.5)  --trials N (3)
//          --probe-mib MiB read by the probe and rotated over by the cases (64; 256 on GPUs, past their L2)
//          --alternate N rounds of (probe, case) for each GEMV case (3)

import { parseArgs } from 'node:util';
import { benchCases } from './cases.js';
import { runKernelSuite } from './kernel-suite.js';
import { table } from './report.js';
import { chromiumSession, nodeSession } from './session.js';

const { values: args } = parseArgs({
  options: {
    node: { type: 'boolean', default: false },
    'json-only': { type: 'boolean', default: false },
    hot: { type: 'boolean', default: false },
    cases: { type: 'string' },
    target: { type: 'string', default: '0.5' },
    trials: { type: 'string', default: '3' },
    'probe-mib': { type: 'string' },
    alternate: { type: 'string', default: '3' },
  },
});

const timing = { targetSeconds: Number(args.target), trials: Number(args.trials), maxReps: 100_000 };
if (!(timing.targetSeconds > 0) || !(timing.trials >= 1)) throw new Error('bench: --target must be > 0 seconds and --trials >= 1');
const alternateRounds = Number(args.alternate);
if (!(Number.isInteger(alternateRounds) && alternateRounds >= 0)) throw new Error(`bench: --alternate must be an integer >= 0, got ${args.alternate}`);
const filters = args.cases?.split(',').map((s) => s.trim()).filter(Boolean);
const cases = filters ? benchCases.filter((c) => filters.some((f) => c.name.includes(f))) : benchCases;
if (cases.length === 0) throw new Error(`bench: no case matches --cases ${args.cases}; cases: ${benchCases.map((c) => c.name).join(', ')}`);
const progress = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

const session = args.node ? await nodeSession() : await chromiumSession(progress);
let report;
try {
  const info = session.api.info();
  progress(`adapter ${info.adapter} (${info.runtime}, profile ${info.profile}, ${info.hostThreads} host threads)`);
  const probeMib = args['probe-mib'] === undefined ? undefined : Number(args['probe-mib']);
  const suite = await runKernelSuite(session.api, { cases, timing, hot: args.hot, probeMib, alternateRounds, progress });
  report = await suite.finish();
} finally {
  await session.close();
}
if (!args['json-only']) {
  console.log(`adapter: ${report.info.adapter} (${report.info.runtime}, profile ${report.info.profile}, ${report.info.hostThreads} host threads); inputs ${report.inputs}`);
  console.log(table(report));
  for (const e of report.errors) console.log(`error: ${e}`);
  console.log();
}
console.log(JSON.stringify(report, null, 2));
process.exitCode = report.errors.length ? 1 : 0;
