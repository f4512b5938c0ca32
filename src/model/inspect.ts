// model.inspect(): what a model computes on an input, read off the GPU: the next-token
// distribution and its top k at every position, attention maps per layer and head, the residual
// stream, the logit lens and rows of the embedding matrix. Here: the options and result types, the
// one function that checks options, and the assembly of a result from Transformer.inspect's passes.
// The GPU side: inspect-capture.ts and forward.ts (taps); CPU reference: src/reference/inspect.ts;
// tests: tests/model/inspect.test.ts.

import type { Tokenizer } from '../tokenizer/types.js';
import type { ModelConfig } from './config.js';
import type { InspectSink } from './inspect-capture.js';
import { checkLogitRows, logNormalizer, logProbability, tokenTexts, TopTokensBuilder, type LogNormalizer, type TopTokens } from './distribution.js';
import { asIdArray, checkOptionNames, isAbortSignal, type TokenIds } from './options.js';
import type { Transformer } from './transformer.js';
import { describe, show } from '../value-words.js';

export type { TopTokens };

/** What model.inspect() computes besides the input's tokens; everything but `top` is off by default. */
export interface InspectOptions {
  /** Most likely next tokens reported per position, in `top` (default 10, or V if fewer; 0: none). */
  topK?: number;
  /** The full next-token distribution at every position, `distribution` (T, V). */
  distribution?: boolean;
  /**
   * Attention weights, `attention`: true for every layer's, or the layers listed (0-based, each
   * once, as an array, a Uint32Array or an Int32Array; in `attentionLayers`), whose maps alone are computed, read back and counted against
   * MAX_INSPECT_BYTES: a view of one layer pays for that layer.
   */
  attention?: boolean | readonly number[] | Uint32Array | Int32Array;
  /**
   * With `attention`: the query heads of each map, listed as its layers are (default every head;
   * in `attentionHeads`): only they are read back and counted against MAX_INSPECT_BYTES, so one
   * head's maps fit a longer input. The GPU still computes every head, as attention needs them.
   */
  attentionHeads?: readonly number[] | Uint32Array | Int32Array;
  /** The residual stream: the input embedding and the stream after each layer, `hiddenStates`. */
  hiddenStates?: boolean;
  /** The logit lens, `logitLens`: true for the topK most likely tokens of every layer's residual stream, a number for that many. */
  logitLens?: boolean | number;
  /** The input tokens' rows of the token embedding matrix, `embeddings` (T, C). */
  embeddings?: boolean;
  /** These rows of the token embedding matrix, `embeddingRows` (n, C): every id for a map of the vocabulary, in one read-back. */
  embeddingRows?: TokenIds;
  /** Text input only: prepend the BOS token (default: the tokenizer's habit, as generate()). */
  bos?: boolean;
  /** Stops the inspection (before it starts, or between prefill passes); the call rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * What a model computes on T input tokens. Big tensors are typed arrays in row-major order with
 * their shapes given here: C the width, L the layers, NH the query heads (model.config), V the
 * tokenizer's vocabulary (a checkpoint's padding rows beyond it are left out, as generate() does).
 * Row t of a per-position result predicts the token after position t.
 */
export interface InspectResult {
  /** The input's tokens: the ids as given, or the text encoded as generate() encodes it. */
  ids: number[];
  /** (T) each token's text piece as streaming decoding gives it: together, the decoded input. */
  tokens: string[];
  /** Size of the vocabulary the probabilities cover. */
  V: number;
  /** The topK most likely next tokens at every position (k = 0 when topK is 0). */
  top: TopTokens;
  /** (T, V) next-token probabilities, each row the softmax of that position's logits. */
  distribution?: Float32Array;
  /**
   * One entry per layer of attentionLayers, in its order: that layer's attention weights (H, T, T)
   * for the H heads of attentionHeads: [i, t, s] is how much query position t of head
   * attentionHeads[i] attends to key position s. Causal: 0 for s > t; each row sums to 1. Heads
   * sharing a KV head (GQA) have their own weights.
   */
  attention?: Float32Array[];
  /** The layers `attention` holds, in its order: 0 .. L - 1 for `attention: true`, else as listed. */
  attentionLayers?: number[];
  /** The query heads each entry of `attention` holds, in its order: 0 .. NH - 1 unless `attentionHeads` listed some. */
  attentionHeads?: number[];
  /**
   * L + 1 entries of the residual stream (T, C): entry 0 the input embedding (token embedding plus
   * the learned position embedding, for models that have one), entry l + 1 the stream after layer l.
   */
  hiddenStates?: Float32Array[];
  /**
   * L + 1 entries, one per entry of hiddenStates: that residual stream through the final norm and
   * the unembedding, as top tokens per position. The last entry is the model's own output.
   */
  logitLens?: TopTokens[];
  /** (T, C) the input tokens' rows of the token embedding matrix (no position embedding). */
  embeddings?: Float32Array;
  /** (n, C) the rows options.embeddingRows named, in its order. */
  embeddingRows?: Float32Array;
}

/** Options checked and defaulted; lensK 0: no logit lens. */
interface CheckedInspectOptions {
  topK: number;
  distribution: boolean;
  /** The layers whose attention maps are asked for (none: no maps). */
  attentionLayers: number[];
  /** The query heads of each map (every head unless listed; none without maps). */
  attentionHeads: number[];
  hiddenStates: boolean;
  lensK: number;
  embeddings: boolean;
  embeddingRows: number[];
  bos?: boolean;
  signal?: AbortSignal;
}

const KNOWN: ReadonlyArray<keyof InspectOptions> = ['topK', 'distribution', 'attention', 'attentionHeads', 'hiddenStates', 'logitLens', 'embeddings', 'embeddingRows', 'bos', 'signal'];

/**
 * Validates every option and fills in defaults; throws a RangeError naming the option and its
 * range. `V`: the tokens probabilities cover (bounds topK and a lens's k); `rows`: the embedding
 * matrix's rows (bounds embeddingRows); `L`, `NH`: the model's layers and query heads (bound
 * attention's and attentionHeads').
 */
function checkInspectOptions(o: InspectOptions, V: number, rows: number, L: number, NH: number): CheckedInspectOptions {
  checkOptionNames(o, 'inspect', KNOWN);
  const need = (ok: boolean, option: keyof InspectOptions, range: string, v: unknown) => {
    if (!ok) throw new RangeError(`inspect option ${option} must be ${range}, got ${show(v)}`);
  };
  const flag = (option: 'distribution' | 'hiddenStates' | 'embeddings' | 'bos') => {
    need(o[option] === undefined || typeof o[option] === 'boolean', option, 'true or false', o[option]);
    return o[option] ?? false;
  };
  const { topK = Math.min(10, V), logitLens = false } = o;
  const embeddingRows = asIdArray(o.embeddingRows ?? []) as number[];
  const count = (k: unknown) => Number.isInteger(k) && (k as number) >= 0 && (k as number) <= V;
  need(count(topK), 'topK', `an integer in [0, ${V}]`, topK);
  need(typeof logitLens === 'boolean' || (count(logitLens) && logitLens > 0), 'logitLens', `true, false or an integer in [1, ${V}] (tokens per layer and position)`, logitLens);
  need(Array.isArray(embeddingRows), 'embeddingRows', 'an array of token ids (or a Uint32Array)', embeddingRows);
  const bad = embeddingRows.findIndex((id) => !(Number.isInteger(id) && id >= 0 && id < rows));
  if (bad >= 0) throw new RangeError(`inspect option embeddingRows[${bad}] = ${show(embeddingRows[bad])} is not a row of the embedding matrix: ids are integers in [0, ${rows})`);
  need(o.signal === undefined || isAbortSignal(o.signal), 'signal', 'an AbortSignal', o.signal);
  const lensK = logitLens === true ? topK : logitLens === false ? 0 : logitLens;
  need(logitLens !== true || lensK > 0, 'logitLens', 'a number when topK is 0 (true takes topK tokens per layer)', logitLens);
  const attentionLayers = o.attention === undefined || o.attention === false ? [] : o.attention === true ? upTo(L) : distinctList('attention', o.attention, LAYERS, L);
  if (o.attentionHeads !== undefined && attentionLayers.length === 0) throw new RangeError('inspect option attentionHeads picks heads of the attention maps: ask for them with attention (true, or the layers)');
  const attentionHeads = attentionLayers.length === 0 ? [] : o.attentionHeads === undefined ? upTo(NH) : distinctList('attentionHeads', o.attentionHeads, HEADS, NH);
  return {
    topK, lensK, embeddingRows, attentionLayers, attentionHeads,
    distribution: flag('distribution'), hiddenStates: flag('hiddenStates'), embeddings: flag('embeddings'),
    bos: o.bos === undefined ? undefined : flag('bos'),
    ...(o.signal ? { signal: o.signal } : {}),
  };
}

/** 0 .. n - 1. */
function upTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** What a list of distinct indices counts, in its refusals: `attention` lists layers, `attentionHeads` query heads. */
interface ListedThing { noun: string; plural: string; also: string }
const LAYERS: ListedThing = { noun: 'layer', plural: 'layers', also: 'true, false or ' };
const HEADS: ListedThing = { noun: 'query head', plural: 'query heads', also: '' };

/** `value` as a list of distinct integers in [0, n), each once, in its order (option `option` of `thing`s). */
function distinctList(option: 'attention' | 'attentionHeads', value: unknown, thing: ListedThing, n: number): number[] {
  const list = asIdArray(value as number[]) as readonly unknown[]; // a Uint32Array or Int32Array too, as ids are taken
  if (!Array.isArray(list) || list.length === 0) {
    throw new RangeError(`inspect option ${option} must be ${thing.also}a non-empty array of ${thing.plural} (integers in [0, ${n})), or a Uint32Array or Int32Array of them, got ${show(value)}`);
  }
  const taken: number[] = [];
  for (let i = 0; i < list.length; i++) { // by index: a hole is a missing entry, which forEach would pass over
    const v = list[i];
    if (!(typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < n)) throw new RangeError(`inspect option ${option}[${i}] = ${show(v)} is not a ${thing.noun}: this model's are 0 to ${n - 1}`);
    if (taken.includes(v)) throw new RangeError(`inspect option ${option} lists ${thing.noun} ${v} twice (at ${taken.indexOf(v)} and ${i}): list each once`);
    taken.push(v + 0); // -0 as 0
  }
  return taken;
}

/** The input as ids: text encoded as generate() does, or ids checked against the vocabulary. */
function inputIds(input: string | number[], tokenizer: Tokenizer, V: number, bos: boolean | undefined): number[] {
  if (typeof input === 'string') {
    if (bos === true && tokenizer.bosId === undefined) throw new RangeError('inspect option bos is true, but this model\'s tokenizer has no BOS token: leave it out');
    // Checked here too (a tokenizer larger than the model's vocabulary), before the KV cache is taken over.
    const ids = tokenizer.encode(input, { bos });
    const bad = ids.findIndex((id) => id >= V);
    if (bad >= 0) throw new RangeError(`the text's token ${bad} (id ${ids[bad]}, ${JSON.stringify(tokenizer.decode([ids[bad]]))}) is outside the model's vocabulary of ${V}`);
    return ids;
  }
  if (!Array.isArray(input)) throw new TypeError(`the input must be a string or an array of token ids (or a Uint32Array), got ${describe(input)}`);
  if (bos !== undefined) throw new RangeError('inspect option bos applies to text input only: ids run as given (put the BOS id first to have one)');
  const bad = input.findIndex((id) => !(Number.isInteger(id) && id >= 0 && id < V));
  if (bad >= 0) throw new RangeError(`input[${bad}] = ${show(input[bad])} is not a token id: ids are integers in [0, ${V})`);
  return input;
}

/** Each token's text piece, streamed as generation streams text (a partial UTF-8 character shows with the token that completes it). */
function tokenPieces(ids: number[], tokenizer: Tokenizer): string[] {
  const decoder = tokenizer.createStreamDecoder();
  const pieces = ids.map((id) => decoder.push(id));
  if (pieces.length) pieces[pieces.length - 1] += decoder.flush();
  return pieces;
}

/** The most bytes of distribution, hidden states and attention one inspect() returns: 1 GiB. */
const MAX_INSPECT_BYTES = 2 ** 30;

/**
 * Bytes of one entry of a TopTokens: its id (u32), probability (f32) and the reference to its text
 * in a JS array (the texts themselves are shared, one per id).
 */
const TOP_ENTRY_BYTES = 16;

/**
 * Throws a RangeError before anything runs when the asked-for arrays (bytes of each, named as the
 * result names them) would pass MAX_INSPECT_BYTES; the message names those of at least 1 % of it.
 */
function checkResultSize(bytesOf: Partial<Record<keyof InspectResult, number>>, T: number): void {
  const bytes = Object.values(bytesOf).reduce((a, b) => a + b, 0);
  if (bytes <= MAX_INSPECT_BYTES) return;
  const parts = Object.entries(bytesOf).filter(([, n]) => n >= bytes / 100).map(([name, n]) => `${name} ${(n / 2 ** 20).toFixed(0)} MiB`);
  throw new RangeError(`inspecting ${T} tokens would return ${(bytes / 2 ** 30).toFixed(1)} GiB (${parts.join(', ')}), over the ${MAX_INSPECT_BYTES / 2 ** 30} GiB an inspection may: inspect fewer tokens, or leave the largest off`);
}

/** Whether an inspection runs the model (and so takes the KV cache over): anything but embedding rows is asked for. */
export function inspectRuns(o: CheckedInspectOptions): boolean {
  return o.topK > 0 || o.distribution || o.attentionLayers.length > 0 || o.hiddenStates || o.lensK > 0;
}

/** checkInspectOptions for a model: probabilities cover the ids both the model and its tokenizer have; embedding rows, the model's. */
export function checkInspectOptionsFor(o: InspectOptions, config: Pick<ModelConfig, 'vocabSize' | 'nLayers' | 'nHeads'>, tokenizerVocabSize: number): CheckedInspectOptions {
  return checkInspectOptions(o, Math.min(config.vocabSize, tokenizerVocabSize), config.vocabSize, config.nLayers, config.nHeads);
}

/**
 * Runs model.inspect(): checks everything first (a rejected call disturbs nothing), then takes
 * the KV cache over for one inspecting run when anything but embedding rows is asked for, and
 * gathers the embedding rows.
 */
export async function inspectModel(transformer: Transformer, tokenizer: Tokenizer, input: string | number[], options: InspectOptions): Promise<InspectResult> {
  const c = transformer.config;
  const V = Math.min(c.vocabSize, tokenizer.vocabSize);
  const o = checkInspectOptionsFor(options, c, tokenizer.vocabSize);
  // Counted before encoding, as generate() does: a megabyte of text takes seconds to encode.
  const fewest = typeof input === 'string' ? (tokenizer.fewestTokens?.(input) ?? 0) : 0;
  if (fewest > transformer.maxSeqLen) throw transformer.inputTooLong(fewest, true);
  const ids = inputIds(input, tokenizer, V, o.bos);
  const T = ids.length;
  if (T === 0) throw new RangeError('the input is empty (text that encodes to no tokens and no BOS): give at least one token');
  if (T > transformer.maxSeqLen) throw transformer.inputTooLong(T);
  const { dim: C, nLayers: L, vocabSize: rowV } = c;
  const { attentionLayers, attentionHeads } = o;
  const H = attentionHeads.length;
  // The top tokens count too: topK and a lens's k reach V, and a lens is L + 1 of them.
  checkResultSize({
    top: TOP_ENTRY_BYTES * T * o.topK, distribution: o.distribution ? 4 * T * V : 0, attention: 4 * attentionLayers.length * H * T * T,
    hiddenStates: o.hiddenStates ? 4 * (L + 1) * T * C : 0, logitLens: TOP_ENTRY_BYTES * (L + 1) * T * o.lensK,
    embeddings: o.embeddings ? 4 * T * C : 0, embeddingRows: 4 * o.embeddingRows.length * C,
  }, T);
  const textOf = tokenTexts(tokenizer);
  const top = new TopTokensBuilder(T, o.topK, textOf);
  const distribution = o.distribution ? new Float32Array(T * V) : undefined;
  const hiddenStates = o.hiddenStates ? Array.from({ length: L + 1 }, () => new Float32Array(T * C)) : undefined;
  const attention = attentionLayers.length ? attentionLayers.map(() => new Float32Array(H * T * T)) : undefined;
  const lens = o.lensK ? Array.from({ length: L + 1 }, () => new TopTokensBuilder(T, o.lensK, textOf)) : undefined;

  /** Each row of logits (rows, rowV) at positions at..: its first V entries and their normalizer. */
  const eachRow = (at: number, logits: Float32Array, use: (t: number, row: Float32Array, norm: LogNormalizer) => void) => {
    for (let r = 0; r * rowV < logits.length; r++) {
      const row = logits.subarray(r * rowV, r * rowV + V);
      use(at + r, row, logNormalizer(row));
    }
  };
  // The model's own next-token rows, when asked for, are refused broken (NaN probabilities would
  // pass for an answer); hidden states and the lens show what each layer computed, NaN included,
  // which is how one finds the layer where it broke.
  const finalRowsAsked = o.topK > 0 || distribution !== undefined;
  const sink: InspectSink = {
    logits: (at, logits) => finalRowsAsked && eachRow(at, checkLogitRows(logits, rowV, V, at), (t, row, norm) => {
      top.add(t, row, norm);
      if (distribution) for (let i = 0; i < V; i++) distribution[t * V + i] = Math.exp(logProbability(row[i], norm));
    }),
  };
  if (hiddenStates) sink.hidden = (at, slot, states) => hiddenStates[slot].set(states, at * C);
  if (attention) {
    sink.attentionLayers = attentionLayers;
    sink.attentionHeads = attentionHeads;
    sink.attention = (at, slot, probs) => {
      const rows = probs.length / (H * T); // (H, rows, T) -> rows at.. of each head's (T, T)
      for (let i = 0; i < H; i++) attention[slot]!.set(probs.subarray(i * rows * T, (i + 1) * rows * T), (i * T + at) * T);
    };
  }
  if (lens) sink.lens = (at, slot, logits) => eachRow(at, logits, (t, row, norm) => lens[slot].add(t, row, norm));

  o.signal?.throwIfAborted(); // before the KV cache is taken over: a call aborted already disturbs nothing
  if (inspectRuns(o)) {
    const session = transformer.begin();
    try {
      await session.inspect(ids, sink, o.signal);
    } finally {
      session.end();
    }
  }
  // One gather for both; each result gets its own buffer (a worker may transfer it).
  const rows = o.embeddings || o.embeddingRows.length ? await transformer.embeddingRows([...(o.embeddings ? ids : []), ...o.embeddingRows]) : undefined;
  const inputRows = o.embeddings ? T * C : 0;
  return {
    ids: [...ids],
    tokens: tokenPieces(ids, tokenizer),
    V,
    top: top.build(),
    ...(distribution && { distribution }),
    ...(attention && { attention, attentionLayers, attentionHeads }),
    ...(hiddenStates && { hiddenStates }),
    ...(lens && { logitLens: lens.map((b) => b.build()) }),
    ...(rows && o.embeddings && { embeddings: rows.slice(0, inputRows) }),
    ...(rows && o.embeddingRows.length && { embeddingRows: rows.slice(inputRows) }),
  };
}
