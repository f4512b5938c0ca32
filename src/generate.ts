// Sampling options and the streaming generation loop: prompt in, text pieces out, one GPU step
// per token with sampling on the GPU. Not the forward pass (src/model/transformer.ts) and not
// tokenisation (src/tokenizer/). Tests: tests/model/generate.test.ts.

import type { Transformer } from './model/transformer.js';
import type { Tokenizer } from './tokenizer/types.js';

export interface GenerateOptions {
  /** Tokens to generate at most (default 128). */
  maxTokens?: number;
  /** 0 = greedy (default 1). */
  temperature?: number;
  /** Keep the k most likely tokens (0 = off). */
  topK?: number;
  /** Keep the smallest set of likely tokens reaching this mass (1 = off). */
  topP?: number;
  /** Keep tokens at least this fraction as likely as the best (0 = off). */
  minP?: number;
  /** > 1 makes tokens already in the context less likely (1 = off). */
  repetitionPenalty?: number;
  /** Same seed, same text (default: random). */
  seed?: number;
  /** Stop before any of these strings; they are not part of the output. */
  stop?: string[];
  signal?: AbortSignal;
  /** Report the chosen token's log-probability and the top k alternatives at each step. */
  logprobs?: number;
  /** Keep generating past end-of-sequence tokens (benchmarks). */
  ignoreEos?: boolean;
  /** Prepend the BOS token (default: the tokenizer format's own habit). */
  bos?: boolean;
}

export interface TokenLogprob {
  id: number;
  text: string;
  logprob: number;
}

export interface GeneratedPiece {
  /** Text completed by this token (may be empty while a multi-token character is pending). */
  text: string;
  /** The token id generated at this step. */
  id: number;
  logprobs?: { chosen: TokenLogprob; top: TokenLogprob[] };
}

export interface GenerationStats {
  promptTokens: number;
  /** Tokens yielded (an end-of-sequence token that stopped the run is not counted). */
  generatedTokens: number;
  /** Milliseconds from the call (tokenising included) to the first generated token. */
  timeToFirstTokenMs: number;
  prefillTokensPerSecond: number;
  decodeTokensPerSecond: number;
  /** 'superseded': a newer generate() or logits() call on the same model took over its KV cache. */
  stopReason: 'maxTokens' | 'eos' | 'stop' | 'aborted' | 'context' | 'superseded';
}

/** A generation's checked inputs: options validated and the prompt encoded and measured. */
export interface PreparedRun {
  started: number;
  promptIds: number[];
  sampling: ReturnType<typeof checkOptions>['sampling'];
  maxTokens: number;
  stops: string[];
}

/** Validates options and the prompt before anything touches the model; throws RangeErrors. */
export function prepareRun(model: Transformer, tokenizer: Tokenizer, prompt: string, o: GenerateOptions): PreparedRun {
  const started = now();
  const { sampling, maxTokens, stops } = checkOptions(o, Math.min(model.config.vocabSize, tokenizer.vocabSize));
  const promptIds = tokenizer.encode(prompt, { bos: o.bos });
  if (promptIds.length === 0) throw new RangeError('the prompt encodes to no tokens and the tokenizer has no BOS token to start from');
  if (promptIds.length >= model.maxSeqLen) {
    throw new RangeError(`the prompt is ${promptIds.length} tokens, but the context holds ${model.maxSeqLen}: shorten it`);
  }
  return { started, promptIds, sampling, maxTokens, stops };
}

/**
 * Streams generated text for a prepared run; the generator's return value is the run's stats.
 * `isCurrent` turns false when another call took over the model's KV cache: the run then ends.
 */
export async function* generate(
  model: Transformer,
  tokenizer: Tokenizer,
  run: PreparedRun,
  o: GenerateOptions = {},
  isCurrent: () => boolean = () => true,
): AsyncGenerator<GeneratedPiece, GenerationStats> {
  const { started, promptIds, sampling, maxTokens, stops } = run;
  const decoder = tokenizer.createStreamDecoder(promptIds);
  const endIds = new Set([...tokenizer.eosIds, ...model.config.eosTokenIds]);
  let text = '';
  let emitted = 0; // characters of `text` already yielded (held back while a stop string may be forming)
  let generated = 0;
  let firstTokenMs = 0;
  let prefillMs = 0;
  let decodeMs = 0;
  let decodeSteps = 0; // steps after the first, the one that met an end token included
  let stopReason: GenerationStats['stopReason'] = 'maxTokens';
  let input = promptIds;
  const history = [...promptIds];
  while (generated < maxTokens) {
    if (o.signal?.aborted) { stopReason = 'aborted'; break; }
    if (!isCurrent()) { stopReason = 'superseded'; break; }
    if (generated > 0 && model.pos + input.length > model.maxSeqLen) { stopReason = 'context'; break; }
    const stepStart = now();
    const { token, logits } = await model.next(input, { ...sampling, step: generated, history }, {
      logits: o.logprobs !== undefined && o.logprobs > 0,
      startAt: generated === 0 ? 0 : undefined, // a new run starts the KV cache over
    });
    const stepMs = now() - stepStart;
    if (generated === 0) {
      prefillMs = stepMs;
      firstTokenMs = now() - started;
    } else {
      decodeMs += stepMs;
      decodeSteps++;
    }
    history.push(token);
    if (endIds.has(token) && !o.ignoreEos) { stopReason = 'eos'; break; }
    generated++;
    text += decoder.push(token);
    const cut = firstStop(text, stops);
    if (cut >= 0) {
      text = text.slice(0, cut);
      stopReason = 'stop';
    }
    // Hold back a tail that could still grow into a stop string.
    const safe = stopReason === 'stop' ? text.length : text.length - heldBack(text, stops);
    const piece: GeneratedPiece = { text: text.slice(emitted, safe), id: token };
    // Over the tokenizer's ids only: a checkpoint's padding rows are never sampled or decodable.
    if (logits) piece.logprobs = logprobsOf(logits.subarray(0, tokenizer.vocabSize), token, o.logprobs!, tokenizer);
    emitted = Math.max(emitted, safe);
    yield piece;
    if (stopReason === 'stop') break;
    input = [token];
  }
  if (stopReason !== 'stop') {
    const rest = text.slice(emitted) + decoder.flush();
    if (rest) yield { text: rest, id: -1 };
  }
  return {
    promptTokens: promptIds.length,
    generatedTokens: generated,
    timeToFirstTokenMs: firstTokenMs,
    prefillTokensPerSecond: prefillMs > 0 ? (promptIds.length / prefillMs) * 1000 : 0,
    decodeTokensPerSecond: decodeMs > 0 ? (decodeSteps / decodeMs) * 1000 : 0,
    stopReason,
  };
}

/** Validates every option up front, naming the option and its allowed range. */
export function checkOptions(o: GenerateOptions, vocabSize: number) {
  const need = (ok: boolean, name: string, range: string, v: unknown) => {
    if (!ok) throw new RangeError(`${name} must be ${range}, got ${v}`);
  };
  const { maxTokens = 128, temperature = 1, topK = 0, topP = 1, minP = 0, repetitionPenalty = 1, logprobs = 0, stop = [] } = o;
  need(Number.isInteger(maxTokens) && maxTokens >= 1, 'maxTokens', 'a positive integer', maxTokens);
  need(Number.isFinite(temperature) && temperature >= 0, 'temperature', '>= 0 (0 = greedy)', temperature);
  need(Number.isInteger(topK) && topK >= 0, 'topK', 'an integer >= 0 (0 = off)', topK);
  need(topP > 0 && topP <= 1, 'topP', 'in (0, 1] (1 = off)', topP);
  need(minP >= 0 && minP <= 1, 'minP', 'in [0, 1] (0 = off)', minP);
  need(Number.isFinite(repetitionPenalty) && repetitionPenalty > 0, 'repetitionPenalty', '> 0 (1 = off)', repetitionPenalty);
  need(Number.isInteger(logprobs) && logprobs >= 0 && logprobs <= vocabSize, 'logprobs', `an integer in [0, ${vocabSize}]`, logprobs);
  need(Array.isArray(stop) && stop.every((x) => typeof x === 'string' && x.length > 0), 'stop', 'an array of non-empty strings', JSON.stringify(stop));
  const seed = o.seed ?? Math.floor(Math.random() * 2 ** 32);
  need(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32, 'seed', 'an integer in [0, 2^32)', seed);
  return { sampling: { temperature, topK, topP, minP, repetitionPenalty, seed }, maxTokens, stops: stop };
}

function firstStop(text: string, stops: string[]): number {
  let cut = -1;
  for (const s of stops) {
    const i = s ? text.indexOf(s) : -1;
    if (i >= 0 && (cut < 0 || i < cut)) cut = i;
  }
  return cut;
}

/** Length of the longest suffix of text that is a proper prefix of a stop string. */
function heldBack(text: string, stops: string[]): number {
  let hold = 0;
  for (const s of stops) {
    for (let n = Math.min(s.length - 1, text.length); n > hold; n--) {
      if (text.endsWith(s.slice(0, n))) { hold = n; break; }
    }
  }
  return hold;
}

/**
 * Log-probabilities under the model's distribution for this step (softmax of the logits after
 * the repetition penalty, before temperature and filters): the chosen token and the k best.
 */
function logprobsOf(logits: Float32Array, chosen: number, k: number, tokenizer: Tokenizer): { chosen: TokenLogprob; top: TokenLogprob[] } {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  let sum = 0;
  for (const v of logits) sum += Math.exp(v - max);
  const logZ = max + Math.log(sum);
  const entry = (id: number): TokenLogprob => ({ id, text: tokenizer.decode([id]), logprob: logits[id] - logZ });
  return { chosen: entry(chosen), top: topIndices(logits, k).map(entry) };
}

/** Indices of the k largest values, largest first (insertion into a short sorted list: O(V k)). */
function topIndices(values: Float32Array, k: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (top.length === k && values[i] <= values[top[k - 1]]) continue;
    let at = top.length;
    while (at > 0 && values[top[at - 1]] < values[i]) at--;
    top.splice(at, 0, i);
    if (top.length > k) top.pop();
  }
  return top;
}

function now(): number {
  return performance.now();
}
