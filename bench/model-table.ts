// The model rows of a bench run as a markdown table: one row per model x dtype, the reason in
// place of the numbers where a row was not measured.

import type { StepProfile } from './model-api.js';
import type { ModelReportRow } from './model-runs.js';
import { markdownTable } from './report.js';

const fmt = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '—' : x >= 100 ? x.toFixed(0) : x.toPrecision(3));
const mb = (b: number | undefined) => (b === undefined ? '—' : (b / 1e6).toFixed(b < 1e7 ? 2 : 0));

export function modelTable(rows: ModelReportRow[]): string {
  const head = ['model', 'dtype', 'load s', 'TTFT ms', 'prefill tok/s 16/128/512', 'decode tok/s', 'vs f32', 'dispatches/token',
    'GPU MB (weights+KV+other)', 'MB read/token', 'roofline tok/s', '% of roofline', 'note'];
  const body = rows.map((r) => {
    if (r.status !== 'ok') return [r.model, r.dtype, ...Array(head.length - 3).fill('—'), `${r.status}: ${(r.reason ?? '').split('\n')[0]!.slice(0, 100)}`];
    const p = r.prefillTokensPerSecond ?? {};
    const mem = r.memory;
    return [
      r.model, r.dtype, fmt(r.load?.loadSeconds), fmt(r.timeToFirstTokenMs), [16, 128, 512].map((n) => fmt(p[n])).join(' / '),
      fmt(r.decode?.tokensPerSecond), r.speedupOverF32 ? `${r.speedupOverF32.toFixed(2)}x` : '—',
      fmt(r.countedDispatchesPerToken ?? r.reportedDispatchesPerToken),
      mem ? `${mb(mem.total)} (${mb(mem.weights)}+${mb(mem.kv)}+${mb(mem.other)})` : '—',
      mb(r.load?.bytesPerToken),
      fmt(r.rooflineTokensPerSecond), r.fractionOfRoofline === undefined ? '—' : `${(100 * r.fractionOfRoofline).toFixed(0)}%`,
      [r.decode && r.decode.newTokens < 32 ? `decoded ${r.decode.newTokens} tokens only` : '', r.load?.dtypeNotes.length ? `${r.load.dtypeNotes.length} matrices kept in another dtype (JSON: dtypeNotes)` : '',
        r.dtype !== 'f32' && r.speedupMeasured === 'one after another' ? 'vs f32 from runs one after another' : '',
        dispatchesDisagree(r) ? `the engine reports ${fmt(r.reportedDispatchesPerToken)} dispatches a token` : '']
        .filter(Boolean).join('; '),
    ];
  });
  return markdownTable(head, body);
}

/** The dispatches counted on the device's recorders are not what GenerationStats.dispatchesPerToken says. */
function dispatchesDisagree(r: ModelReportRow): boolean {
  const [counted, reported] = [r.countedDispatchesPerToken, r.reportedDispatchesPerToken];
  return counted !== undefined && reported !== undefined && Math.abs(counted - reported) > 1e-9;
}

/**
 * Each measured decode step by kernel: GPU time from timestamps (every dispatch replayed in a pass
 * of its own) against the measured ms a token, whose difference is the fixed cost outside kernels;
 * then the whole step replayed in one pass, as decode runs it, the host's time to record it, and
 * the host's time for a real decode step (the model's JS, the API calls, the submit).
 */
export function stepProfileTables(rows: ModelReportRow[]): string {
  return rows.filter((r) => r.stepProfile && r.decode).map((r) => {
    const p = r.stepProfile!;
    const tokenMs = 1000 / r.decode!.tokensPerSecond;
    const head = [`${r.model} ${r.dtype}: kernel`, 'calls', 'GPU ms', '% of GPU step'];
    const body = p.kernels.map((k) => [k.kernel, String(k.calls), fmt(k.gpuMs), `${((100 * k.gpuMs) / p.gpuMs).toFixed(0)}%`]);
    const calls = String(p.kernels.reduce((n, k) => n + k.calls, 0));
    body.push([`step (${p.replays} replays) / measured ms a token`, calls, `${fmt(p.gpuMs)} / ${fmt(tokenMs)}`, '100%']);
    body.push(['step in one pass (GPU) / host recording it', calls, `${p.onePassGpuMs === null ? '—' : fmt(p.onePassGpuMs)} / ${fmt(p.recordMs)}`, '']);
    body.push(['host, a decode step from opening to submit', calls, p.hostStepMs === null ? '—' : fmt(p.hostStepMs), '']);
    return [markdownTable(head, body), ...inconsistency(p, tokenMs)].join('\n\n');
  }).join('\n\n');
}

/**
 * A note where the stamped kernels add up to more than a measured token: the difference the table
 * offers as the cost outside kernels is then negative, and only the kernels' shares can be read.
 */
function inconsistency(p: StepProfile, tokenMs: number): string[] {
  if (!(p.gpuMs > tokenMs) || fmt(p.gpuMs) === fmt(tokenMs)) return []; // past the digits shown: "1.23 ms, more than 1.23 ms" says nothing
  return [`Note: the kernels, each stamped in a pass of its own, sum to ${fmt(p.gpuMs)} ms, more than the ${fmt(tokenMs)} ms a token measured: `
    + 'a pass of one dispatch costs this adapter more than the dispatch, or the load changed between the two measurements. '
    + 'Read the kernels\' shares, not the difference.'];
}
