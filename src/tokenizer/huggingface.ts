// Tokenizers from a Hugging Face tokenizer.json (plus optional tokenizer_config.json), run by
// @huggingface/tokenizers; it passes all 46 llama.cpp GPT-2 vectors, so no hand-written BPE.
// Not a trainer, no chat templates, no text pairs. Tests: tests/tokenizer/huggingface.test.ts.

import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import { windowStreamDecoder } from './stream.js';
import { checkId, type Tokenizer, TokenizerFormatError } from './types.js';

type Json = Record<string, unknown>;

// End-of-text markers of common model families: stop tokens when no config names the EOS.
const KNOWN_EOS = ['</s>', '<|endoftext|>', '<|end_of_text|>', '<|eot_id|>', '<|im_end|>', '<eos>', '<end_of_turn>'];

/** Special ids the model's own config.json / generation_config.json name. */
export interface ModelSpecialIds {
  bosId?: number;
  eosIds?: number[];
}

/**
 * Builds a Tokenizer; throws TokenizerFormatError when `json` is not a usable tokenizer.json.
 * BOS comes from tokenizer_config.json, else the model, else the post-processor template;
 * the EOS list is the union of all of them (generation_config.json often names several).
 */
export function fromTokenizerJson(json: string | object, config?: object, modelIds: ModelSpecialIds = {}): Tokenizer {
  const spec = parseSpec(json);
  const cfg = (config ?? {}) as Json;
  let hf: HfTokenizer;
  try {
    // The library insists on these keys; tokenizer.json files written by hand may omit them.
    hf = new HfTokenizer(
      { normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null, added_tokens: [], ...spec },
      cfg,
    );
  } catch (e) {
    throw new TokenizerFormatError(`unsupported tokenizer.json: ${(e as Error).message}`);
  }
  const vocab = hf.model!.vocab;
  // Added tokens (chat markers, end-of-text) may sit past the model vocabulary's ids.
  const added = Array.isArray(spec.added_tokens) ? (spec.added_tokens as Json[]).map((t) => Number(t.id)).filter(Number.isInteger) : [];
  const vocabSize = Math.max(vocab.length, ...added.map((id) => id + 1));
  const idOf = (token: unknown): number | undefined => {
    const content = typeof token === 'object' && token !== null ? (token as Json).content : token;
    return typeof content === 'string' ? hf.token_to_id(content) : undefined;
  };
  const templateBos = idOf(templateFirstSpecial(spec.post_processor));
  const bosId = idOf(cfg.bos_token) ?? modelIds.bosId ?? templateBos;
  const addBos = typeof cfg.add_bos_token === 'boolean' ? cfg.add_bos_token : templateBos !== undefined;
  const eosIds = endIds(hf, [idOf(cfg.eos_token), ...(modelIds.eosIds ?? [])]);

  const decode = (ids: number[]): string => {
    if (ids.length === 0) return ''; // the library throws on []
    for (const id of ids) {
      checkId(id, vocabSize);
      if (vocab[id] === undefined) throw new RangeError(`token id ${id} is a hole in the vocabulary`);
    }
    // No clean-up ("a ." -> "a."): decode must round-trip, and stream pieces must add up to it.
    return hf.decode(ids, { skip_special_tokens: true, clean_up_tokenization_spaces: false });
  };

  return {
    vocabSize,
    ...(bosId === undefined ? {} : { bosId }),
    eosIds,
    encode(text, opts = {}) {
      // BOS only, not the whole post-processor: the interface promises nothing else is added.
      const ids = hf.encode(text, { add_special_tokens: false }).ids;
      if (!(opts.bos ?? addBos)) return ids;
      if (bosId === undefined) throw new Error('this tokenizer has no BOS token');
      return [bosId, ...ids];
    },
    decode,
    createStreamDecoder: (context) => windowStreamDecoder(decode, context),
  };
}

function parseSpec(json: string | object): Json {
  let spec: unknown = json;
  if (typeof json === 'string') {
    try {
      spec = JSON.parse(json);
    } catch (e) {
      throw new TokenizerFormatError(`not a tokenizer.json: invalid JSON (${(e as Error).message})`);
    }
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new TokenizerFormatError('not a tokenizer.json: the JSON is not an object');
  }
  const obj = spec as Json;
  if (typeof obj.model !== 'object' || obj.model === null) {
    throw new TokenizerFormatError(`not a tokenizer.json: no "model" object${guessJson(obj)}`);
  }
  return obj;
}

function guessJson(obj: Json): string {
  if ('tokenizer_class' in obj || 'add_bos_token' in obj) return ' (this looks like tokenizer_config.json)';
  if ('architectures' in obj || 'model_type' in obj) return ' (this looks like a model config.json)';
  return '';
}

/** The token string a TemplateProcessing post-processor puts first, if it starts with one. */
function templateFirstSpecial(processor: unknown): string | undefined {
  const p = processor as Json | null | undefined;
  if (p?.type === 'Sequence') {
    for (const inner of (p.processors as unknown[]) ?? []) {
      const found = templateFirstSpecial(inner);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (p?.type !== 'TemplateProcessing') return undefined;
  const first = (p.single as Json[] | undefined)?.[0]?.SpecialToken as Json | undefined;
  return typeof first?.id === 'string' ? first.id : undefined;
}

function endIds(hf: HfTokenizer, named: (number | undefined)[]): number[] {
  const ids = [...new Set(named.filter((id): id is number => id !== undefined))];
  for (const [id, token] of hf.get_added_tokens_decoder()) {
    if (token.special && KNOWN_EOS.includes(token.content) && !ids.includes(id)) ids.push(id);
  }
  return ids;
}
