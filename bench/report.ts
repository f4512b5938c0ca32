// Turns raw timings into the benchmark report: GFLOP/s, GB/s, the share of the measured read
// bandwidth and the ours/TF.js ratio per case, printed as a table and as JSON.

import type { DispatchProbeResult } from './dispatch-probe.js';
import { bytesOf, flopsOf, type BenchCase } from './cases.js';
import type { BenchInfo } from './api.js';
import type { OursResult } from './measure.js';
import type { AluProbeResult } from './alu-probe.js';
import type { ProbeResult } from './probe.js';
import type { TfjsResult } from './tfjs.js';
import type { Timing } from './timing.js';

interface Rate {
  seconds: number;
  gflops: number;
  gbs: number;
  reps: number;
  trials: number[];
  copies: number;
}

/** A case's GB/s over the best probe layout's, the two measured in alternation (kernel-suite.ts). */
export interface AlternatedShare {
  layout: string;
  median: number;
  min: number;
  max: number;
  /** One ratio a round. */
  ratios: number[];
}

export interface CaseReport {
  name: string;
  kind: BenchCase['kind'];
  flops: number;
  bytes: number;
  ours?: Rate & {
    key: string;
    fractionOfReadBandwidth: number | null;
    /** From timestamp-query: GPU seconds per call and the GB/s they give; null where the adapter lacks the feature. */
    gpuSeconds: number | null;
    gpuGBs: number | null;
    /** GEMV cases: the share of the probe measured in alternation with it. */
    alternated?: AlternatedShare;
  };
  tfjs?: Rate & { backend: string };
  /** TF.js time / our time (> 1: ours is faster). */
  ratio?: number;
  error?: string;
}

export interface BenchReport {
  date: string;
  info: BenchInfo;
  /** 'cold': inputs rotate over copies past the cache, as in decode; 'hot': one copy reused. */
  inputs: 'cold' | 'hot';
  settings: { targetSeconds: number; trials: number; probeBytes: number; coldBytes: number; alternateRounds: number };
  readBandwidth: {
    bestGBs: number | null;
    best: string | null;
    probes: Array<{ name: string; gbs: number; gpuGBs: number | null; invocations: number; seconds: number; reps: number; bytes: number }>;
  };
  /** The compute probes' GFLOP/s from registers: the ceiling beside the read bandwidth's (alu-probe.ts). */
  compute: Array<{ name: string; gflops: number; gpuGflops: number | null; invocations: number; seconds: number; reps: number }>;
  /** Microseconds one small dispatch costs in a chain (dispatch-probe.ts); null where it failed. */
  dispatch: DispatchProbeResult | null;
  cases: CaseReport[];
  errors: string[];
}

function rate(c: BenchCase, t: Timing, copies: number): Rate {
  return { seconds: t.seconds, gflops: flopsOf(c) / t.seconds / 1e9, gbs: bytesOf(c) / t.seconds / 1e9, reps: t.reps, trials: t.trials, copies };
}

export function probeSummary(probes: ProbeResult[]): BenchReport['readBandwidth'] {
  const rows = probes.map((p) => ({ name: p.layout.name, gbs: p.gbs, gpuGBs: p.gpuGBs, invocations: p.invocations, seconds: p.timing.seconds, reps: p.timing.reps, bytes: p.bytes }));
  const best = rows.reduce<(typeof rows)[number] | null>((b, r) => (!b || r.gbs > b.gbs ? r : b), null);
  return { bestGBs: best?.gbs ?? null, best: best?.name ?? null, probes: rows };
}

export function aluSummary(probes: AluProbeResult[]): BenchReport['compute'] {
  return probes.map((p) => ({ name: p.name, gflops: p.gflops, gpuGflops: p.gpuGflops, invocations: p.invocations, seconds: p.timing.seconds, reps: p.timing.reps }));
}

export function caseReport(c: BenchCase, bandwidth: number | null, ours?: OursResult, tfjs?: TfjsResult | null, error?: string, alternated?: AlternatedShare): CaseReport {
  const report: CaseReport = { name: c.name, kind: c.kind, flops: flopsOf(c), bytes: bytesOf(c) };
  if (ours) {
    const r = rate(c, ours.timing, ours.copies);
    report.ours = {
      ...r, key: ours.key, fractionOfReadBandwidth: bandwidth ? r.gbs / bandwidth : null,
      gpuSeconds: ours.gpuSeconds, gpuGBs: ours.gpuSeconds ? bytesOf(c) / ours.gpuSeconds / 1e9 : null,
      ...(alternated ? { alternated } : {}),
    };
  }
  if (tfjs) report.tfjs = { ...rate(c, tfjs.timing, tfjs.copies), backend: tfjs.backend };
  if (report.ours && report.tfjs) report.ratio = report.tfjs.seconds / report.ours.seconds;
  if (error) report.error = error;
  return report;
}

const percent = (x: number): string => `${(100 * x).toFixed(0)}`;
const alternatedCell = (a: AlternatedShare | undefined): string => (a ? `${percent(a.median)}% (${percent(a.min)}-${percent(a.max)})` : '—');

const fmt = (x: number | null | undefined, digits = 3): string => (x === null || x === undefined ? '—' : x.toPrecision(digits));

export function table(r: BenchReport): string {
  const head = ['case', 'ours GFLOP/s', 'ours GB/s', '% of read bandwidth', '% alternated (range)', 'GPU-time GB/s', 'TF.js GFLOP/s', 'ratio'];
  const gpuTime = (x: number | null | undefined) => (x ? fmt(x) : 'n/a');
  const rows: string[][] = r.readBandwidth.probes.map((p) => [
    `${p.name}${p.name === r.readBandwidth.best ? ' (best)' : ''}`, '—', fmt(p.gbs),
    r.readBandwidth.bestGBs ? `${(100 * p.gbs / r.readBandwidth.bestGBs).toFixed(0)}%` : '—', '—', gpuTime(p.gpuGBs), '—', '—',
  ]);
  // Compute probes: their GFLOP/s bound a case's (a q4_0 GEMV's against 'alu q4_0 decode').
  for (const p of r.compute) rows.push([p.name, fmt(p.gflops), '—', '—', '—', '—', '—', '—']);
  for (const c of r.cases) {
    const share = c.ours?.fractionOfReadBandwidth;
    rows.push([
      c.name,
      c.error && !c.ours ? `error: ${c.error.split('\n')[0].slice(0, 60)}` : fmt(c.ours?.gflops),
      fmt(c.ours?.gbs),
      share === null || share === undefined ? '—' : `${(100 * share).toFixed(0)}%`,
      alternatedCell(c.ours?.alternated),
      c.ours ? gpuTime(c.ours.gpuGBs) : '—',
      fmt(c.tfjs?.gflops),
      c.ratio === undefined ? '—' : `${c.ratio.toFixed(2)}x`,
    ]);
  }
  return markdownTable(head, rows);
}

/** A markdown table, padded: the first column left-aligned, the others right-aligned. */
export function markdownTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  return [line(head), `|${widths.map((w, i) => (i === 0 ? ':' : '') + '-'.repeat(w + 1) + (i === 0 ? '' : ':')).join('|')}|`, ...rows.map(line)].join('\n');
}
