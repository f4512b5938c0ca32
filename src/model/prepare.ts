// Everything a load does before the GPU: parse the checkpoint and config, check the shape is one
// the kernels run, convert the weights to the dtype asked for (convert.ts), build the tokenizer
// and check it fits the model, find the chat template. Pure
// host work on bytes already read, so the loader fuzz suite (tests/fuzz/) runs it without a GPU.

import { checkChatTemplate, findChatTemplate, type ChatTemplateInfo } from '../chat/index.js';
import { ChatTemplateError, NoChatTemplateError, TokenizerFormatError } from '../errors.js';
import { readsAsLlama2cTokenizer, tokenizerFileOf, tokenizerFromFiles } from '../tokenizer/index.js';
import type { Tokenizer } from '../tokenizer/types.js';
import type { StoredTensor, WeightDType } from '../quant/formats.js';
import { checkSupported, type HostTensor, type ModelConfig } from './config.js';
import { convertingWeights, type ConvertProgress } from './convert.js';
import type { ModelFiles } from './source.js';
import { runSteps, type Steps } from './time-slices.js';
import { loadingModel } from './weights/index.js';

export interface PreparedModel<T extends StoredTensor = StoredTensor> {
  config: ModelConfig;
  weights: Map<string, T>;
  /** Matrices stored in another dtype than the one asked for, and why (convertWeights). */
  dtypeNotes: string[];
  tokenizer: Tokenizer;
  /** The chat template; absent when there is none, the error when one is named but unusable (chat() throws it, generate() works). */
  chatTemplate?: ChatTemplateInfo | NoChatTemplateError;
}

/**
 * Parses and checks a model's files, converting the weights to `dtype` (default: as the file
 * stores them; 'f32' types them as HostTensor, for training), at once: preparingModel's steps run
 * to their end (a checkpoint read for training, and the tests); throws the loaders' and
 * tokenizers' specific errors, and a RangeError naming the dtypes for an unknown one.
 */
export function prepareModel(files: ModelFiles, dtype: 'f32'): PreparedModel<HostTensor>;
export function prepareModel(files: ModelFiles, dtype?: WeightDType): PreparedModel;
export function prepareModel(files: ModelFiles, dtype?: WeightDType): PreparedModel {
  return runSteps(preparingModel(files, dtype));
}

/**
 * prepareModel as steps (time-slices.ts), a tensor checked or converted a step: run in slices of
 * the event loop's time, a large model's seconds of checks and conversion hold the thread a slice
 * at a time, and an abort stops them at the next turn. Each tensor converted is reported to `onConvert`.
 */
export function* preparingModel(files: ModelFiles, dtype?: WeightDType, onConvert?: (p: ConvertProgress) => void): Steps<PreparedModel> {
  refuseTokenizerAsCheckpoint(files);
  const loaded = yield* loadingModel(files); // a .bin that is no checkpoint (a zip, random bytes) is named here, before its tokenizer is asked for
  const { config, tokenizerFiles } = loaded;
  if (files.format === 'llama2c' && tokenizerFiles.size === 0) {
    throw new TokenizerFormatError(`${files.checkpoint} is a llama2.c checkpoint, which holds no tokenizer: a tokenizer file (tokenizer.bin) is needed, given as LoadOptions.tokenizer`);
  }
  checkSupported(config, files.format === 'gguf' ? `${files.checkpoint}'s metadata` : undefined);
  // The tokenizer before the conversion: a wrong one fails at once, not after seconds of quantizing.
  const tokenizerFile = tokenizerFileOf(tokenizerFiles, config);
  const tokenizer = tokenizerFromFiles(tokenizerFiles, config, tokenizerFile);
  checkTokenizerFits(tokenizer, config, tokenizerFile);
  yield; // a step of its own: a large vocabulary's tokenizer takes a second to build
  const { weights, notes: dtypeNotes } = yield* convertingWeights(loaded.weights, dtype, onConvert);
  const chatTemplate = chatTemplateOf(tokenizerFiles, loaded.chatTemplateSource);
  return { config, weights, dtypeNotes, tokenizer, ...(chatTemplate ? { chatTemplate } : {}) };
}

/** A llama2.c tokenizer.bin given as the checkpoint (alone, or swapped with the checkpoint as the tokenizer): say where it goes. */
function refuseTokenizerAsCheckpoint(files: ModelFiles): void {
  if (files.format !== 'llama2c' || !readsAsLlama2cTokenizer(files.files.get(files.checkpoint)!)) return;
  throw new TokenizerFormatError(`${files.checkpoint} is a llama2.c tokenizer, not a checkpoint: give the checkpoint (the model's .bin) as the model, and this file as LoadOptions.tokenizer`);
}

/**
 * A template that exists but cannot be used (a named list without 'default', an empty one, one that
 * does not parse) fails chat(), not the load, and info().chat is false, so the CLI says so at once.
 */
function chatTemplateOf(files: ReadonlyMap<string, Uint8Array>, configSource: string | undefined): ChatTemplateInfo | NoChatTemplateError | undefined {
  try {
    const info = findChatTemplate(files, configSource === undefined ? {} : { configSource });
    if (info && info.template.trim() === '') return new NoChatTemplateError(`the chat template from ${info.source} is empty`);
    if (info) checkChatTemplate(info.template, info.source);
    return info;
  } catch (e) {
    if (e instanceof NoChatTemplateError) return e;
    if (e instanceof ChatTemplateError) return new NoChatTemplateError(e.message);
    throw e;
  }
}

/**
 * Throws unless every id the tokenizer can produce has a row in the model, and the tokenizer is the
 * model's: a llama2.c checkpoint's rows are its tokenizer's exactly; elsewhere a model pads its
 * rows by a few percent (GPT-2's 50257 tokens in 50304 rows, Phi-2's 50295 in 51200), so a
 * tokenizer covering under a quarter of them is another model's, whose ids would read as garbage.
 * (The bound leaves room for a tokenizer borrowed on purpose: the bench's Llama-shaped random
 * models read GPT-2's 50257 tokens with 128256 rows.)
 */
function checkTokenizerFits(tokenizer: Tokenizer, config: ModelConfig, file: string): void {
  const tokens = tokenizer.vocabSize;
  const rows = config.vocabSize;
  if (tokens > rows) throw new TokenizerFormatError(`${file} has ${tokens} tokens but the model only ${rows} rows: they do not belong together`);
  if (config.modelType === 'llama2c' && tokens !== rows) {
    throw new TokenizerFormatError(`${file} has ${tokens} tokens but this llama2.c checkpoint ${rows} rows, one per token of its own tokenizer: they do not belong together`);
  }
  if (tokens < rows / 4) {
    throw new TokenizerFormatError(`${file} has ${tokens} tokens for the model's ${rows} rows: a model pads its vocabulary by a few percent, so they do not belong together`);
  }
}
