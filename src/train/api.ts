// The public training API, the same in browsers and Node: engine.train({ data, model | from, ... })
// prepares text or FASTA given as strings, trains on the engine's GPU with shaderlm's own kernels
// (train.ts), and hands back a TrainedModel: its files in the Hugging Face layout (to save, or to
// resume from) and load(), which puts it on the engine for generate() and inspect(). Not the CLI
// (command.ts reads files and writes folders). Tests: tests/train/engine-train.test.ts.

import type { LoadOptions } from '../engine.js';
import type { Gpu } from '../gpu/device.js';
import type { Model } from '../model/model.js';
import type { ModelConfig } from '../model/config.js';
import { resolveSource, type ModelSource } from '../model/source.js';
import { checkpointFiles, loadCheckpoint, OPTIMIZER_FILE, TRAINER_FILE, type LoadedCheckpoint } from './checkpoint/index.js';
import { prepareData, type PrepareOptions } from './data/index.js';
import type { TrainingMemory } from './gpu/index.js';
import { checkTrainRequest } from './request.js';
import { train, type TrainOptions, type TrainResult, type TrainStep } from './train.js';

export type { TrainStep };

/** The corpus a request trains on (the context length is the request's own contextLength). */
export type TrainData = Omit<PrepareOptions, 'contextLength' | 'contextName'>;

export interface TrainRequest extends Omit<TrainOptions, 'data' | 'from'> {
  /**
   * The corpus as text: `{ train: { name, text } | [...], heldOut?, heldOutFraction?, tokenizer? }`.
   * FASTA (by name: .fa, .fasta, ...) becomes bases with the nucleotide tokenizer; other text
   * characters with the character tokenizer. With `from`, the checkpoint's tokenizer.json is used.
   */
  data: TrainData;
  /**
   * Fine-tune (or with `resume`, continue) a Hugging Face safetensors checkpoint: a folder, URL,
   * `hf:`, `default:<name>`, files, or a TrainedModel's files() (a resume needs its optimizer
   * state, which files() holds). GGUF and llama2.c files are refused. In Node a `hf:` from reads
   * the files the download cache keeps (LoadOptions.hubCache's default folder), and keeps none it
   * downloads.
   */
  from?: ModelSource | ReadonlyMap<string, Uint8Array>;
  /** Downloads of `from` go through this fetch (default: globalThis.fetch). */
  fetch?: typeof fetch;
  /** An access token for a `from` in a gated or private Hub repository (LoadOptions.hfToken). */
  hfToken?: string;
  /** Where a `hf:` `from` is read: a mirror's address (LoadOptions.hfEndpoint). */
  hfEndpoint?: string;
  /** Where a `default:<name>` in `from` is (LoadOptions.modelsBase). */
  modelsBase?: string;
}

/** What a training run made: its report, its checkpoint files, and the model itself ready to load. */
export interface TrainedModel {
  config: ModelConfig;
  /** The last step's report (none when a resumed run had no steps left). */
  last?: TrainStep;
  /**
   * The signal stopped the run after a step, before the last it was to take (`stopAt`, else
   * `steps`): the model is as trained so far, and its files resume from there.
   */
  stopped: boolean;
  memory: TrainingMemory;
  tokensSeen: number;
  seconds: number;
  /**
   * config.json, model.safetensors, tokenizer.json, the optimizer state a resume needs, and a
   * fine-tuned model's tokenizer_config.json, special_tokens_map.json, generation_config.json and
   * chat_template.jinja as the model it started from had them.
   */
  files(): Map<string, Uint8Array>;
  /** The trained model on the engine that trained it, for generate() and inspect(). */
  load(options?: LoadOptions): Promise<Model>;
}

/** The files a loader reads (all but the optimizer state), as File objects (browsers and Node 20+ have File). */
export function modelFilesOf(files: ReadonlyMap<string, Uint8Array>): File[] {
  return [...files].filter(([name]) => name !== OPTIMIZER_FILE && name !== TRAINER_FILE).map(([name, bytes]) => new File([bytes as Uint8Array<ArrayBuffer>], name));
}

/**
 * The files of `source`, a Hugging Face folder: training reads and writes safetensors checkpoints
 * only. The optimizer state (twice the weights) is read for a resume alone.
 */
export async function checkpointFolder(source: ModelSource, o: { resume: boolean; signal?: AbortSignal; fetch?: typeof fetch; hfToken?: string; hfEndpoint?: string; modelsBase?: string }): Promise<Map<string, Uint8Array>> {
  const { resume, ...reading } = o;
  // A GGUF by its name, before a byte of it downloads (a model's can be gigabytes).
  const named = typeof source === 'string' ? source.split(/[?#]/)[0]! : '';
  if (/\.gguf$/i.test(named)) throw notAFolder(named.slice(named.lastIndexOf('/') + 1), 'gguf');
  const resolved = await resolveSource(source, { ...reading, wholeFiles: true, alsoRead: resume ? [OPTIMIZER_FILE, TRAINER_FILE] : [] });
  if (resolved.format !== 'huggingface') throw notAFolder(resolved.checkpoint, resolved.format);
  return resolved.files;
}

function notAFolder(checkpoint: string, format: 'gguf' | 'llama2c'): RangeError {
  const kind = format === 'gguf' ? 'a GGUF file' : 'a llama2.c checkpoint';
  return new RangeError(`train: from ${checkpoint} is ${kind}; training starts from a Hugging Face folder (config.json, model.safetensors, tokenizer.json), such as one shaderlm train wrote`);
}

/** Runs a TrainRequest on `gpu`, reporting each step through `request.onStep`; `load` puts files on the engine. */
export async function trainModel(gpu: Gpu, request: TrainRequest, load: (files: File[], o?: LoadOptions) => Promise<Model>): Promise<TrainedModel> {
  checkTrainRequest(request);
  request.signal?.throwIfAborted(); // as engine.load() does: no trainer is built for a run already stopped
  const { data: corpus, from: source, fetch, hfToken, hfEndpoint, modelsBase, ...rest } = request;
  let from: LoadedCheckpoint | undefined;
  if (source !== undefined) {
    if (corpus.tokenizer) throw new RangeError('train: data.tokenizer goes with a fresh model; a checkpoint (from) brings its own tokenizer.json');
    const files = source instanceof Map ? source : await checkpointFolder(source as ModelSource, { resume: request.resume === true, signal: request.signal, fetch, hfToken, hfEndpoint, modelsBase });
    from = loadCheckpoint(files, { optimizer: request.resume === true });
  }
  const data = prepareData({
    ...corpus,
    contextLength: request.contextLength,
    ...(from ? { tokenizer: { kind: 'tokenizer.json' as const, json: from.tokenizerJson, name: 'the checkpoint\'s tokenizer.json' } } : {}),
  });
  const run = train(gpu, { ...rest, data, ...(from ? { from } : {}) });
  let next = await run.next();
  while (!next.done) next = await run.next();
  const result: TrainResult = next.value;
  const tuned = { config: result.config, weights: result.weights, tokenizerJson: data.json, ...(from ? { companions: from.companions } : {}) };
  return {
    config: result.config,
    ...(result.last ? { last: result.last } : {}),
    stopped: result.stopped,
    memory: result.memory,
    tokensSeen: result.tokensSeen,
    seconds: result.seconds,
    files: () => checkpointFiles({ ...tuned, optimizer: result.optimizer }),
    load: (o) => load(modelFilesOf(checkpointFiles(tuned)), o),
  };
}
