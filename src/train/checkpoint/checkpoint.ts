// Checkpoints in the Hugging Face layout: config.json + model.safetensors + tokenizer.json, which
// engine.load() and transformers read, plus optimizer.safetensors + trainer.json when training is to
// resume. Writing goes through a sink (name, bytes), so a browser can zip or download the files and
// Node writes a folder (folder.ts). Not the name mapping (hf-export.ts). Tests: tests/train/checkpoint.test.ts.

import type { ModelConfig, WeightMap } from '../../model/config.js';
import { WeightFormatError } from '../../errors.js';
import { prepareModel } from '../../model/prepare.js';
import { parseJsonObject } from '../../model/weights/json.js';
import { encodeSafetensors } from '../../model/weights/safetensors-writer.js';
import { parseSafetensors } from '../../model/weights/safetensors.js';
import type { Tokenizer } from '../../tokenizer/types.js';
import { partialFiles, readFolderFiles, writeFolderFiles } from './folder.js';
import { checkReadsBack, huggingFaceConfig, huggingFaceTensors } from './hf-export.js';
import { decodeOptimizer, encodeOptimizer, OPTIMIZER_FILE, TRAINER_FILE, type OptimizerState } from './optimizer-state.js';

/** Receives each file of a checkpoint in turn; the save waits for each before the next. */
export type CheckpointSink = (name: string, bytes: Uint8Array) => Promise<void>;

export interface Checkpoint<Options extends object = Record<string, unknown>> {
  config: ModelConfig;
  weights: WeightMap;
  /** tokenizer.json: its text (written as given) or its parsed object (PreparedData.json). */
  tokenizerJson: string | object;
  /** With it the checkpoint resumes exactly; without it, it is a model to load or fine-tune. */
  optimizer?: OptimizerState<Options>;
  /** The COMPANIONS of the model it was fine-tuned from, written as they were. */
  companions?: ReadonlyMap<string, Uint8Array>;
}

export interface LoadedCheckpoint {
  /** As the Hugging Face loader reads it (interleaved RoPE comes back half-split: hf-export.ts). */
  config: ModelConfig;
  weights: WeightMap;
  tokenizerJson: object;
  /** The tokenizer built from tokenizer.json, checked to fit the model's vocabulary. */
  tokenizer: Tokenizer;
  optimizer?: OptimizerState;
  /** Those of its COMPANIONS it has: a fine-tune of it keeps them. */
  companions: ReadonlyMap<string, Uint8Array>;
}

/** The files a checkpoint needs. */
const REQUIRED = ['config.json', 'model.safetensors', 'tokenizer.json'];
/**
 * A Hugging Face model's other files, which a fine-tune of it keeps as they were: without them the
 * tuned model would tokenize differently (add_bos_token), lose its chat template, or stop on other ids.
 */
const COMPANIONS = ['generation_config.json', 'tokenizer_config.json', 'special_tokens_map.json', 'chat_template.jinja'];
/** What a checkpoint folder may hold. */
const KNOWN = [...REQUIRED, ...COMPANIONS, OPTIMIZER_FILE, TRAINER_FILE];

const encoder = new TextEncoder();
const jsonBytes = (value: unknown) => encoder.encode(`${JSON.stringify(value, null, 2)}\n`);

/**
 * The checkpoint's files by name, in writing order (trainer.json last, so that its checksums
 * describe files already written). Throws before anything is written when the config has no
 * Hugging Face spelling, a weight is missing, extra or not finite, or the optimizer state does not
 * match the weights.
 */
export function checkpointFiles(ck: Checkpoint<object>): Map<string, Uint8Array> {
  const configJson = huggingFaceConfig(ck.config);
  const modelBytes = encodeSafetensors(huggingFaceTensors(ck.config, ck.weights), { format: 'pt' }); // transformers requires the format key
  checkReadsBack(ck.config, configJson, parseSafetensors(modelBytes).tensors);
  const tokenizer = typeof ck.tokenizerJson === 'string' ? encoder.encode(ck.tokenizerJson) : jsonBytes(ck.tokenizerJson);
  const files = new Map([['config.json', jsonBytes(configJson)], ['model.safetensors', modelBytes], ['tokenizer.json', tokenizer], ...(ck.companions ?? [])]);
  if (ck.optimizer) for (const [name, bytes] of encodeOptimizer(ck.config, ck.weights, ck.optimizer, modelBytes)) files.set(name, bytes);
  return files;
}

/**
 * Writes the checkpoint to a folder (Node: created if need be; every file written before any
 * replaces its old copy, and an earlier save's optimizer files removed when this one has none:
 * folder.ts) or a sink; returns the names written.
 */
export async function saveCheckpoint(target: string | CheckpointSink, ck: Checkpoint<object>): Promise<string[]> {
  const files = checkpointFiles(ck);
  if (typeof target === 'string') await writeFolderFiles(target, files, [TRAINER_FILE, OPTIMIZER_FILE, ...COMPANIONS]);
  else for (const [name, bytes] of files) await target(name, bytes);
  return [...files.keys()];
}

/**
 * A checkpoint from its files' bytes (a folder read by folder.ts, or files a page was given): the
 * model through the project's loader with every load-time check, and the optimizer state when
 * optimizer.safetensors and trainer.json are there (checked to belong to this model.safetensors).
 * `optimizer: false` leaves those two unread: a fine-tune starts its own state, and a stale or
 * damaged one (a save cut short) must not stop it.
 */
export function loadCheckpoint(files: ReadonlyMap<string, Uint8Array>, o: { optimizer?: boolean } = {}): LoadedCheckpoint {
  for (const name of REQUIRED) {
    if (!files.has(name)) throw new WeightFormatError(`checkpoint: ${name} was not provided (a checkpoint holds ${REQUIRED.join(', ')})`);
  }
  // The side files stay out of the model's files, where the tokenizer lookup would see them.
  const modelFiles = new Map([...files].filter(([name]) => name !== TRAINER_FILE && name !== OPTIMIZER_FILE));
  const { config, weights, tokenizer } = prepareModel({ format: 'huggingface', files: modelFiles }, 'f32');
  const tokenizerJson = parseJsonObject(files.get('tokenizer.json')!, 'tokenizer.json');
  const optimizer = o.optimizer === false ? undefined : decodeOptimizer(files, parseJsonObject(files.get('config.json')!, 'config.json'), files.get('model.safetensors')!);
  const companions = new Map([...files].filter(([name]) => COMPANIONS.includes(name)));
  return { config, weights, tokenizerJson, tokenizer, companions, ...(optimizer ? { optimizer } : {}) };
}

/** loadCheckpoint of a folder (Node); a refusal names the files a save cut short left beside it. */
export async function readCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const files = await readFolderFiles(dir, KNOWN, REQUIRED);
  try {
    return loadCheckpoint(files);
  } catch (e) {
    const partial = await partialFiles(dir, KNOWN);
    if (partial.length && e instanceof Error) {
      // trainer.json is written last: its .partial whole means every file of that save was written.
      e.message += `. The folder also holds ${partial.join(', ')}, left by a save cut short: if trainer.json.partial is among them (the last file a save writes), renaming each to its name without .partial finishes that save`;
    }
    throw e;
  }
}
