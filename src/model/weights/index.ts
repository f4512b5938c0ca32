// loadModel: resolved model files (src/model/source.ts) -> normalised config, canonical weights and the
// files the tokenizer needs, dispatching on the checkpoint format. Not file access and not tokenization.
// Tests: tests/model/loaders.test.ts.

import type { ModelConfig, WeightMap } from '../config.js';
import type { ModelFiles } from '../source.js';
import { WeightFormatError } from '../../errors.js';
import { loadHuggingFace } from './huggingface.js';
import { parseJsonObject } from './json.js';
import { loadLlama2c } from './llama2c.js';
import { mergeShards, parseSafetensors, parseShardIndex, SHARD_INDEX_FILE } from './safetensors.js';

export interface LoadedModel {
  config: ModelConfig;
  weights: WeightMap;
  /** tokenizer.json, tokenizer_config.json, ... (HF) or a tokenizer .bin given with a llama2.c checkpoint. */
  tokenizerFiles: Map<string, Uint8Array>;
}

const HF_MODEL_FILES = ['config.json', 'generation_config.json', SHARD_INDEX_FILE];

export function loadModel(source: ModelFiles): LoadedModel {
  const { files } = source;
  if (source.format === 'llama2c') {
    const bytes = files.get(source.checkpoint);
    if (!bytes) throw new WeightFormatError(`llama2.c checkpoint ${source.checkpoint} was not provided`);
    const tokenizerFiles = new Map([...files].filter(([name]) => name !== source.checkpoint));
    return { ...loadLlama2c(bytes, source.checkpoint), tokenizerFiles };
  }
  const configBytes = files.get('config.json');
  if (!configBytes) throw new WeightFormatError('config.json was not provided');
  const generation = files.get('generation_config.json');
  const index = files.get(SHARD_INDEX_FILE);
  const single = files.get('model.safetensors');
  if (!index && !single) throw new WeightFormatError(`neither model.safetensors nor ${SHARD_INDEX_FILE} was provided`);
  const { tensors } = index ? mergeShards(parseShardIndex(index), files) : parseSafetensors(single!);
  const { config, weights } = loadHuggingFace({
    config: parseJsonObject(configBytes, 'config.json'),
    ...(generation ? { generationConfig: parseJsonObject(generation, 'generation_config.json') } : {}),
    tensors,
    checkpoint: index ? SHARD_INDEX_FILE : 'model.safetensors',
  });
  const tokenizerFiles = new Map([...files].filter(([name]) => !HF_MODEL_FILES.includes(name) && !name.endsWith('.safetensors')));
  return { config, weights, tokenizerFiles };
}

export { WeightFormatError, ModelSourceError } from '../../errors.js';
export { loadHuggingFace, SUPPORTED_MODEL_TYPES } from './huggingface.js';
export { loadLlama2c } from './llama2c.js';
export { parseSafetensors, toFloat32 } from './safetensors.js';
