// One model x dtype measured through a BenchApi: load, a warm-up, the 16-token prompt's first
// token (time to first token, prefill rate, dispatches of a prefill), the decode run (16-token
// prompt + N new tokens, greedy), longer prefills, GPU memory; then a model's dtypes decoding in
// alternation, for their ratios to f32. Turned into a report row with the roofline once the run's
// read bandwidth is known.

import type { BenchApi } from './api.js';
import type { WeightDType } from '../src/quant/formats.js';
import type { MemorySnapshot } from './hooks.js';
import type { ModelLoadRequest, ModelLoadResult, RunResult, StepProfile } from './model-api.js';
import type { BenchModel, ModelFiles } from './models.js';
import { median } from './timing.js';
import type { ProfileName } from '../src/gpu/profile.js';

export const DECODE_PROMPT = 16;

export interface ModelMeasurement {
  model: string;
  description: string;
  dtype: WeightDType;
  status: 'ok' | 'skipped' | 'error';
  /** Why a row has no numbers. */
  reason?: string;
  load?: ModelLoadResult;
  timeToFirstTokenMs?: number;
  /** Prompt tokens -> tokens/s of its prefill (to the first token). */
  prefillTokensPerSecond?: Record<number, number>;
  decode?: { promptTokens: number; newTokens: number; tokensPerSecond: number; trials: number[] };
  /** The same decode run again, in alternation with the model's other dtypes (decodeInAlternation). */
  alternatedDecode?: { tokensPerSecond: number; trials: number[] };
  /** Per decode token, from the device's recorders: (dispatches of the decode run - of a prefill alone) / decode steps. */
  countedDispatchesPerToken?: number;
  /** What the engine reports itself (GenerationStats.dispatchesPerToken). */
  reportedDispatchesPerToken?: number;
  dispatchesPerPrefill?: number;
  /** The decode step's GPU time by kernel (timestamp-query); null where the adapter has none. */
  stepProfile?: StepProfile | null;
  memory?: MemorySnapshot;
}

export interface ModelPlan {
  model: BenchModel;
  files: ModelFiles;
  dtype: WeightDType;
  profile: ProfileName;
}

function loadRequest({ model: m, files, dtype }: ModelPlan): ModelLoadRequest {
  return { source: files.source, tokenizer: files.tokenizer, dtype, maxSeqLen: m.maxSeqLen };
}

export async function measureModel(api: BenchApi, plan: ModelPlan, progress: (msg: string) => void): Promise<ModelMeasurement> {
  const { model: m, dtype, profile } = plan;
  const row: ModelMeasurement = { model: m.id, description: m.description, dtype, status: 'ok' };
  const say = (what: string) => progress(`${m.id} ${dtype}: ${what}`);
  say('load');
  const load = await api.loadModel(loadRequest(plan));
  row.load = load;
  try {
    const runs = m.runs[profile];
    const repeat = async (promptTokens: number, maxTokens: number): Promise<RunResult[]> => {
      const results = [];
      for (let i = 0; i < runs; i++) results.push(await api.run({ promptTokens, maxTokens }));
      return results;
    };
    say('warm-up');
    await api.run({ promptTokens: DECODE_PROMPT, maxTokens: 2 });
    say(`first token of a ${DECODE_PROMPT}-token prompt`);
    const first = await repeat(DECODE_PROMPT, 1);
    row.timeToFirstTokenMs = median(first.map((r) => r.stats.timeToFirstTokenMs));
    row.prefillTokensPerSecond = { [DECODE_PROMPT]: median(first.map((r) => r.stats.prefillTokensPerSecond)) };
    row.dispatchesPerPrefill = median(first.map((r) => r.dispatches));
    const newTokens = m.decodeTokens[profile];
    say(`decode ${newTokens} tokens`);
    const decode = await repeat(DECODE_PROMPT, newTokens);
    const rates = decode.map((r) => r.stats.decodeTokensPerSecond);
    row.decode = { promptTokens: decode[0]!.stats.promptTokens, newTokens: decode[0]!.stats.generatedTokens, tokensPerSecond: median(rates), trials: rates };
    const steps = decode[0]!.stats.generatedTokens - 1;
    row.countedDispatchesPerToken = steps > 0 ? (median(decode.map((r) => r.dispatches)) - row.dispatchesPerPrefill) / steps : undefined;
    row.reportedDispatchesPerToken = decode[0]!.reportedDispatchesPerToken;
    say('decode step by kernel (timestamps)');
    row.stepProfile = await api.profileStep();
    for (const n of m.prefill[profile]) {
      if (n === DECODE_PROMPT || n >= load.contextLength) continue;
      say(`prefill ${n} tokens`);
      row.prefillTokensPerSecond[n] = median((await repeat(n, 1)).map((r) => r.stats.prefillTokensPerSecond));
    }
    row.memory = await api.memory();
  } catch (e) {
    return { ...row, status: 'error', reason: (e as Error).message };
  } finally {
    await api.disposeModel();
  }
  return row;
}

/**
 * Each dtype's decode rate measured in alternation: `rounds` rounds, each loading the model in
 * every dtype in turn (in reverse on odd rounds) and decoding the same run once. measureModel
 * measures one dtype after another, minutes apart, and a software adapter's speed on a shared VM
 * drifts by more than the dtypes differ (15-50 % within a run); alternating puts every dtype
 * through the same drift, so their ratios hold. Returns tokens/s per dtype, a trial per round.
 */
export async function decodeInAlternation(api: BenchApi, plans: ModelPlan[], rounds: number, progress: (msg: string) => void): Promise<Map<WeightDType, number[]>> {
  const rates = new Map<WeightDType, number[]>(plans.map((p) => [p.dtype, []]));
  for (let round = 0; round < rounds; round++) {
    for (const plan of round % 2 ? [...plans].reverse() : plans) {
      const { model: m, dtype, profile } = plan;
      progress(`${m.id} ${dtype}: decode in alternation, round ${round + 1} of ${rounds}`);
      await api.loadModel(loadRequest(plan));
      try {
        await api.run({ promptTokens: DECODE_PROMPT, maxTokens: 2 }); // warm-up
        const run = await api.run({ promptTokens: DECODE_PROMPT, maxTokens: m.decodeTokens[profile] });
        rates.get(dtype)!.push(run.stats.decodeTokensPerSecond);
      } finally {
        await api.disposeModel();
      }
    }
  }
  return rates;
}

export interface ModelReportRow extends ModelMeasurement {
  /** Read bandwidth / weight bytes per token: the most tokens/s the reads allow. */
  rooflineTokensPerSecond?: number;
  fractionOfRoofline?: number;
  /**
   * Decode tokens/s over the same model's f32 row in this run: in alternation where both rows
   * have it (alternatedDecode: the median of each round's ratio), else from the decode runs
   * measured one dtype after another.
   */
  speedupOverF32?: number;
  speedupMeasured?: 'in alternation' | 'one after another';
}

export function withRoofline(rows: ModelMeasurement[], bandwidthGBs: number | null): ModelReportRow[] {
  return rows.map((r) => {
    const out: ModelReportRow = { ...r };
    if (r.decode && r.load && bandwidthGBs) {
      out.rooflineTokensPerSecond = (bandwidthGBs * 1e9) / r.load.bytesPerToken;
      out.fractionOfRoofline = r.decode.tokensPerSecond / out.rooflineTokensPerSecond;
    }
    const f32 = rows.find((x) => x.model === r.model && x.dtype === 'f32' && x.decode);
    if (r.alternatedDecode && f32?.alternatedDecode) {
      // Each round's pair divided, then the median: a ratio of the two medians mixed rounds
      // minutes apart, the drift alternation is there to cancel (review I: 0.29x against 0.89x).
      const f32Trials = f32.alternatedDecode.trials;
      out.speedupOverF32 = median(r.alternatedDecode.trials.slice(0, f32Trials.length).map((t, round) => t / f32Trials[round]!));
      out.speedupMeasured = 'in alternation';
    } else if (r.decode && f32?.decode) {
      out.speedupOverF32 = r.decode.tokensPerSecond / f32.decode.tokensPerSecond;
      out.speedupMeasured = 'one after another';
    }
    return out;
  });
}
