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
  generatedTokens: number;
  /** Milliseconds from the call to the first generated token. */
  timeToFirstTokenMs: number;
  prefillTokensPerSecond: number;
  decodeTokensPerSecond: number;
  stopReason: 'maxTokens' | 'eos' | 'stop' | 'aborted' | 'context';
}

/** Streams generated text for `prompt`; the generator's return value is the run's stats. */
export async function* generate(model: Transformer, tokenizer: Tokenizer, prompt: string, o: GenerateOptions = {}): AsyncGenerator<GeneratedPiece, GenerationStats> {
  const started = now();
  const promptIds = tokenizer.encode(prompt, { bos: o.bos });
  if (promptIds.length === 0) throw new RangeError('the prompt encodes to no tokens and the tokenizer has no BOS token to start from');
  if (promptIds.length >= model.maxSeqLen) {
    throw new RangeError(`the prompt is ${promptIds.length} tokens, but the context holds ${model.maxSeqLen}: shorten it`);
  }
  const sampling = samplingFrom(o);
  const maxTokens = o.maxTokens ?? 128;
  const decoder = tokenizer.createStreamDecoder(promptIds);
  const stops = o.stop ?? [];
  const endIds = new Set([...tokenizer.eosIds, ...model.config.eosTokenIds]);
  let text = '';
  let emitted = 0; // characters of `text` already yielded (held back while a stop string may be forming)
  let generated = 0;
  let prefillMs = 0;
  let stopReason: GenerationStats['stopReason'] = 'maxTokens';
  model.reset();
  let input = promptIds;
  const history = [...promptIds];
  while (generated < maxTokens) {
    if (o.signal?.aborted) { stopReason = 'aborted'; break; }
    if (model.pos + input.length > model.maxSeqLen) { stopReason = 'context'; break; }
    const stepStart = now();
    const { token, logits } = await model.next(input, { ...sampling, step: generated, repetitionPenalty: sampling.repetitionPenalty, history }, { logits: (o.logprobs ?? 0) > 0 });
    if (generated === 0) prefillMs = now() - stepStart;
    generated++;
    history.push(token);
    if (endIds.has(token) && !o.ignoreEos) { stopReason = 'eos'; break; }
    text += decoder.push(token);
    const cut = firstStop(text, stops);
    if (cut >= 0) {
      text = text.slice(0, cut);
      stopReason = 'stop';
    }
    // Hold back a tail that could still grow into a stop string.
    const safe = stopReason === 'stop' ? text.length : text.length - heldBack(text, stops);
    const piece: GeneratedPiece = { text: text.slice(emitted, safe), id: token };
    if (logits) piece.logprobs = logprobsOf(logits, token, o.logprobs!, tokenizer);
    emitted = Math.max(emitted, safe);
    yield piece;
    if (stopReason === 'stop') break;
    input = [token];
  }
  if (stopReason !== 'stop') {
    const rest = text.slice(emitted) + decoder.flush();
    if (rest) yield { text: rest, id: -1 };
  }
  const total = now() - started;
  return {
    promptTokens: promptIds.length,
    generatedTokens: generated,
    timeToFirstTokenMs: prefillMs,
    prefillTokensPerSecond: prefillMs > 0 ? (promptIds.length / prefillMs) * 1000 : 0,
    decodeTokensPerSecond: generated > 1 ? ((generated - 1) / (total - prefillMs)) * 1000 : 0,
    stopReason,
  };
}

function samplingFrom(o: GenerateOptions) {
  const temperature = o.temperature ?? 1;
  const check = (name: string, v: number, ok: boolean) => { if (!ok) throw new RangeError(`${name} = ${v} is out of range`); };
  check('temperature', temperature, temperature >= 0 && Number.isFinite(temperature));
  check('topK', o.topK ?? 0, Number.isInteger(o.topK ?? 0) && (o.topK ?? 0) >= 0);
  check('topP', o.topP ?? 1, (o.topP ?? 1) > 0 && (o.topP ?? 1) <= 1);
  check('minP', o.minP ?? 0, (o.minP ?? 0) >= 0 && (o.minP ?? 0) <= 1);
  check('repetitionPenalty', o.repetitionPenalty ?? 1, (o.repetitionPenalty ?? 1) > 0);
  return {
    temperature,
    topK: o.topK ?? 0,
    topP: o.topP ?? 1,
    minP: o.minP ?? 0,
    repetitionPenalty: o.repetitionPenalty ?? 1,
    seed: (o.seed ?? Math.floor(Math.random() * 2 ** 32)) >>> 0,
  };
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

function logprobsOf(logits: Float32Array, chosen: number, k: number, tokenizer: Tokenizer): { chosen: TokenLogprob; top: TokenLogprob[] } {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  let sum = 0;
  for (const v of logits) sum += Math.exp(v - max);
  const logZ = max + Math.log(sum);
  const entry = (id: number): TokenLogprob => ({ id, text: tokenizer.decode([id]), logprob: logits[id] - logZ });
  const top = Array.from(logits.keys()).sort((a, b) => logits[b] - logits[a]).slice(0, k);
  return { chosen: entry(chosen), top: top.map(entry) };
}

function now(): number {
  return performance.now();
}
