// The kernel half of a bench run: the read probe in every layout, the compute probes, the kernel
// cases (ours with GPU time where timestamp-query exists, and TF.js in the page), then the best
// probe layout again, since other load only ever slows a measurement down. Each GEMV case is also
// measured in alternation with the best probe layout: a software adapter's speed drifts by tens
// of percent within a run, so its share of the best probe (measured minutes apart) mixes the
// kernel with the drift, and the alternated share does not. Shared by kernels.ts and run.ts.

import type { BenchApi } from './api.js';
import type { BenchCase } from './cases.js';
import type { BenchOptions, OursResult } from './measure.js';
import { aluProbeNames, type AluProbeResult } from './alu-probe.js';
import { probeLayouts, type ProbeResult } from './probe.js';
import { aluSummary, caseReport, probeSummary, type AlternatedShare, type BenchReport, type CaseReport } from './report.js';
import { bytesOf } from './cases.js';
import type { TfjsResult } from './tfjs.js';
import { median, type TimingOptions } from './timing.js';

export interface KernelSuiteOptions {
  cases: BenchCase[];
  timing: TimingOptions;
  /** Reuse one input copy (cache-hot) instead of rotating over the probe's size. */
  hot: boolean;
  /** Probe size in MiB (default: 64; 256 on the 'gpu' profile, past a GPU's L2). */
  probeMib?: number;
  /** Rounds of (best probe layout, case) for each GEMV case, one trial each (0: none). */
  alternateRounds: number;
  progress(msg: string): void;
  /** Each case's row as soon as it is measured, against the best probe so far: what a run stopped by a time limit keeps. */
  onCase?(row: CaseReport): void;
  /** The probes' results (read bandwidth, compute, dispatch cost) before the first case, for the same reason. */
  onProbes?(probes: Pick<BenchReport, 'readBandwidth' | 'compute' | 'dispatch'>): void;
}

export interface KernelSuite {
  /** Call after the cases (and anything else measured in between): the best layout once more. */
  finish(): Promise<BenchReport>;
  probeBytes: number;
}

/** The smallest probe: a smaller one reads from the caches (this VM's L3 is 32 MiB), and its bandwidth would be no ceiling. */
export const MIN_PROBE_MIB = 64;

/** Runs the probe and the cases now; finish() reruns the best probe layout and builds the report. */
export async function runKernelSuite(api: BenchApi, o: KernelSuiteOptions): Promise<KernelSuite> {
  const info = api.info();
  const probeBytes = (o.probeMib ?? (info.profile === 'gpu' ? 256 : 64)) * 2 ** 20;
  // Cold inputs rotate over as much memory as the probe reads, so both stream from memory.
  const options: BenchOptions = { timing: o.timing, coldBytes: o.hot ? 0 : probeBytes };
  const errors: string[] = [];
  const probes: ProbeResult[] = [];
  const probe = async (name: string, label = name) => {
    o.progress(label);
    const r = await settle(api.probe(name, options, probeBytes));
    if (r.value) probes.push({ ...r.value, layout: { ...r.value.layout, name: label } });
    else errors.push(`${label}: ${r.error}`);
  };
  for (const layout of probeLayouts) await probe(layout.name);
  const alus: AluProbeResult[] = [];
  for (const name of aluProbeNames) {
    o.progress(name);
    const r = await settle(api.alu(name, options));
    if (r.value) alus.push(r.value);
    else errors.push(`${name}: ${r.error}`);
  }
  o.progress('dispatch chain');
  const dispatch = await settle(api.dispatch(options));
  if (dispatch.error) errors.push(`dispatch chain: ${dispatch.error}`);
  o.onProbes?.({ readBandwidth: probeSummary(probes), compute: aluSummary(alus), dispatch: dispatch.value ?? null });
  const bestLayout = bestProbe(probes)?.layout.name;
  const raw: Array<{ c: BenchCase; ours: Settled<OursResult>; tfjs: Settled<TfjsResult | null>; error: string; alternated?: AlternatedShare }> = [];
  for (const c of o.cases) {
    o.progress(c.name);
    const [ours, tfjs] = [await settle(api.ours(c.name, options)), await settle(api.tfjs(c.name, options))];
    const error = [ours.error && `ours: ${ours.error}`, tfjs.error && `TF.js: ${tfjs.error}`].filter(Boolean).join('; ');
    if (error) errors.push(`${c.name}: ${error}`);
    const alternate = c.kind === 'gemv' && ours.value && bestLayout && o.alternateRounds > 0;
    const alternated = alternate ? await alternatedShare(api, c, bestLayout, probeBytes, options, o.alternateRounds) : undefined;
    if (alternated?.error) errors.push(`${c.name} (alternated with the probe): ${alternated.error}`);
    raw.push({ c, ours, tfjs, error, alternated: alternated?.value });
    o.onCase?.(caseReport(c, bestProbe(probes)?.gbs ?? null, ours.value, tfjs.value, error || undefined, alternated?.value));
  }
  return {
    probeBytes,
    async finish() {
      const best = bestProbe(probes);
      if (best) await probe(best.layout.name, `${best.layout.name.replace(/ \(again\)$/, '')} (again)`);
      const readBandwidth = probeSummary(probes);
      const reports = raw.map((r) => caseReport(r.c, readBandwidth.bestGBs, r.ours.value, r.tfjs.value, r.error || undefined, r.alternated));
      const settings = { targetSeconds: o.timing.targetSeconds, trials: o.timing.trials, probeBytes, coldBytes: options.coldBytes, alternateRounds: o.alternateRounds };
      return { date: new Date().toISOString(), info, inputs: o.hot ? 'hot' : 'cold', settings, readBandwidth, compute: aluSummary(alus), dispatch: dispatch.value ?? null, cases: reports, errors };
    },
  };
}

/**
 * The case's GB/s over the probe's, each round measuring the probe layout and then the case (one
 * trial each), on odd rounds the other way round: the median and range of the rounds' ratios.
 */
async function alternatedShare(api: BenchApi, c: BenchCase, layout: string, probeBytes: number, options: BenchOptions, rounds: number): Promise<Settled<AlternatedShare>> {
  const one: BenchOptions = { ...options, timing: { ...options.timing, trials: 1 } };
  return settle((async () => {
    const ratios: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const probe = () => api.probe(layout, one, probeBytes).then((p) => p.gbs);
      const ours = () => api.ours(c.name, one).then((r) => bytesOf(c) / r.timing.seconds / 1e9);
      let probeGBs: number, oursGBs: number;
      if (round % 2 === 0) [probeGBs, oursGBs] = [await probe(), await ours()];
      else [oursGBs, probeGBs] = [await ours(), await probe()];
      ratios.push(oursGBs / probeGBs);
    }
    return { layout, median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), ratios };
  })());
}

type Settled<T> = { value?: T; error?: string };

export async function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  try {
    return { value: await p };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The fastest probe so far, or null before any probe ran. */
function bestProbe(probes: ProbeResult[]): ProbeResult | null {
  return probes.reduce<ProbeResult | null>((b, p) => (!b || p.gbs > b.gbs ? p : b), null);
}
