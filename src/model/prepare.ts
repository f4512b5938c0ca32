// Everything a load does before the GPU: parse the checkpoint and config, check the shape is one
// the kernels run, build the tokenizer and check it fits the model, find the chat template. Pure
// host work on bytes already read, so the loader fuzz suite (tests/fuzz/) runs it without a GPU.

import { findChatTemplate, type ChatTemplateInfo } from '../chat/index.js';
import { NoChatTemplateError, TokenizerFormatError } from '../errors.js';
import { tokenizerFromFiles } from '../tokenizer/index.js';
import type { Tokenizer } from '../tokenizer/types.js';
import { checkSupported, type ModelConfig, type WeightMap } from './config.js';
import type { ModelFiles } from './source.js';
import { loadModel } from './weights/index.js';

export interface PreparedModel {
  config: ModelConfig;
  weights: WeightMap;
  tokenizer: Tokenizer;
  /** The chat template; absent when there is none, the error when one is named but unusable (chat() throws it, generate() works). */
  chatTemplate?: ChatTemplateInfo | NoChatTemplateError;
}

/** Parses and checks a model's files; throws the loaders' and tokenizers' specific errors. */
export function prepareModel(files: ModelFiles): PreparedModel {
  const { config, weights, tokenizerFiles } = loadModel(files);
  checkSupported(config);
  const tokenizer = tokenizerFromFiles(tokenizerFiles, config);
  checkTokenizerFits(tokenizer, config, [...tokenizerFiles.keys()].find((name) => /tokenizer/.test(name)) ?? 'the tokenizer');
  const chatTemplate = chatTemplateOf(tokenizerFiles);
  return { config, weights, tokenizer, ...(chatTemplate ? { chatTemplate } : {}) };
}

/** A template that exists but cannot be used (a named list without 'default') fails chat(), not the load. */
function chatTemplateOf(files: ReadonlyMap<string, Uint8Array>): ChatTemplateInfo | NoChatTemplateError | undefined {
  try {
    return findChatTemplate(files);
  } catch (e) {
    if (e instanceof NoChatTemplateError) return e;
    throw e;
  }
}

/** Throws unless every id the tokenizer can produce has a row in the model. */
export function checkTokenizerFits(tokenizer: Tokenizer, config: ModelConfig, file: string): void {
  if (tokenizer.vocabSize > config.vocabSize) {
    throw new TokenizerFormatError(`${file} has ${tokenizer.vocabSize} tokens but the model only ${config.vocabSize} rows: they do not belong together`);
  }
}
