// Renders a conversation through a model's Jinja chat template with @huggingface/jinja, the way
// transformers' apply_chat_template(tokenize=False) does: same variables, globals and whitespace rules.
// Not a tokenizer (the caller encodes the prompt, with no extra BOS) and no tool-schema generation.

import { Environment, Interpreter, Template } from '@huggingface/jinja';
import { ChatMessagesError, ChatTemplateError, ChatTemplateRaisedError } from '../errors.js';
import type { ChatTemplateInfo } from './find.js';
import { strftime } from './strftime.js';

export type ChatMessage = { role: 'system' | 'user' | 'assistant' | string; content: string };

export interface RenderChatOptions {
  /** Append the assistant-turn header so the model answers (transformers' add_generation_prompt). Default true, false with continueFinalMessage. */
  addGenerationPrompt?: boolean;
  /**
   * End the prompt right after the last message's content, without what closes its turn, so the
   * model goes on with it: a reply begun for it (transformers' continue_final_message). Default false.
   */
  continueFinalMessage?: boolean;
  /** The BOS string templates see as bos_token; overrides the template info's. */
  bosToken?: string;
  /** The EOS string templates see as eos_token; overrides the template info's. */
  eosToken?: string;
  /** Other special tokens (unk_token, pad_token, additional_special_tokens, ...); override the info's. */
  specialTokens?: Record<string, string | string[]>;
  /** More template variables, as apply_chat_template's **kwargs: date_string, tools, documents, ... */
  extra?: Record<string, unknown>;
  /** The clock behind strftime_now(); default the current local time, as transformers. */
  now?: () => Date;
  /** Names the template in errors; default the info's source, else "the given template". */
  source?: string;
}

// Set by renderChat itself; passing them in `extra` is a mistake (Python would raise a TypeError).
const RESERVED = ['messages', 'add_generation_prompt'];

/**
 * The prompt text for `messages`, rendered through `template` (a Jinja string, or what findChatTemplate
 * returned). Throws ChatMessagesError for malformed messages, ChatTemplateRaisedError when the template
 * calls raise_exception(msg), and ChatTemplateError when it fails to parse or render.
 */
export function renderChat(
  template: string | ChatTemplateInfo,
  messages: readonly ChatMessage[],
  options: RenderChatOptions = {},
): string {
  validateChatMessages(messages);
  const continueFinal = options.continueFinalMessage ?? false;
  if (typeof continueFinal !== 'boolean') throw new RangeError(`continueFinalMessage must be true or false, got ${describe(continueFinal)}`);
  if (continueFinal && options.addGenerationPrompt === true) {
    throw new RangeError('continueFinalMessage and addGenerationPrompt cannot both be true: the prompt goes on with the last message, or opens a new turn');
  }
  const info = typeof template === 'string' ? undefined : template;
  const source = options.source ?? info?.source ?? 'the given template';
  const extra = options.extra ?? {};
  for (const key of RESERVED) {
    if (key in extra) throw new TypeError(`renderChat: "${key}" is set by renderChat, not through options.extra`);
  }

  // apply_chat_template: render(messages, tools, documents, add_generation_prompt, **{special_tokens_map, **kwargs}).
  const variables: Record<string, unknown> = {
    ...info?.specialTokens,
    ...(info?.bosToken === undefined ? {} : { bos_token: info.bosToken }),
    ...(info?.eosToken === undefined ? {} : { eos_token: info.eosToken }),
    ...options.specialTokens,
    ...(options.bosToken === undefined ? {} : { bos_token: options.bosToken }),
    ...(options.eosToken === undefined ? {} : { eos_token: options.eosToken }),
    tools: null,
    documents: null,
    ...extra,
    messages: plainMessages(messages),
    add_generation_prompt: !continueFinal && (options.addGenerationPrompt ?? true),
  };
  const now = options.now ?? (() => new Date());
  const text = typeof template === 'string' ? template : template.template;
  const compiled = compile(text, source);
  let prompt: string;
  try {
    prompt = run(compiled, variables, now);
  } catch (e) {
    if (e instanceof ChatTemplateRaisedError) throw e;
    throw new ChatTemplateError(source, 'render', withMissingTokens(e, text, variables));
  }
  checkRolesKept(messages, prompt, (marked) => {
    try {
      return run(compiled, { ...variables, messages: plainMessages(marked) }, now);
    } catch {
      return undefined; // a template that refuses the marker: the content is looked for instead
    }
  });
  if (!continueFinal) return prompt;
  // What the template writes after the last message's content, found by rendering a marker in its place.
  const marked = { ...variables, messages: [...(variables.messages as ChatMessage[]).slice(0, -1), { ...messages[messages.length - 1]!, content: MARKER }] };
  let after: string | undefined;
  try {
    const text = run(compiled, marked, now);
    const at = text.lastIndexOf(MARKER);
    if (at >= 0 && prompt.startsWith(text.slice(0, at))) after = text.slice(at + MARKER.length);
  } catch {
    // a template that refuses the marker: the content is looked for instead
  }
  return openLastMessage(prompt, messages[messages.length - 1]!.content, after, source);
}

/**
 * What `template` writes right after an assistant's message, before the next turn, leading
 * whitespace dropped ("<|im_end|>\n<|im_start|>user\n..."): where a model trained on its chats
 * learned to end a turn. Rendered for a plain chat (user, assistant, user) with the marker as the
 * reply; undefined where that fails or the marker does not show.
 */
export function textAfterReply(template: ChatTemplateInfo): string | undefined {
  const chat = [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: MARKER }, { role: 'user', content: 'Thanks' }];
  let text: string;
  try {
    text = renderChat(template, chat, { addGenerationPrompt: false });
  } catch {
    return undefined; // a template that refuses this chat: the EOS ids alone end a reply
  }
  const at = text.lastIndexOf(MARKER);
  return at < 0 ? undefined : text.slice(at + MARKER.length).trimStart();
}

/** The messages as the template sees them: the values validated, a getter's or a prototype's role and content too, which a spread would drop. */
function plainMessages(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.map((m) => ({ ...m, role: m.role, content: m.content }));
}

/** Stands in for the last message's content to find where it ends; no chat holds it. */
const MARKER = '\u2063shaderlm:end-of-the-last-message\u2063';

/**
 * `prompt` cut right after the last message's content: before `after`, what the template writes
 * after it, when the prompt ends so; else as transformers cuts it (the last occurrence of the
 * trimmed content, with its own trailing spaces where the template kept them). A ChatMessagesError
 * when the content is empty (nothing to continue) or the template changed it past finding.
 */
function openLastMessage(prompt: string, content: string, after: string | undefined, source: string): string {
  if (content.trim() === '') throw new ChatMessagesError('continueFinalMessage: the last message is empty, so there is nothing to continue: to start a reply, use addGenerationPrompt');
  if (after !== undefined && prompt.endsWith(after)) return prompt.slice(0, prompt.length - after.length);
  const trimmed = content.trim();
  const at = prompt.lastIndexOf(trimmed);
  if (at < 0) throw new ChatMessagesError(`continueFinalMessage: ${source} changes the last message's content, which is not found in the prompt to continue`);
  const kept = content.trimStart();
  return prompt.slice(0, at + (prompt.startsWith(kept, at) ? kept.length : trimmed.length));
}

/** Throws ChatTemplateError (parse) unless `text` is a template that parses; for a load to find an unusable one early. */
export function checkChatTemplate(text: string, source: string): void {
  compile(text, source);
}

// The roles chat templates are written for. A message of another role (a typo: "human", "User")
// is one a template may skip without a word, leaving the model a conversation without it.
const KNOWN_ROLES = ['system', 'user', 'assistant', 'tool', 'ipython', 'developer', 'function'];

/**
 * Throws ChatMessagesError for a message of an unknown role whose content the template left out:
 * rendered again with the marker as that content (`render`; undefined when that fails), the marker
 * must show; the content itself could be found elsewhere in the prompt ("Once" inside "Once upon").
 */
function checkRolesKept(messages: readonly ChatMessage[], prompt: string, render: (marked: ChatMessage[]) => string | undefined): void {
  messages.forEach(({ role, content }, i) => {
    if (KNOWN_ROLES.includes(role) || content.trim() === '') return;
    const marked = render(messages.map((m, j) => (j === i ? { ...m, role: m.role, content: MARKER } : m)));
    if (marked === undefined ? prompt.includes(content.trim()) : marked.includes(MARKER)) return;
    throw new ChatMessagesError(`messages[${i}] has the role ${JSON.stringify(role)}, which the template left out of the prompt with its content: use one of ${KNOWN_ROLES.slice(0, 4).join(', ')}`);
  });
}

/** A render error, with the special tokens the template names but the checkpoint does not define (the library only says "undefined"). */
function withMissingTokens(error: unknown, text: string, variables: Record<string, unknown>): unknown {
  const missing = ['bos_token', 'eos_token', 'unk_token', 'pad_token'].filter((name) => variables[name] === undefined && new RegExp(`\\b${name}\\b`).test(text));
  if (missing.length === 0) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`${reason} (the template uses ${missing.join(' and ')}, which the checkpoint's tokenizer_config.json or special_tokens_map.json does not define)`, { cause: error });
}

/** Throws ChatMessagesError unless `messages` is a non-empty array of { role: string, content: string }. */
export function validateChatMessages(messages: unknown): asserts messages is ChatMessage[] {
  if (!Array.isArray(messages)) {
    throw new ChatMessagesError(`messages must be an array of { role, content } objects, got ${describe(messages)}`);
  }
  if (messages.length === 0) throw new ChatMessagesError('messages is empty: a chat needs at least one message');
  // Index by index: forEach would skip the holes of a sparse array, which render as empty messages.
  Array.from(messages).forEach((message: unknown, i) => {
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      throw new ChatMessagesError(`messages[${i}] must be a { role, content } object, got ${describe(message)}`);
    }
    const { role, content } = message as Record<string, unknown>;
    if (typeof role !== 'string' || role === '') {
      throw new ChatMessagesError(`messages[${i}].role must be a non-empty string such as "user", got ${describe(role)}`);
    }
    if (typeof content !== 'string') {
      const hint = Array.isArray(content) ? ' (content parts are not supported: join them into one string)' : '';
      throw new ChatMessagesError(`messages[${i}].content must be a string, got ${describe(content)}${hint}`);
    }
  });
}

/** Parses like jinja2 with transformers' settings: lstrip_blocks and trim_blocks (the library's fixed
 * options), newlines normalised to \n and one trailing newline dropped (jinja2's keep_trailing_newline=False). */
function compile(text: string, source: string): Template {
  try {
    return new Template(text.replace(/\r\n?/g, '\n'));
  } catch (e) {
    throw new ChatTemplateError(source, 'parse', e);
  }
}

/** The one argument transformers' globals take: a call without it is a template error in Python (TypeError), not the text "undefined". */
function oneArgument(name: string, args: unknown[]): unknown {
  if (args.length !== 1 || args[0] === undefined) throw new TypeError(`${name}() takes one argument, got ${args.filter((a) => a !== undefined).length}`);
  return args[0];
}

/**
 * Runs the parsed template with jinja2's globals plus transformers' raise_exception and strftime_now.
 * The library's own Template.render declares its globals in the same scope as the variables, so ours
 * could not replace its raise_exception (plain Error) and strftime_now (host-locale month names).
 */
function run(compiled: Template, variables: Record<string, unknown>, now: () => Date): string {
  const globals = new Environment();
  const builtins: Record<string, unknown> = {
    true: true, false: false, none: null, True: true, False: false, None: null,
    range: pythonRangeWithinBudget(),
    raise_exception: (...args: unknown[]) => {
      throw new ChatTemplateRaisedError(String(oneArgument('raise_exception', args)));
    },
    strftime_now: (...args: unknown[]) => strftime(now(), String(oneArgument('strftime_now', args))),
  };
  for (const [name, value] of Object.entries(builtins)) globals.set(name, value);
  // Render variables live in a child scope, so they may shadow globals as they can in jinja2.
  const scope = new Environment(globals);
  for (const [name, value] of Object.entries(variables)) scope.set(name, value);
  const messages = Array.isArray(variables.messages) ? variables.messages.length : 0;
  return new BudgetedInterpreter(scope, STEP_BUDGET + STEPS_PER_MESSAGE * messages).run(compiled.parsed).value as string;
}

/**
 * Steps (evaluations of a template's nodes and blocks: a loop's turn is one) one render may take,
 * and more per message: real templates take 20-40 a message. Rendering is synchronous (no signal
 * reaches it): loops nested over one stored range stay within RANGE_BUDGET's numbers and would
 * run for hours. At the budget a runaway has held the thread under a second.
 */
const STEP_BUDGET = 250_000;
const STEPS_PER_MESSAGE = 1000;

/**
 * The longest string and list one value may be, and the characters all the strings a render makes
 * may add up to. Steps alone bound no work: one filter step can make a string of any length
 * ('x'|indent(400000000) is one, cheap until |upper writes it out: a 121-byte template ran Node out
 * of memory; review AV), and a loop of such steps within the step budget ran for hours. A prompt
 * past the first cap is far past any context; real templates make their conversation's text a few
 * times over.
 */
export const LONGEST_TEMPLATE_STRING = 1 << 22;
export const LONGEST_TEMPLATE_LIST = 1 << 20;
const TEXT_BUDGET = 1 << 26;

/** The library's interpreter, refusing to go on past `budget` steps, or past the size budgets above. */
class BudgetedInterpreter extends Interpreter {
  private steps = 0;
  private characters = 0;

  constructor(scope: Environment, private readonly budget: number) {
    super(scope);
    // A loop's turn over an empty body evaluates no node: its block is counted. The method is the
    // library's own (private in its types); the STEP_BUDGET test fails at once if it is renamed.
    const self = this as unknown as { evaluateBlock: (...args: unknown[]) => unknown };
    const evaluateBlock = self.evaluateBlock;
    if (typeof evaluateBlock !== 'function') throw new Error('@huggingface/jinja has no Interpreter.evaluateBlock: the step budget cannot count loop turns');
    self.evaluateBlock = (...args) => {
      this.step();
      return evaluateBlock.apply(this, args);
    };
    this.patchEquality();
  }

  override evaluate(...args: Parameters<Interpreter['evaluate']>): ReturnType<Interpreter['evaluate']> {
    this.step();
    const result = super.evaluate(...args);
    this.measure((result as unknown as JinjaValue).value);
    return result;
  }

  /** A value just made, within the size budgets: its length is read, never its characters (still cheap to make). */
  private measure(value: unknown): void {
    if (typeof value === 'string') {
      if (value.length > LONGEST_TEMPLATE_STRING) throw new RangeError(`the template made a string of ${value.length.toLocaleString('en-US')} characters, past the ${LONGEST_TEMPLATE_STRING.toLocaleString('en-US')} one render may make (far past any context): messages far too long, or a template that does not end?`);
      this.characters += value.length;
      if (this.characters > TEXT_BUDGET) throw new RangeError(`the template made more than ${TEXT_BUDGET.toLocaleString('en-US')} characters of text in one render: a template that does not end?`);
    } else if (Array.isArray(value) && value.length > LONGEST_TEMPLATE_LIST) {
      throw new RangeError(`the template made a list of ${value.length.toLocaleString('en-US')} items, past the ${LONGEST_TEMPLATE_LIST.toLocaleString('en-US')} one render may make: a template that does not end?`);
    }
  }

  /**
   * == and != as Python compares: the library compares with JavaScript's loose ==, so two equal
   * dicts or lists were unequal (Mistral's `message == user_messages[-1]` missed a repeated
   * message) and "1" equalled 1. The method is the library's own, private in its types.
   */
  private patchEquality(): void {
    const self = this as unknown as { evaluateBinaryExpression: (node: BinaryNode, environment: Environment) => JinjaValue };
    const evaluateBinary = self.evaluateBinaryExpression;
    if (typeof evaluateBinary !== 'function') throw new Error('@huggingface/jinja has no Interpreter.evaluateBinaryExpression: == cannot compare as Python does');
    self.evaluateBinaryExpression = (node, environment) => {
      const operator = node.operator.value;
      if (operator !== '==' && operator !== '!=') return evaluateBinary.call(this, node, environment);
      const [left, right] = [node.left, node.right].map((side) => this.evaluate(side as never, environment) as unknown as JinjaValue) as [JinjaValue, JinjaValue];
      // The library's BooleanValue, which it does not export: what __bool__() gives.
      const Bool = left.__bool__().constructor as new (value: boolean) => JinjaValue;
      return new Bool(pythonEquals(left, right) === (operator === '=='));
    };
  }

  private step(): void {
    if (++this.steps > this.budget) throw new RangeError(`the template took more than ${this.budget.toLocaleString('en-US')} steps in one render: a template that does not end?`);
  }
}

/** A value of the library's runtime, as far as comparing needs it. */
interface JinjaValue {
  type: string;
  value: unknown;
  __bool__(): JinjaValue;
}
interface BinaryNode {
  operator: { value: string };
  left: unknown;
  right: unknown;
}

const NUMERIC = new Set(['IntegerValue', 'FloatValue', 'BooleanValue']); // Python's bool is an int: True == 1

/** Python's ==: numbers by value, lists and tuples element by element, dicts key by key, none equal to none only. */
function pythonEquals(a: JinjaValue, b: JinjaValue): boolean {
  if (NUMERIC.has(a.type) && NUMERIC.has(b.type)) return Number(a.value) === Number(b.value);
  const kind = (v: JinjaValue) => (v.type === 'KeywordArgumentsValue' ? 'ObjectValue' : v.type);
  if (kind(a) !== kind(b)) return false;
  switch (kind(a)) {
    case 'ArrayValue':
    case 'TupleValue': {
      const [x, y] = [a.value as JinjaValue[], b.value as JinjaValue[]];
      return x.length === y.length && x.every((v, i) => pythonEquals(v, y[i]!));
    }
    case 'ObjectValue': {
      const [x, y] = [a.value as Map<string, JinjaValue>, b.value as Map<string, JinjaValue>];
      return x.size === y.size && [...x].every(([key, v]) => y.has(key) && pythonEquals(v, y.get(key)!));
    }
    case 'NullValue':
    case 'UndefinedValue':
      return true;
    default:
      return a.value === b.value; // strings; functions and namespaces by identity
  }
}

/**
 * Numbers range() may make in one render, in all its calls. Rendering is synchronous (no signal
 * reaches it): a template looping over range(10**7), or nested ranges, would freeze the page.
 * Real templates range over a conversation's messages.
 */
export const RANGE_BUDGET = 1_000_000;

/** Python's range(stop) / range(start, stop[, step]), within RANGE_BUDGET numbers over the render. */
function pythonRangeWithinBudget(): (...args: unknown[]) => number[] {
  let made = 0;
  return (...args: unknown[]) => {
    if (args.length < 1 || args.length > 3 || !args.every((a) => Number.isInteger(a))) {
      throw new TypeError(`range() takes 1 to 3 integer arguments, got (${args.map(String).join(', ')})`);
    }
    const [start, stop, step = 1] = (args.length === 1 ? [0, args[0]] : args) as number[];
    if (step === 0) throw new RangeError('range() arg 3 must not be zero');
    const count = Math.max(0, Math.ceil((stop - start) / step));
    made += count;
    if (made > RANGE_BUDGET) throw new RangeError(`range() calls would make more than ${RANGE_BUDGET.toLocaleString('en-US')} numbers in one render (this one ${count.toLocaleString('en-US')}): a template that does not end?`);
    return Array.from({ length: count }, (_, i) => start + i * step);
  };
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
