// `npm run bench:kernels`: times our kernels, the read-bandwidth and compute probes and TF.js
// (WebGPU) on transformer-shaped cases in headless Chromium (or in Node through Dawn with
// --node, without TF.js), then prints a table and a JSON report. A benchmark script, not a
// test. Method: docs/BENCHMARKS.md. `npm run bench` (run.ts) runs the same suite beside the models.
// Options: USAGE below (`npm run bench:kernels -- --help`).

import { benchCases } from './cases.js';
import { benchCli } from './cli.js';
import { MIN_PROBE_MIB, runKernelSuite } from './kernel-suite.js';
import { table } from './report.js';
import { chromiumSession, nodeSession } from './session.js';

const USAGE = `usage: npm run bench:kernels -- [options]
  --node               in Node through Dawn, without TF.js (default: headless Chromium)
  --json-only          the JSON report on stdout, no table
  --hot                reuse one input copy (cache-hot) instead of rotating over the probe's size
  --cases a,b          cases whose name holds one of these
  --target SECONDS     per measurement (0.5)
  --trials N           trials per measurement (3)
  --probe-mib MiB      read by the probe and rotated over by the cases (64; 256 on GPUs, past
                       their L2); at least ${MIN_PROBE_MIB}
  --alternate N        rounds of (probe, case) for each GEMV case (3)`;
const cli = benchCli('bench', USAGE);
const { values: args } = cli.parse({
  options: {
    node: { type: 'boolean', default: false },
    'json-only': { type: 'boolean', default: false },
    hot: { type: 'boolean', default: false },
    cases: { type: 'string' },
    target: { type: 'string' },
    trials: { type: 'string' },
    'probe-mib': { type: 'string' },
    alternate: { type: 'string' },
  },
});

const timing = { targetSeconds: cli.number('--target', args.target, 0.5, 0), trials: cli.integer('--trials', args.trials, 3, 1), maxReps: 100_000 };
const alternateRounds = cli.integer('--alternate', args.alternate, 3, 0);
const probeMib = args['probe-mib'] === undefined ? undefined : cli.integer('--probe-mib', args['probe-mib'], 0, MIN_PROBE_MIB);
const filters = args.cases?.split(',').map((s) => s.trim()).filter(Boolean);
const cases = filters ? benchCases.filter((c) => filters.some((f) => c.name.includes(f))) : benchCases;
if (cases.length === 0) cli.fail(`no case matches --cases ${args.cases}; cases: ${benchCases.map((c) => c.name).join(', ')}`);
const progress = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

const session = args.node ? await nodeSession() : await chromiumSession(progress);
let report;
try {
  const info = session.api.info();
  progress(`adapter ${info.adapter} (${info.runtime}, profile ${info.profile}, ${info.hostThreads} host threads)`);
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
