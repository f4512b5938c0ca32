// loadingModel: resolved model files (src/model/source.ts) -> normalised config, canonical weights and the
// files the tokenizer needs, dispatching on the checkpoint format, as time-sliced steps (the engine's
// load: prepare.ts); loadModel runs them at once (the tests). Not file access and not tokenization.
// Tests: tests/model/loaders.test.ts, tests/model/gguf.test.ts.

import type { ModelConfig } from '../config.js';
import { kindByMagic } from '../../file-kind.js';
import type { ModelFiles } from '../source.js';
import { runSteps, type Steps } from '../time-slices.js';
import { CheckList, type TensorChecks } from './checks.js';
import { TokenizerFormatError, WeightFormatError } from '../../errors.js';
import type { StoredTensor } from '../../quant/formats.js';
import { ggufTokenizerConfig } from '../../tokenizer/gguf.js';
import { parseGguf, parseGgufMetadata, type GgufEntry } from './gguf.js';
import { loadingGguf } from './gguf-model.js';
import { loadHuggingFace } from './huggingface.js';
import { parseJsonObject } from './json.js';
import { loadLlama2c } from './llama2c.js';
import { mergeShards, parseSafetensors, parseShardIndex, SHARD_INDEX_FILE } from './safetensors.js';

export interface LoadedModel {
  config: ModelConfig;
  /** Canonical weights: f32 from safetensors and llama2.c; GGUF keeps its matrices in their own format. */
  weights: Map<string, StoredTensor>;
  /**
   * tokenizer.json, tokenizer_config.json, ... (HF), a tokenizer .bin given with a llama2.c checkpoint, or
   * the GGUF file itself (its metadata holds the tokenizer) with a tokenizer_config.json made from that metadata,
   * or the one tokenizer file given explicitly with it (a GGUF given so brings its tokenizer_config.json too).
   */
  tokenizerFiles: Map<string, Uint8Array>;
  /** Where that made-up tokenizer_config.json's chat template really is, for errors: `<file>.gguf's tokenizer.chat_template`. */
  chatTemplateSource?: string;
}

const HF_MODEL_FILES = ['config.json', 'generation_config.json', SHARD_INDEX_FILE];

/** The model `source` holds, every check run, at once: loadingModel's steps run to their end (the tests' way in). */
export function loadModel(source: ModelFiles): LoadedModel {
  return runSteps(loadingModel(source));
}

/**
 * loadModel as steps (time-slices.ts): the files parsed at once (headers, config, shapes, names),
 * then each tensor's values checked, a step a tensor.
 */
export function* loadingModel(source: ModelFiles): Steps<LoadedModel> {
  const checks = new CheckList();
  const loaded = yield* parsedModel(source, checks);
  yield* checks.run();
  // Checked: what the checks did not read of a file left on disk (padding, a tied copy) counts as read too.
  const onDisk = source.format === 'llama2c' ? [] : source.format === 'gguf' ? [source.onDisk] : [...(source.onDisk?.values() ?? [])];
  for (const file of onDisk) file?.countRest();
  return loaded;
}

/** The model `source` holds, each tensor's values left to `checks`; a GGUF's layers a step each. */
function* parsedModel(source: ModelFiles, checks: TensorChecks): Steps<LoadedModel> {
  const { files } = source;
  if (source.format === 'llama2c') {
    const bytes = files.get(source.checkpoint);
    if (!bytes) throw new WeightFormatError(`llama2.c checkpoint ${source.checkpoint} was not provided`);
    const tokenizerFiles = new Map([...files].filter(([name]) => name !== source.checkpoint));
    return { ...loadLlama2c(bytes, source.checkpoint, checks), tokenizerFiles };
  }
  if (source.format === 'gguf') return yield* loadGgufFiles(source, checks);
  const configBytes = files.get('config.json');
  if (!configBytes) throw new WeightFormatError('config.json was not provided');
  const generation = files.get('generation_config.json');
  const index = files.get(SHARD_INDEX_FILE);
  // Weights left on disk (a folder's path in Node) are read where their tensors lie.
  const weightsFile = (name: string) => source.onDisk?.get(name) ?? files.get(name);
  const single = weightsFile('model.safetensors');
  if (!index && !single) throw new WeightFormatError(`neither model.safetensors nor ${SHARD_INDEX_FILE} was provided`);
  const { tensors } = index ? mergeShards(parseShardIndex(index), weightsFile) : parseSafetensors(single!);
  const { config, weights } = loadHuggingFace({
    config: parseJsonObject(configBytes, 'config.json'),
    ...(generation ? { generationConfig: parseJsonObject(generation, 'generation_config.json') } : {}),
    tensors,
    checkpoint: index ? SHARD_INDEX_FILE : 'model.safetensors',
    checks,
  });
  const tokenizerFiles = new Map([...files].filter(([name]) => !HF_MODEL_FILES.includes(name) && !name.endsWith('.safetensors')));
  return { config, weights, tokenizerFiles };
}

/**
 * A GGUF checkpoint; its own metadata is the tokenizer unless one was given explicitly (source.tokenizer).
 * Other files beside it are ignored, as a Hugging Face folder ignores its README. The chat template and special
 * tokens reach src/chat as a tokenizer_config.json, as they would from a HF folder.
 */
function* loadGgufFiles(source: Extract<ModelFiles, { format: 'gguf' }>, checks: TensorChecks): Steps<LoadedModel> {
  const { checkpoint, files } = source;
  // Its first bytes where it is left on disk (source.onDisk): the metadata, all a tokenizer reads.
  const bytes = files.get(checkpoint);
  if (!bytes) throw new WeightFormatError(`GGUF checkpoint ${checkpoint} was not provided`);
  const gguf = source.onDisk ? parseGguf(source.onDisk, checkpoint, bytes) : parseGguf(bytes, checkpoint);
  const { config, weights } = yield* loadingGguf(gguf, checkpoint, checks);
  if (source.tokenizer === undefined) return { config, weights, ...ggufTokenizerFiles(checkpoint, bytes, gguf.metadata) };
  const given = files.get(source.tokenizer);
  if (!given) throw new TokenizerFormatError(`the tokenizer ${source.tokenizer} given for ${checkpoint} was not provided`);
  // A GGUF given as the tokenizer brings its chat template and special tokens, as the checkpoint's own would.
  const givenMetadata = ggufMetadataOrUndefined(given, source.tokenizer);
  if (givenMetadata?.has('tokenizer.ggml.model')) return { config, weights, ...ggufTokenizerFiles(source.tokenizer, given, givenMetadata) };
  // Another file (a tokenizer.json) brings none: the checkpoint's own chat template and special
  // tokens (named by their text, which the given vocabulary reads) still hold, where its metadata
  // says them whole.
  const alone = { config, weights, tokenizerFiles: new Map([[source.tokenizer, given]]) };
  let own;
  try {
    own = ggufTokenizerFiles(checkpoint, bytes, gguf.metadata);
  } catch (e) {
    if (e instanceof TokenizerFormatError) return alone; // the tokenizer given stands in for what is wrong there
    throw e;
  }
  own.tokenizerFiles.delete(checkpoint);
  return { ...alone, ...own, tokenizerFiles: new Map([...alone.tokenizerFiles, ...own.tokenizerFiles]) };
}

/** A tokenizer file, and for a GGUF one holding a tokenizer its special tokens and chat template as a tokenizer_config.json. */
function ggufTokenizerFiles(name: string, bytes: Uint8Array, metadata: Map<string, GgufEntry> | undefined): Pick<LoadedModel, 'tokenizerFiles' | 'chatTemplateSource'> {
  const tokenizerFiles = new Map([[name, bytes]]);
  // Without tokenizer.ggml.model the file holds no tokenizer: building one from it then fails naming the key.
  if (!metadata?.has('tokenizer.ggml.model')) return { tokenizerFiles };
  tokenizerFiles.set('tokenizer_config.json', new TextEncoder().encode(JSON.stringify(ggufTokenizerConfig(metadata, name))));
  return { tokenizerFiles, chatTemplateSource: `${name}'s tokenizer.chat_template` };
}

/** A GGUF file's metadata; undefined for any other file, or a GGUF one that does not parse (building its tokenizer then says why). */
function ggufMetadataOrUndefined(bytes: Uint8Array, name: string): Map<string, GgufEntry> | undefined {
  if (kindByMagic(bytes) !== 'gguf') return undefined;
  try {
    return parseGgufMetadata(bytes, name);
  } catch {
    return undefined;
  }
}
