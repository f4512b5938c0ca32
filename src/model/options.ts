// Generation options: their types and the one function that validates them, used by
// model.generate()/chat() and by the CLI (which passes its flag names so messages name flags).
// No generation here (generation.ts).

import { describe, show } from '../value-words.js';

export interface GenerateOptions {
  /** Tokens to generate at most (default 128). */
  maxTokens?: number;
  /** 0 = greedy (default 1). */
  temperature?: number;
  /** Keep the k most likely tokens, and any tied with the k-th (0 = off): topK 1 is greedy only where the top logit has no tie (temperature 0 always is). */
  topK?: number;
  /** Keep the likeliest tokens until their mass reaches this: the one crossing it kept, and any tied with it (1 = off). */
  topP?: number;
  /** Keep tokens at least this fraction as likely as the best (0 = off). */
  minP?: number;
  /**
   * > 1 makes tokens already in the context less likely (1 = off): the prompt's and those generated
   * so far; after a context shift, those of the kept half.
   */
  repetitionPenalty?: number;
  /**
   * Added to the logits of these token ids before sampling (after the repetition penalty), as
   * OpenAI's `logit_bias`: `{ [id]: bias }` or a Map. -100 all but bans a token, +100 all but forces
   * it; logprobs are of the biased logits.
   */
  logitBias?: Readonly<Record<number, number>> | ReadonlyMap<number, number>;
  /** Same seed, same text (default: random). */
  seed?: number;
  /** Stop before any of these strings; they are not part of the output. */
  stop?: string[];
  signal?: AbortSignal;
  /**
   * Report the chosen token's log-probability and the top k alternatives at each step: of the
   * distribution after the repetition penalty and logit bias, before temperature and the top-k,
   * top-p and min-p filters (what the model makes of the context, not the draw's odds).
   */
  logprobs?: number;
  /** Keep generating past end-of-sequence tokens (benchmarks). */
  ignoreEos?: boolean;
  /**
   * When the context fills, go on from its most recent half (a leading BOS kept), as llama.cpp's
   * context shift and nanoGPT's cropping do (default true); false stops the run as 'context'.
   */
  contextShift?: boolean;
  /** Prepend the BOS token (default: the tokenizer format's own habit; chat: never, the template has it). */
  bos?: boolean;
}

/** GenerateOptions.maxTokens when none is given. */
export const DEFAULT_MAX_TOKENS = 128;

/** Options checked and defaulted. */
export interface CheckedOptions {
  sampling: {
    temperature: number; topK: number; topP: number; minP: number; repetitionPenalty: number; seed: number;
    /** (id, bias) pairs; absent when none was given (or an empty one). */
    logitBias?: Array<[number, number]>;
  };
  maxTokens: number;
  stops: string[];
  logprobs: number;
  ignoreEos: boolean;
  contextShift: boolean;
  bos?: boolean;
  signal?: AbortSignal;
}

/** The largest finite float32. */
const F32_MAX = 3.4028234663852886e38;
/** Half of a UTF-16 surrogate pair alone: read by code points (u), a whole pair is one and matches no surrogate. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

const KNOWN: ReadonlyArray<keyof GenerateOptions> = [
  'maxTokens', 'temperature', 'topK', 'topP', 'minP', 'repetitionPenalty', 'logitBias', 'seed', 'stop', 'signal', 'logprobs', 'ignoreEos', 'contextShift', 'bos',
];

/**
 * Every call's options are checked alike: a TypeError unless `o` is an object (not an array), and a
 * RangeError naming an option `what` does not take (a misspelt one is never ignored).
 */
export function checkOptionNames(o: unknown, what: string, known: readonly string[]): void {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new TypeError(`${what} options must be an object, got ${describe(o)}`);
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) throw new RangeError(`unknown ${what} option "${key}" (known: ${known.join(', ')})`);
  }
}

/** `o` without those of `names` given as undefined (absent), for a name check whose list leaves them out; anything but a plain object as it is. */
export function withoutUndefined(o: unknown, names: readonly string[]): unknown {
  if (names.length === 0 || typeof o !== 'object' || o === null || Array.isArray(o)) return o;
  return Object.fromEntries(Object.entries(o).filter(([name, v]) => !(v === undefined && names.includes(name))));
}

/** tokenize()'s options, checked as generate()'s are: an object whose one option, bos, is true or false. */
export function checkTokenizeOptions(o: { bos?: boolean }): void {
  checkOptionNames(o, 'tokenize', ['bos']);
  if (o.bos !== undefined && typeof o.bos !== 'boolean') throw new RangeError(`bos must be true or false, got ${describe(o.bos)}`);
}

/** Token ids as logits() and inspect() take them: an array, or an integer typed array (a result's top.ids). */
export type TokenIds = readonly number[] | Uint32Array | Int32Array;

/** `ids` as an array where it is an integer typed array; anything else as it is, for the caller's own check. */
export function asIdArray<T>(ids: T): T | number[] {
  return ids instanceof Uint32Array || ids instanceof Int32Array ? Array.from(ids) : ids;
}

/** What model.logits() takes besides the ids. */
export interface LogitsOptions {
  /** Stops the run before it starts or between prefill passes; the call rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** logits() options checked as tokenize()'s are: an object of known keys, the signal an AbortSignal. */
export function checkLogitsOptions(o: LogitsOptions): LogitsOptions {
  checkOptionNames(o, 'logits', ['signal']);
  if (o.signal !== undefined && !isAbortSignal(o.signal)) throw new RangeError(`logits option signal must be an AbortSignal, got ${describe(o.signal)}`);
  return o;
}

/**
 * Validates every option up front and fills in defaults; throws a RangeError naming the option
 * (as `nameOf` spells it) and its allowed range. `vocabSize`, when known, bounds logprobs.
 */
export function checkGenerateOptions(
  o: GenerateOptions,
  limits: { vocabSize?: number } = {},
  nameOf: (option: keyof GenerateOptions) => string = (option) => option,
): CheckedOptions {
  checkOptionNames(o, 'generation', KNOWN);
  const need = (ok: boolean, option: keyof GenerateOptions, range: string, v: unknown) => {
    if (!ok) throw new RangeError(`${nameOf(option)} must be ${range}, got ${Array.isArray(v) ? show(v) : describe(v)}`);
  };
  const { maxTokens = DEFAULT_MAX_TOKENS, temperature = 1, topK = 0, topP = 1, minP = 0, repetitionPenalty = 1, logprobs = 0, stop = [], ignoreEos = false, contextShift = true } = o;
  // Past 2^53 a count of tokens no longer counts one at a time: such a number means "without end", which no run is.
  const tooLarge = Number.isInteger(maxTokens) && maxTokens > Number.MAX_SAFE_INTEGER;
  need(Number.isSafeInteger(maxTokens) && maxTokens >= 1, 'maxTokens', tooLarge ? 'a positive integer of at most 2^53 - 1' : 'a positive integer', maxTokens);
  // The sampler takes both as float32: past its largest finite value they would become infinity.
  // Said by the side it misses: "in [0, 3.4e38]" told a demo's reader of -1 nothing they could use.
  const overF32 = typeof temperature === 'number' && temperature > F32_MAX;
  need(typeof temperature === 'number' && temperature >= 0 && !overF32, 'temperature', overF32 ? 'at most 3.4e38, the largest float32' : 'a number of 0 (greedy) or more', temperature);
  need(Number.isInteger(topK) && topK >= 0, 'topK', 'an integer >= 0 (0 = off)', topK);
  // typeof first: a comparison alone takes "0.9", true and [0.5] as numbers.
  need(typeof topP === 'number' && topP > 0 && topP <= 1, 'topP', 'in (0, 1] (1 = off)', topP);
  need(typeof minP === 'number' && minP >= 0 && minP <= 1, 'minP', 'in [0, 1] (0 = off)', minP);
  // Below float32's smallest normal a GPU may read the penalty as 0, and a logit of 0 as 0 / 0.
  // Said by the side it misses, as temperature is: "[2^-126, 3.4e38]" asked the reader to work out which end.
  const penaltyRange = typeof repetitionPenalty !== 'number' || !(repetitionPenalty > 0) ? 'a positive number (1 = off, above 1 discourages repeats)' : repetitionPenalty > F32_MAX ? 'at most 3.4e38, the largest float32' : "at least 1.2e-38, float32's smallest normal";
  need(typeof repetitionPenalty === 'number' && repetitionPenalty >= 2 ** -126 && repetitionPenalty <= F32_MAX, 'repetitionPenalty', penaltyRange, repetitionPenalty);
  const logitBias = checkLogitBias(o.logitBias, limits.vocabSize, nameOf('logitBias'));
  const maxLogprobs = limits.vocabSize ?? Number.MAX_SAFE_INTEGER;
  need(Number.isInteger(logprobs) && logprobs >= 0 && logprobs <= maxLogprobs, 'logprobs', `an integer in [0, ${limits.vocabSize ?? 'V'}]`, logprobs);
  need(Array.isArray(stop) && stop.every((x) => typeof x === 'string' && x.length > 0), 'stop', 'an array of non-empty strings', stop);
  // Half of a UTF-16 pair would match inside a character, and a piece would carry the other half alone.
  need(stop.every((x) => !LONE_SURROGATE.test(x)), 'stop', 'an array of strings of whole characters (one holds half of a UTF-16 surrogate pair)', stop);
  need(typeof ignoreEos === 'boolean', 'ignoreEos', 'true or false', ignoreEos);
  need(typeof contextShift === 'boolean', 'contextShift', 'true or false', contextShift);
  need(o.bos === undefined || typeof o.bos === 'boolean', 'bos', 'true or false', o.bos);
  need(o.signal === undefined || isAbortSignal(o.signal), 'signal', 'an AbortSignal', o.signal);
  const seed = o.seed === undefined ? Math.floor(Math.random() * 2 ** 32) : o.seed; // null is no seed: refused below
  need(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32, 'seed', 'an integer in [0, 2^32)', seed);
  return {
    sampling: { temperature, topK, topP, minP, repetitionPenalty, seed, ...(logitBias ? { logitBias } : {}) },
    maxTokens,
    stops: stop,
    logprobs,
    ignoreEos,
    contextShift,
    bos: o.bos,
    signal: o.signal,
  };
}

/**
 * logitBias as (id, bias) pairs: an object's keys are ids written as integers ("42"), a Map's are
 * integers; ids below `vocabSize` when it is known; biases finite float32 values (past them the
 * sum would read as infinity). undefined for none or an empty one.
 */
function checkLogitBias(bias: GenerateOptions['logitBias'], vocabSize: number | undefined, name: string): Array<[number, number]> | undefined {
  if (bias === undefined) return undefined;
  const isMap = bias instanceof Map;
  if (!isMap && (typeof bias !== 'object' || bias === null || Array.isArray(bias))) {
    throw new RangeError(`${name} must be an object or a Map of token id -> bias, such as { 50256: -100 }, got ${describe(bias)}`);
  }
  const entries: Array<[unknown, unknown]> = isMap ? [...(bias as ReadonlyMap<unknown, unknown>)] : Object.entries(bias);
  const ids = vocabSize === undefined ? 'an integer >= 0' : `an integer in [0, ${vocabSize})`;
  const pairs = entries.map(([key, value]): [number, number] => {
    const id = isMap ? key : /^(0|[1-9]\d*)$/.test(key as string) ? Number(key) : NaN;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0 || (vocabSize !== undefined && id >= vocabSize)) {
      throw new RangeError(`${name}: each key must be a token id, ${ids}, got ${describe(key)}`);
    }
    if (typeof value !== 'number' || !(Math.abs(value) <= F32_MAX)) {
      // An infinity is the natural way to ask for a ban (or to force a token), so the message says how to write one.
      const range = typeof value === 'number' && Number.isFinite(value) ? 'within ±3.4e38, the largest float32'
        : value === Infinity ? 'a finite number (+100 all but forces a token)' : value === -Infinity ? 'a finite number (-100 all but bans a token)' : 'a finite number';
      throw new RangeError(`${name}[${id}] must be ${range}, got ${describe(value)}`);
    }
    return [id, value];
  });
  return pairs.length > 0 ? pairs : undefined;
}

/** Whether `v` acts as an AbortSignal: read (aborted, reason) and listened to (the engine worker's client listens). */
export function isAbortSignal(v: unknown): v is AbortSignal {
  return typeof v === 'object' && v !== null && 'aborted' in v && typeof (v as AbortSignal).addEventListener === 'function';
}

/** model.applyChatTemplate()'s options: chat()'s render flags and bos. */
export const CHAT_TEMPLATE_OPTIONS = ['addGenerationPrompt', 'continueFinalMessage', 'templateVariables', 'bos'] as const;

/** How chat() renders the conversation (RenderChatOptions' two flags and its extra variables). */
export interface ChatRenderFlags {
  addGenerationPrompt: boolean;
  continueFinalMessage: boolean;
  templateVariables?: Record<string, unknown>;
}

// The variables chat() sets itself (transformers would raise a TypeError for them as keyword arguments).
const SET_BY_CHAT = ['messages', 'add_generation_prompt'];

/**
 * A chat() call's options split: the render flags (continueFinalMessage default false,
 * addGenerationPrompt default its opposite; each a RangeError unless a boolean, both true a
 * RangeError) and the generate options, for checkGenerateOptions. A TypeError for options that are no object.
 */
export function splitChatOptions(o: GenerateOptions & Partial<ChatRenderFlags>): ChatRenderFlags & { rest: GenerateOptions } {
  checkOptionNames(o, 'chat', [...KNOWN, 'addGenerationPrompt', 'continueFinalMessage', 'templateVariables']);
  const { continueFinalMessage = false, addGenerationPrompt = !continueFinalMessage, templateVariables, ...rest } = o;
  if (templateVariables !== undefined) {
    if (typeof templateVariables !== 'object' || templateVariables === null || Array.isArray(templateVariables)) {
      throw new TypeError(`templateVariables must be an object of the template's variables (tools, documents, date_string, ...), got ${describe(templateVariables)}`);
    }
    const taken = SET_BY_CHAT.find((name) => Object.hasOwn(templateVariables, name));
    if (taken) throw new RangeError(`templateVariables.${taken} is set by chat() itself: give it as ${taken === 'messages' ? 'the messages' : 'addGenerationPrompt'}`);
  }
  if (typeof continueFinalMessage !== 'boolean') throw new RangeError(`continueFinalMessage must be true or false, got ${describe(continueFinalMessage)}`);
  if (typeof addGenerationPrompt !== 'boolean') throw new RangeError(`addGenerationPrompt must be true or false, got ${describe(addGenerationPrompt)}`);
  if (continueFinalMessage && addGenerationPrompt) {
    throw new RangeError('continueFinalMessage and addGenerationPrompt cannot both be true: the prompt goes on with the last message, or opens a new turn');
  }
  return { addGenerationPrompt, continueFinalMessage, ...(templateVariables === undefined ? {} : { templateVariables }), rest };
}
