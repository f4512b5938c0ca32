// config.json and generation_config.json: a rule for every field the loaders read (and some they do
// not), with the values that would be valid for the pristine models of builders.ts.

import type { Pristine } from './builders.js';
import type { Family } from './family.js';
import { commonFamilies, is, isObj, posFinite, type Rule, shapeBound, unused } from './json.js';
import type { Expect } from './oracle.js';

const SUPPORTED = ['gpt2', 'llama', 'mistral', 'qwen2'];

const validId = (vocab: number) => (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) < vocab;
/** bos/eos: an id in the vocabulary (or a list of them for eos), or null; anything else is damage. */
const tokenIdRules = (vocab: number, invalid: Expect, deleted?: Expect): Rule[] => [
  { key: 'bos_token_id', valid: (v) => v === null || validId(vocab)(v), invalid, near: 1, extra: [vocab, vocab + 7, -1, 1.5, '1', [1]], ...(deleted ? { deleted } : {}) },
  {
    key: 'eos_token_id', valid: (v) => v === null || validId(vocab)(v) || (Array.isArray(v) && v.every(validId(vocab))), invalid, near: 2,
    extra: [vocab, -1, 2.5, '2', [2, 'x'], [2, -1], [2, vocab], [[2]], { id: 2 }], ...(deleted ? { deleted } : {}),
  },
];

function ropeScalingValid(v: unknown): boolean {
  if (v === null) return true;
  if (!isObj(v)) return false;
  const type = v.rope_type ?? v.type;
  if (type === 'default') return true;
  if (type === 'linear') return posFinite(v.factor);
  if (type === 'llama3') return ['factor', 'low_freq_factor', 'high_freq_factor', 'original_max_position_embeddings'].every((k) => posFinite(v[k]));
  return false;
}

function llamaConfigRules(vocab: number): Rule[] {
  const headDim = 4;
  return [
    shapeBound('vocab_size', vocab), shapeBound('hidden_size', 16), shapeBound('intermediate_size', 24),
    shapeBound('num_hidden_layers', 2), shapeBound('num_attention_heads', 4), shapeBound('num_key_value_heads', 2),
    // head_dim absent or null means hidden_size / num_attention_heads = 4: the same.
    { ...shapeBound('head_dim', headDim, 'reject-or-identical'), valid: is(headDim, null) },
    { key: 'max_position_embeddings', valid: (v) => Number.isSafeInteger(v) && (v as number) > 0, invalid: 'reject', deleted: 'reject', extra: [0, -1, 1.5, '32'] },
    // 0 is left out: degenerate but not clearly invalid.
    { key: 'rms_norm_eps', valid: (v) => v === null || v === 0 || posFinite(v), invalid: 'reject', extra: [-1, -1e-5, '1e-5'] },
    { key: 'rope_theta', valid: (v) => v === null || posFinite(v), invalid: 'reject', deleted: 'reject-or-identical', extra: [0, -1, -10000, '10000'] },
    { key: 'model_type', valid: is(...SUPPORTED), invalid: 'reject', deleted: 'reject', extra: ['bert', 'LLAMA', 'llama2c', ''] },
    { key: 'hidden_act', valid: is('silu', null), invalid: 'reject', deleted: 'reject-or-identical', extra: ['gelu', 'relu', 'swiglu'] },
    // true: lm_head.weight would go unused.
    { key: 'tie_word_embeddings', valid: is(false, null), invalid: 'reject', deleted: 'reject-or-identical', extra: [true, 'false', 0] },
    { key: 'attention_bias', valid: is(false, null), invalid: 'reject', deleted: 'reject-or-identical', extra: [true, 'no'] },
    { key: 'mlp_bias', valid: is(false, null), invalid: 'reject', deleted: 'reject-or-identical', extra: [true, 1] },
    // generation_config.json names both ids too, and its values win: config.json's are not used.
    ...tokenIdRules(vocab, 'reject-or-identical', 'reject-or-identical'),
    {
      key: 'partial_rotary_factor', invalid: 'reject', extra: [0, -1, 2, 1.5, '1', 0.1],
      valid: (v) => v === null || (posFinite(v) && (v as number) <= 1 && Math.floor(headDim * (v as number)) % 2 === 0 && Math.floor(headDim * (v as number)) > 0),
    },
    {
      key: 'rope_scaling', valid: ropeScalingValid, invalid: 'reject', deleted: 'reject-or-identical',
      extra: [{ type: 'yarn', factor: 2 }, { type: 'linear' }, { type: 'linear', factor: -1 }, { type: 'linear', factor: '2' }, 'linear',
        { rope_type: 'llama3', factor: 8 }, { rope_type: 'dynamic', factor: 2 }, { type: 'default', factor: 'x' }],
    },
    unused('architectures'), unused('initializer_range'), unused('torch_dtype'), unused('transformers_version'), unused('use_cache'),
  ];
}

function gpt2ConfigRules(vocab: number): Rule[] {
  return [
    shapeBound('vocab_size', vocab), shapeBound('n_embd', 8), shapeBound('n_layer', 2),
    // n_inner absent means 4 * n_embd = 32, n_positions absent falls back to n_ctx = 16: the same.
    { ...shapeBound('n_inner', 32, 'reject-or-identical'), valid: is(32, null) },
    { ...shapeBound('n_positions', 16, 'reject-or-identical'), valid: is(16, null) },
    // Any divisor of n_embd is a valid head count; 1 (head size 8) is another valid model.
    { key: 'n_head', valid: is(1, 2), invalid: 'reject', deleted: 'reject', near: 2, extra: [3, 4, 8, 16, 0] },
    { key: 'layer_norm_epsilon', valid: (v) => v === null || v === 0 || posFinite(v), invalid: 'reject', deleted: 'reject-or-identical', extra: [-1, '1e-5'] },
    { key: 'model_type', valid: is(...SUPPORTED), invalid: 'reject', deleted: 'reject', extra: ['gpt-2', 'GPT2', ''] },
    { key: 'activation_function', valid: is('gelu_new', 'gelu_pytorch_tanh', null), invalid: 'reject', deleted: 'reject-or-identical', extra: ['gelu', 'relu', 'silu'] },
    // false: the checkpoint has no lm_head.weight.
    { key: 'tie_word_embeddings', valid: is(true, null), invalid: 'reject', deleted: 'reject-or-identical', extra: [false, 'true', 1] },
    ...tokenIdRules(vocab, 'reject'),
    unused('architectures'), unused('initializer_range'), unused('transformers_version'), unused('use_cache'), unused('n_ctx'),
  ];
}

export function configFamilies(p: Pristine, scale = 1): Family[] {
  const vocab = p.json.get('config.json')!.vocab_size as number;
  const rules = p.name === 'gpt2' ? gpt2ConfigRules(vocab) : llamaConfigRules(vocab);
  return commonFamilies({ p, file: 'config.json', format: 'config.json' }, rules, scale);
}

export function generationConfigFamilies(p: Pristine, scale = 1): Family[] {
  const vocab = p.json.get('config.json')!.vocab_size as number;
  const rules = [
    // null or absent: config.json's id (the same) is used.
    ...tokenIdRules(vocab, 'reject', 'reject-or-identical'),
    unused('_from_model_config'), unused('transformers_version'), unused('max_length'), unused('temperature'), unused('do_sample'),
  ];
  return commonFamilies({ p, file: 'generation_config.json', format: 'generation_config.json' }, rules, scale);
}
