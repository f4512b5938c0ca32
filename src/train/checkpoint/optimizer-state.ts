// The optimizer's side files, what a resume needs beyond the model: optimizer.safetensors (AdamW's
// moments, named like model.safetensors's tensors under PyTorch's "exp_avg." and "exp_avg_sq.") and
// trainer.json (step, options, the sampler's state, and a checksum of both safetensors files so a
// folder mixing two saves is refused). Not the model files (checkpoint.ts). Tests: tests/train/checkpoint.test.ts.

import type { ModelConfig, WeightMap } from '../../model/config.js';
import { WeightFormatError } from '../../errors.js';
import { loadHuggingFace } from '../../model/weights/huggingface.js';
import { isObject, parseJsonObject, type JsonObject } from '../../model/weights/json.js';
import { encodeSafetensors } from '../../model/weights/safetensors-writer.js';
import { parseSafetensors, type SafetensorsEntry } from '../../model/weights/safetensors.js';
import { huggingFaceTensors } from './hf-export.js';

export const OPTIMIZER_FILE = 'optimizer.safetensors';
export const TRAINER_FILE = 'trainer.json';
const FORMAT = 'shaderlm trainer state';
const VERSION = 1;
const MOMENTS = { m: 'exp_avg.', v: 'exp_avg_sq.' } as const;

/** Everything besides the weights that makes a resumed run continue exactly where it stopped. */
export interface OptimizerState<Options extends object = Record<string, unknown>> {
  /** Optimizer steps taken: AdamW's bias correction counts from it, and the next batch is step's. */
  step: number;
  /** AdamW's first and second moments, one per weight, with the weight's name and shape. */
  m: WeightMap;
  v: WeightMap;
  /** The batch sampler's generator state, as the trainer defines it (JSON values only). */
  rngState?: unknown;
  /** Where the data stream stands, as the trainer defines it (JSON values only). */
  dataState?: unknown;
  /** The options the run was started with (JSON values only: no functions, signals, typed arrays). */
  options: Options;
}

/**
 * optimizer.safetensors then trainer.json for `state`, the moments laid out as `weights` (each
 * moment takes its weight's shape and layout, then goes through the same export as the model so it
 * reads back aligned with the reloaded weights). `modelBytes` is model.safetensors, for the checksum.
 */
export function encodeOptimizer(config: ModelConfig, weights: WeightMap, state: OptimizerState<object>, modelBytes: Uint8Array): Map<string, Uint8Array> {
  if (!Number.isSafeInteger(state.step) || state.step < 0) throw new RangeError(`optimizer.step must be a non-negative integer, got ${state.step}`);
  const tensors = (['m', 'v'] as const).flatMap((key) =>
    huggingFaceTensors(config, asWeights(state[key], weights, `optimizer.${key}`)).map((t) => ({ ...t, name: MOMENTS[key] + t.name })),
  );
  const optimizerBytes = encodeSafetensors(tensors);
  const trainer: JsonObject = {
    format: FORMAT, version: VERSION, step: state.step,
    options: jsonValue(state.options, 'optimizer.options'),
    ...(state.rngState === undefined ? {} : { rngState: jsonValue(state.rngState, 'optimizer.rngState') }),
    ...(state.dataState === undefined ? {} : { dataState: jsonValue(state.dataState, 'optimizer.dataState') }),
    files: { 'model.safetensors': fingerprint(modelBytes), [OPTIMIZER_FILE]: fingerprint(optimizerBytes) },
  };
  if (!isObject(trainer.options)) throw new TypeError('optimizer.options must be an object');
  return new Map([[OPTIMIZER_FILE, optimizerBytes], [TRAINER_FILE, new TextEncoder().encode(`${JSON.stringify(trainer, null, 2)}\n`)]]);
}

/** A moment map in the weights' shapes and layouts; throws naming a missing, extra or mis-sized entry. */
function asWeights(moments: WeightMap, weights: WeightMap, what: string): WeightMap {
  const extra = [...moments.keys()].filter((n) => !weights.has(n));
  if (extra.length) throw new Error(`${what} has entries for no weight: ${extra.map((n) => `"${n}"`).join(', ')}`);
  return new Map([...weights].map(([name, w]) => {
    const t = moments.get(name);
    if (!t) throw new Error(`${what} has no entry for weight "${name}"`);
    if (t.data.length !== w.data.length) throw new Error(`${what}: "${name}" has ${t.data.length} values, its weight ${w.data.length}`);
    return [name, { ...w, data: t.data }];
  }));
}

/**
 * The optimizer state in `files`, undefined when neither side file is there. `configJson` and
 * `modelBytes` are the checkpoint's config.json and model.safetensors.
 */
export function decodeOptimizer(files: ReadonlyMap<string, Uint8Array>, configJson: JsonObject, modelBytes: Uint8Array): OptimizerState | undefined {
  const [trainerBytes, optimizerBytes] = [files.get(TRAINER_FILE), files.get(OPTIMIZER_FILE)];
  if (!trainerBytes && !optimizerBytes) return undefined;
  if (!trainerBytes || !optimizerBytes) {
    throw new WeightFormatError(`${trainerBytes ? TRAINER_FILE : OPTIMIZER_FILE} is there without ${trainerBytes ? OPTIMIZER_FILE : TRAINER_FILE}: the optimizer state is incomplete`);
  }
  const trainer = parseJsonObject(trainerBytes, TRAINER_FILE);
  if (trainer.format !== FORMAT || trainer.version !== VERSION) {
    throw new WeightFormatError(`${TRAINER_FILE}: not a version ${VERSION} "${FORMAT}" file (format ${JSON.stringify(trainer.format)}, version ${JSON.stringify(trainer.version)})`);
  }
  const { step, options } = trainer;
  if (!Number.isSafeInteger(step) || (step as number) < 0) throw new WeightFormatError(`${TRAINER_FILE}: step must be a non-negative integer, got ${JSON.stringify(step)}`);
  if (!isObject(options)) throw new WeightFormatError(`${TRAINER_FILE}: options must be an object`);
  checkFingerprints(trainer.files, { 'model.safetensors': modelBytes, [OPTIMIZER_FILE]: optimizerBytes });

  const all = parseSafetensors(optimizerBytes, OPTIMIZER_FILE).tensors;
  const moments = (key: 'm' | 'v'): WeightMap => {
    const prefix = MOMENTS[key];
    const tensors = new Map<string, SafetensorsEntry>();
    for (const [name, t] of all) if (name.startsWith(prefix)) tensors.set(name.slice(prefix.length), t);
    return loadHuggingFace({ config: configJson, tensors, checkpoint: `${OPTIMIZER_FILE} (${prefix}*)`, float32: true }).weights;
  };
  const stray = [...all.keys()].filter((n) => !n.startsWith(MOMENTS.m) && !n.startsWith(MOMENTS.v));
  if (stray.length) throw new WeightFormatError(`${OPTIMIZER_FILE}: tensor "${stray[0]}" is neither ${MOMENTS.m}* nor ${MOMENTS.v}*`);
  return {
    step: step as number, m: moments('m'), v: moments('v'), options,
    ...(trainer.rngState === undefined ? {} : { rngState: trainer.rngState }),
    ...(trainer.dataState === undefined ? {} : { dataState: trainer.dataState }),
  };
}

function checkFingerprints(recorded: unknown, files: Record<string, Uint8Array>): void {
  for (const [name, bytes] of Object.entries(files)) {
    const want = isObject(recorded) ? recorded[name] : undefined;
    const got = fingerprint(bytes);
    if (!isObject(want) || want.bytes !== got.bytes || want.fnv1a32 !== got.fnv1a32) {
      throw new WeightFormatError(
        `${TRAINER_FILE} does not belong to this ${name} (recorded ${JSON.stringify(want ?? null)}, found ${JSON.stringify(got)}): ` +
          'the folder mixes files of two saves (an interrupted save?), so training cannot resume exactly from it',
      );
    }
  }
}

/** Size and 32-bit FNV-1a of bytes (a file's, the data's tokens'): enough to tell two apart, not a security measure. */
export function fingerprint(bytes: Uint8Array): { bytes: number; fnv1a32: string } {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return { bytes: bytes.byteLength, fnv1a32: (h >>> 0).toString(16).padStart(8, '0') };
}

/**
 * `value` unchanged when JSON carries it exactly (finite numbers, strings, booleans, null, arrays
 * and plain objects of them; object fields left undefined are dropped, as JSON.stringify does);
 * throws naming the path of anything else, which would come back different or not at all.
 */
function jsonValue(value: unknown, path: string): unknown {
  const fail = (what: string): never => {
    throw new TypeError(`${path} is ${what}, which trainer.json cannot hold exactly: save JSON values only`);
  };
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? value : fail(Object.is(value, -0) ? '-0' : String(value));
  if (Array.isArray(value)) return value.map((x, i) => jsonValue(x, `${path}[${i}]`));
  if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(value)) if (x !== undefined) out[k] = jsonValue(x, `${path}.${k}`);
    return out;
  }
  return fail(typeof value === 'object' ? `a ${value.constructor?.name ?? 'non-plain object'}` : `a ${typeof value}`);
}
