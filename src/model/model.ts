// A loaded model as users see it: tokenizer plus GPU transformer, with generate(), chat(),
// applyChatTemplate(), tokenize(), logits(), inspect(), info() and dispose(). The model has one KV
// cache: each generate(), chat(), logits() or inspect() call takes it over, and a generation still
// running ends as 'superseded'.
// Loading lives in src/engine.ts; tests: tests/model/generate.test.ts.

import { renderChat, type ChatMessage, type ChatTemplateInfo } from '../chat/index.js';
import { textAfterReply } from '../chat/template.js';
import { ChatTemplateError, ModelDisposedError, NoChatTemplateError, PromptTooLongError } from '../errors.js';
import type { Tokenizer } from '../tokenizer/types.js';
import type { ModelConfig } from './config.js';
import type { WeightSummary } from './convert.js';
import { checkLogitRows } from './distribution.js';
import { abortedBeforeStart, Generation, now, TokenRun } from './generation.js';
import { inspectModel, type InspectOptions, type InspectResult } from './inspect.js';
import { asIdArray, CHAT_TEMPLATE_OPTIONS, checkGenerateOptions, checkLogitsOptions, checkOptionNames, checkTokenizeOptions, splitChatOptions, type ChatRenderFlags, type GenerateOptions, type LogitsOptions, type TokenIds } from './options.js';
import type { Transformer } from './transformer.js';
import { describe } from '../value-words.js';

export interface ModelInfo {
  config: ModelConfig;
  /** Parameters, counting a tied embedding once. */
  parameters: number;
  /** Bytes of weights on the GPU. */
  weightBytes: number;
  /** Tensors in each storage dtype (LoadOptions.dtype); absent for a Model built without a load. */
  weightDTypes?: WeightSummary['weightDTypes'];
  /** Weight bytes each decode token reads: every layer matrix and the output head. */
  bytesPerToken?: number;
  /** Matrices stored in another dtype than LoadOptions.dtype asked for, and why. */
  dtypeNotes?: string[];
  /** Context length the KV cache was allocated for. */
  contextLength: number;
  tokenizerVocabSize: number;
  /** Where the tokenizer departs from what its files ask or leave open, and how (Tokenizer.notes); [] when nowhere. */
  tokenizerNotes: string[];
  /** The checkpoint carries a chat template (model.chat() works). */
  chat: boolean;
  /** The commit a `hf:` source was read at: load `hf:org/name@<commit>` for these same files again. */
  hubCommit?: string;
}

export type { ChatMessage };

/** What model.applyChatTemplate() takes: chat()'s render flags and BOS option. */
export interface ChatTemplateOptions extends Pick<ChatOptions, 'addGenerationPrompt' | 'continueFinalMessage' | 'templateVariables'> {
  /** Prepend the tokenizer's BOS token to the ids (default false: a chat template writes its own). */
  bos?: boolean;
}

/** A conversation as chat() would feed it to the model. */
export interface ChatPrompt {
  /** The chat template's rendering. */
  text: string;
  /** The token ids chat() would prefill. */
  ids: number[];
  /** Whether the ids leave room in the context for at least one reply token (else chat() throws PromptTooLongError). */
  fits: boolean;
}

export interface ChatOptions extends GenerateOptions {
  /** End the prompt with the assistant's turn header (default true), as transformers' add_generation_prompt. */
  addGenerationPrompt?: boolean;
  /**
   * Go on with the last message instead (default false; addGenerationPrompt then defaults to
   * false): a reply begun for the model, as transformers' continue_final_message.
   */
  continueFinalMessage?: boolean;
  /**
   * More variables for the template, as apply_chat_template's keyword arguments: `tools` (a list
   * of JSON schemas), `documents`, `date_string`, or a template's own (`enable_thinking`).
   */
  templateVariables?: Record<string, unknown>;
}

/**
 * A loaded model: generate, chat, logits, inspect, tokenize. Models come from engine.load() (or a
 * trained model's load()); the constructor is the engine's, and its parameters may change.
 */
/** Where a prompt that is no string belongs: token ids to logits() and inspect(), messages to chat(). */
function promptHint(prompt: unknown): string {
  const items: unknown[] = Array.isArray(prompt) ? prompt : ArrayBuffer.isView(prompt) ? [0] : [];
  if (items.length && items.every((x) => typeof x === 'number')) return ' (token ids go to logits() and inspect())';
  if (items.length && items.every((x) => typeof x === 'object' && x !== null && 'role' in x)) return ' (messages go to chat())';
  return '';
}

export class Model {
  /** @internal */
  constructor(
    private readonly transformer: Transformer,
    readonly tokenizer: Tokenizer,
    private readonly sizes: Pick<WeightSummary, 'parameters' | 'weightBytes'> & Partial<WeightSummary>,
    /** The checkpoint's chat template (tokenizer_config.json or chat_template.jinja), or why it is unusable. */
    private readonly chatTemplate?: ChatTemplateInfo | NoChatTemplateError,
    private readonly hubCommit?: string,
  ) {}

  /** turnEndId's answer; null until it is asked. */
  private turnEnd: number | undefined | null = null;

  get config(): ModelConfig {
    return this.transformer.config;
  }

  /**
   * Generates a continuation of `prompt`. Options and prompt are checked now; an error surfaces
   * when the Generation is consumed (a rejected call disturbs nothing). A valid call takes the KV
   * cache over from any generation still running.
   */
  generate(prompt: string, options: GenerateOptions = {}): Generation {
    return this.start(prompt, options);
  }

  /**
   * generate(), keeping the tokens of `keepText` (a start of `prompt`) through every context shift;
   * `chat`: a chat template's prompt (promptIds).
   */
  private start(prompt: string, options: GenerateOptions, keepText?: string, chat = false): Generation {
    const started = now();
    try {
      this.checkAlive('generate');
      if (typeof prompt !== 'string') throw new TypeError(`the prompt must be a string, got ${describe(prompt)}${promptHint(prompt)}`);
      const o = checkGenerateOptions(options, { vocabSize: Math.min(this.config.vocabSize, this.tokenizer.vocabSize) });
      this.checkBos(o.bos);
      const context = this.transformer.maxSeqLen;
      // Counted before encoding: a prompt of a megabyte takes seconds to encode only to be refused.
      const fewest = this.tokenizer.fewestTokens?.(prompt) ?? 0;
      if (fewest >= context) throw new PromptTooLongError(fewest, context, this.config.maxSeqLen, true);
      const promptIds = this.promptIds(prompt, o.bos, chat);
      if (promptIds.length === 0) {
        throw new RangeError(o.bos === false ? 'the prompt encodes to no tokens and bos is false: give a prompt, or let BOS start it' : 'the prompt encodes to no tokens and the tokenizer has no BOS token to start from');
      }
      if (promptIds.length >= context) throw new PromptTooLongError(promptIds.length, context, this.config.maxSeqLen);
      // A signal that has fired stops the run before it takes the KV cache over: a running generation goes on.
      if (o.signal?.aborted) return new Generation({ unrun: abortedBeforeStart(promptIds.length, o.sampling.seed) });
      const turnEnd = chat ? this.turnEndId() : undefined;
      const endIds = new Set([...this.tokenizer.eosIds, ...this.config.eosTokenIds, ...(turnEnd === undefined ? [] : [turnEnd])]);
      const session = this.transformer.begin();
      const endTexts = o.ignoreEos ? [] : this.tokenizer.eosTexts;
      const keep = keepText === undefined ? undefined : sharedPrefix(this.promptIds(keepText, o.bos, chat), promptIds);
      return new Generation(new TokenRun(session, this.tokenizer, context, { started, promptIds, options: o, endIds, endTexts, ...(keep ? { keep } : {}) }));
    } catch (error) {
      return new Generation({ error });
    }
  }

  /**
   * Replies to a conversation: `messages` rendered with the checkpoint's chat template (from
   * tokenizer_config.json), then generated as generate() does. The template carries BOS itself,
   * so none is prepended unless `bos` says so (and the template did not write one).
   */
  chat(messages: ChatMessage[], options: ChatOptions = {}): Generation {
    let prompt: string;
    let rest: GenerateOptions;
    let keepText: string | undefined;
    try {
      const split = splitChatOptions(options);
      rest = split.rest;
      this.checkAlive('chat');
      prompt = this.renderConversation(messages, split);
      keepText = systemTurn(this.usableTemplate(), messages, prompt, split.templateVariables);
    } catch (error) {
      return new Generation({ error });
    }
    // After the spread: a caller forwarding { bos: undefined } must not bring back the tokenizer's BOS.
    return this.start(prompt, { ...rest, bos: rest.bos ?? false }, keepText, true);
  }

  /**
   * The prompt chat() would feed the model for `messages`, without running anything: the
   * template's text, its ids (BOS prepended only if `bos` is true and the template wrote none, as in chat()), and whether it
   * fits the context with room for a reply (chat() refuses it with PromptTooLongError otherwise).
   * For chat apps that keep a conversation within the context, or show its length.
   */
  applyChatTemplate(messages: ChatMessage[], options: ChatTemplateOptions = {}): ChatPrompt {
    checkOptionNames(options, 'applyChatTemplate', CHAT_TEMPLATE_OPTIONS);
    const { rest, ...flags } = splitChatOptions(options);
    const text = this.renderConversation(messages, flags);
    const bos = rest.bos ?? false;
    checkTokenizeOptions({ bos }); // as tokenize() checks it
    this.checkBos(bos);
    const ids = this.promptIds(text, bos, true);
    return { text, ids, fits: ids.length < this.transformer.maxSeqLen };
  }

  /**
   * `text`'s ids as a run feeds them: BOS prepended as `bos` says (the format's habit when
   * undefined), for a chat template's prompt only where the template wrote none (no double BOS).
   */
  private promptIds(text: string, bos: boolean | undefined, chat: boolean): number[] {
    if (!chat || bos !== true) return this.tokenizer.encode(text, { bos });
    const ids = this.tokenizer.encode(text, { bos: false });
    return ids[0] === this.tokenizer.bosId ? ids : [this.tokenizer.bosId!, ...ids]; // checkBos: there is one
  }

  /** `messages` rendered with the checkpoint's chat template; the errors chat() reports for a missing or failing template. */
  private renderConversation(messages: ChatMessage[], flags: ChatRenderFlags): string {
    const template = this.usableTemplate();
    const { templateVariables, ...rendering } = flags;
    const prompt = renderChat(template, messages, { ...rendering, ...(templateVariables ? { extra: templateVariables } : {}) });
    if (prompt === '') throw new ChatTemplateError(template.source, 'render', 'it rendered nothing for these messages');
    return prompt;
  }

  /**
   * The special token the chat template writes right after a reply (`<|im_end|>`, `<|eot_id|>`),
   * which ends a chat() reply beside the EOS ids: a template's own end of turn that neither the
   * checkpoint's EOS nor the end texts every tokenizer knows (end-tokens.ts) name. Undefined where
   * the template writes text there, or nothing; found once.
   */
  private turnEndId(): number | undefined {
    if (this.turnEnd === null) {
      const after = textAfterReply(this.usableTemplate());
      const first = after ? this.tokenizer.encode(after, { bos: false })[0] : undefined;
      this.turnEnd = first !== undefined && this.tokenizer.specialText?.(first) !== undefined ? first : undefined;
    }
    return this.turnEnd;
  }

  private usableTemplate(): ChatTemplateInfo {
    if (!this.chatTemplate) throw new NoChatTemplateError();
    if (this.chatTemplate instanceof NoChatTemplateError) throw this.chatTemplate;
    return this.chatTemplate;
  }

  /** The ids generate() feeds the model for `text`. */
  tokenize(text: string, options: { bos?: boolean } = {}): number[] {
    if (typeof text !== 'string') throw new TypeError(`tokenize() takes a string, got ${typeof text}`);
    checkTokenizeOptions(options);
    this.checkBos(options.bos);
    return this.tokenizer.encode(text, { bos: options.bos });
  }

  /** bos: true needs a BOS token to add. */
  private checkBos(bos: boolean | undefined): void {
    if (bos === true && this.tokenizer.bosId === undefined) throw new RangeError('bos is true, but this model\'s tokenizer has no BOS token: leave bos out');
  }

  /**
   * Every position's next-token logits (T, V) for `ids`, from position 0: for tests and
   * inspection. Takes over the KV cache (a running generation ends as 'superseded'). `signal`
   * stops it before it starts or between prefill passes; the call rejects with its reason.
   */
  async logits(given: TokenIds, options: LogitsOptions = {}): Promise<Float32Array> {
    this.checkAlive('logits');
    const { signal } = checkLogitsOptions(options);
    const ids = asIdArray(given) as number[];
    this.transformer.checkIds(ids); // before begin(): a rejected call disturbs nothing
    signal?.throwIfAborted();
    const logits = await this.transformer.begin().logits(ids, signal);
    const V = this.config.vocabSize;
    checkLogitRows(logits, V, Math.min(V, this.tokenizer.vocabSize), 0); // as generate() would refuse them: never NaN handed on
    return logits;
  }

  /**
   * Looks inside the model on `input` (text, encoded as generate() encodes it, or token ids; at
   * most the context length): the next-token top k at every position, and on request the full
   * distribution, attention weights, the residual stream, the logit lens and embedding rows, all
   * computed on the GPU (see InspectResult for the shapes). Options are checked before anything
   * runs. Takes over the KV cache (a running generation ends as 'superseded'), unless only
   * embedding rows are asked for (topK: 0).
   */
  async inspect(input: string | TokenIds, options: InspectOptions = {}): Promise<InspectResult> {
    this.checkAlive('inspect');
    return inspectModel(this.transformer, this.tokenizer, asIdArray(input) as string | number[], options);
  }

  info(): ModelInfo {
    return {
      config: this.config,
      parameters: this.sizes.parameters,
      weightBytes: this.sizes.weightBytes,
      // Copies: the caller's to edit (config is frozen).
      ...(this.sizes.weightDTypes ? { weightDTypes: { ...this.sizes.weightDTypes }, bytesPerToken: this.sizes.bytesPerToken, dtypeNotes: [...(this.sizes.dtypeNotes ?? [])] } : {}),
      contextLength: this.transformer.maxSeqLen,
      tokenizerVocabSize: this.tokenizer.vocabSize,
      tokenizerNotes: [...(this.tokenizer.notes ?? [])],
      chat: this.chatTemplate !== undefined && !(this.chatTemplate instanceof NoChatTemplateError),
      ...(this.hubCommit ? { hubCommit: this.hubCommit } : {}),
    };
  }

  /** Frees GPU memory; calls that run the model (generate, chat, logits, inspect) afterwards throw; info() and tokenize() go on working. */
  dispose(): void {
    this.transformer.dispose();
  }

  private checkAlive(call: string): void {
    if (this.transformer.isDisposed) throw new ModelDisposedError(`${call}() after dispose(): this model has been disposed; load it again`);
  }
}

/** How many ids `a` and `b` start with alike. */
function sharedPrefix(a: readonly number[], b: readonly number[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * The start of `prompt` through the conversation's leading system messages, which a context shift
 * keeps (else a long reply would lose them): the template's rendering of those messages alone, where
 * the prompt starts with it (a template may fold them into the first user turn instead).
 */
function systemTurn(template: ChatTemplateInfo, messages: readonly ChatMessage[], prompt: string, variables?: Record<string, unknown>): string | undefined {
  const leading = messages.findIndex((m) => m.role !== 'system');
  const system = messages.slice(0, leading < 0 ? messages.length : leading);
  if (system.length === 0) return undefined;
  let text: string;
  try {
    text = renderChat(template, system, { addGenerationPrompt: false, ...(variables ? { extra: variables } : {}) }); // tools may write into the system turn
  } catch {
    return undefined; // a template that wants a user turn: nothing is kept beyond BOS
  }
  return text && prompt.startsWith(text) ? text : undefined;
}
