// The command line: `shaderlm generate` streams text from a model, `shaderlm chat` holds a
// conversation (a REPL on a terminal, one reply per line of stdin otherwise), `shaderlm info`
// describes a model (its JSON includes bytesPerToken, the weight bytes a decode token reads), and
// `shaderlm train` hands over to src/train/command.ts. Errors go to stderr with exit code 1; a
// reader that closes stdout early (`| head`) ends the run quietly with exit code 0; Ctrl-C at the
// chat prompt, or while an hf: model loads (a download then goes on next time), ends it with 130. Not a library
// entry point (src/index.ts).

import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { decimalFlag, hubEnvironment, negativeValuesJoined, packageVersion, parseArgsMessage, repeatedFlagProblem, toStderr, unknownCommandMessage, UsageError } from './cli-args.js';
import { BEYOND_RANGE, digitsPastExact, FRACTION_LOST, fractionLost, PAST_EXACT, parseDecimal, spellsDecimal } from './decimal.js';
import { ChatTemplateRaisedError, PromptTooLongError } from './errors.js';
import { trainCommand } from './train/command.js';
import { cacheCommand } from './cache-command.js';
import { createEngine, renameLoadOptions, type Engine, type LoadOptions, type LoadProgress } from './engine.js';
import type { ChatMessage, Model } from './model/model.js';
import type { Generation, GenerationStats } from './model/generation.js';
import { checkGenerateOptions, DEFAULT_MAX_TOKENS, type GenerateOptions } from './model/options.js';
import { DEFAULT_MODEL } from './model/defaults.js';
import { WEIGHT_DTYPES, type WeightDType } from './quant/formats.js';
import { listUnknown, unknownCharacters } from './tokenizer/unknown.js';

const USAGE = `usage:
  shaderlm generate [--model <folder|file|url|hf:org/name|default:name>] [--tokenizer <file>] --prompt "..."
                    [--max-tokens N] [--temperature T] [--top-k K] [--top-p P] [--min-p M]
                    [--repetition-penalty R] [--logit-bias ID=BIAS]... [--seed S] [--stop STR]... [--ignore-eos]
                    [--context N] [--no-context-shift] [--dtype D] [--json] [--quiet]
  shaderlm chat --model <folder|file.gguf|url|hf:org/name> [--tokenizer <file>] [--system "..."] [--context N] [--dtype D]
                [sampling options as above] [--quiet]
  shaderlm info [--model <folder|file|url|hf:org/name|default:name>] [--tokenizer <file>] [--context N] [--dtype D] [--quiet]
  shaderlm train ... (shaderlm train --help)
  shaderlm cache [ls | rm <org/name[@revision]>...] (shaderlm cache --help)

  --model M     default: ${DEFAULT_MODEL}, the character-level Shakespeare model shaderlm trained
                (models/README.md); default:dna is the other one it ships; hf: models of gated or
                private repositories need an access token in the HF_TOKEN environment variable;
                HF_ENDPOINT reads them from a mirror (https://hf-mirror.com); their files are kept
                in ~/.cache/shaderlm/hub for the next run, offline too ($SHADERLM_CACHE/hub
                where that is set, none where it is off; huggingface_hub's cache is read too:
                HF_HUB_CACHE, HF_HOME/hub or ~/.cache/huggingface/hub);
                a checkpoint download (safetensors, GGUF) cut off or stopped by Ctrl-C goes
                on from there next run
  --context N   positions to allocate the KV cache for (default: the model's, at most 4096;
                more than the model's context is an error)
  --no-context-shift  stop when the context is full (default: go on from its recent half)
  --dtype D     store the weight matrices as ${WEIGHT_DTYPES.join(', ')} (default: the file's
                precision); q8_0/q4_0 keep a matrix whose K is not a multiple of 32 in f16,
                k-quants one whose K is not a multiple of 256 in q4_0 (q4_K) or q8_0 (q5_K,
                q6_K), or f16
  --max-tokens N  tokens to generate (default 128); --temperature T (default 1; 0 = greedy);
                --top-k K (default 0 = off); --top-p P (default 1 = off); --min-p M (default 0 = off);
                --repetition-penalty R (default 1 = off); --seed S (default: a random one);
                --stop STR: end before this text (repeatable)
  --logit-bias ID=BIAS  add BIAS to token ID's logit before sampling (repeatable; -100 all but
                bans it; --json prints the ids)
  --ignore-eos  keep generating past end-of-sequence tokens (up to --max-tokens)
  --json        print one object { promptIds, ids, text, stats } instead of streaming
  --system S    chat: a system message before the conversation
  --quiet       no progress or stats on stderr
  --help, -h    this text; --version: shaderlm's version`;

const OPTIONS = {
  model: { type: 'string' },
  tokenizer: { type: 'string' },
  prompt: { type: 'string' },
  system: { type: 'string' },
  'max-tokens': { type: 'string' },
  temperature: { type: 'string' },
  'top-k': { type: 'string' },
  'top-p': { type: 'string' },
  'min-p': { type: 'string' },
  'repetition-penalty': { type: 'string' },
  seed: { type: 'string' },
  stop: { type: 'string', multiple: true },
  'logit-bias': { type: 'string', multiple: true },
  context: { type: 'string' },
  dtype: { type: 'string' },
  'ignore-eos': { type: 'boolean' },
  'no-context-shift': { type: 'boolean' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

function parse(argv: string[]) {
  return parseArgs({ args: negativeValuesJoined(argv, OPTIONS), options: OPTIONS, allowPositionals: true, tokens: true });
}

type Values = ReturnType<typeof parse>['values'];

/** Flags that mean nothing to a command: refused rather than ignored. */
const NOT_FOR: Record<string, ReadonlyArray<keyof typeof OPTIONS>> = {
  generate: ['system'],
  chat: ['prompt', 'json'],
  info: ['prompt', 'system', 'max-tokens', 'temperature', 'top-k', 'top-p', 'min-p', 'repetition-penalty', 'logit-bias', 'seed', 'stop', 'ignore-eos', 'no-context-shift', 'json'],
};

function checkFlagsFit(command: string, values: Values): void {
  const idle = NOT_FOR[command]!.filter((flag) => values[flag] !== undefined).map((flag) => `--${flag}`);
  if (idle.length) throw new UsageError(`${idle.join(', ')} ${idle.length > 1 ? 'do' : 'does'} nothing for ${command}\n${USAGE}`);
}
type Tokens = NonNullable<ReturnType<typeof parse>['tokens']>;

/** A flag given twice would keep its last value and drop the first in silence: refused, but for the repeatable ones. */
function checkNoRepeatedFlags(tokens: Tokens): void {
  const problem = repeatedFlagProblem(tokens, OPTIONS);
  if (problem) throw new UsageError(problem);
}

/**
 * Words after the command belong to no flag: most often an unquoted value's tail (`--prompt Once
 * upon a time` parses as "Once" plus three words), which would otherwise be dropped in silence.
 */
function checkNoStrayWords(tokens: Tokens): void {
  const words = tokens.filter((t) => t.kind === 'positional').slice(1); // the first is the command
  if (words.length === 0) return;
  const head = `unexpected argument${words.length > 1 ? 's' : ''} ${words.map((w) => `'${w.value}'`).join(', ')}`;
  const at = tokens.indexOf(words[0]!);
  const option = tokens[at - 1];
  if (option?.kind !== 'option' || option.value === undefined) throw new UsageError(`${head}: the command takes only --flags after its name`);
  // The words right after an option's value are most likely the rest of it.
  const value = [option.value];
  for (const t of tokens.slice(at)) {
    if (t.kind !== 'positional') break;
    value.push(t.value);
  }
  const what = option.name === 'prompt' ? 'a prompt' : 'a value';
  throw new UsageError(`${head}: quote ${what} with spaces, ${option.rawName} ${JSON.stringify(value.join(' '))}`);
}

/** The engine's messages name load options as LoadOptions.<name>; here they are flags. */
const LOAD_OPTION_FLAGS = { maxSeqLen: '--context', tokenizer: '--tokenizer <file>', dtype: '--dtype', hfToken: 'the HF_TOKEN environment variable', hfEndpoint: 'the HF_ENDPOINT environment variable', hubCache: 'SHADERLM_CACHE not off' };

/**
 * Closed when the reader of stdout goes away (`| head -c 10`): the run stops at its next step
 * and the process exits 0, as a command in a pipe should, instead of dying on EPIPE. Any other
 * write error (a full disk) stops the run too, and ends it as an error: the output is lost.
 */
const stdoutClosed = new AbortController();
let stdoutFailed: Error | undefined;
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') stdoutFailed ??= new Error(`the output could not be written: ${e.message}`);
  stdoutClosed.abort();
});

/** Settles once what was written to stdout has been handed on, or has failed (stdoutFailed). */
function stdoutDrained(): Promise<void> {
  return new Promise((resolve) => (stdoutClosed.signal.aborted ? resolve() : process.stdout.write('', () => resolve())));
}

function out(text: string): void {
  if (!stdoutClosed.signal.aborted) process.stdout.write(text);
}

/** An API option as the command line spells it: maxTokens -> --max-tokens. */
function flagOf(option: string): string {
  return `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** --logit-bias ID=BIAS, repeatable: each a token id and a decimal number (13=-100), each id once. */
function logitBias(given: string[] | undefined): Map<number, number> | undefined {
  if (given === undefined) return undefined;
  const bias = new Map<number, number>();
  for (const flag of given) {
    const m = /^(\d+)=(.+)$/.exec(flag);
    const value = m ? parseDecimal(m[2]!) : undefined;
    // A decimal past the range (1e400) is said as for the other numbers, not as a malformed pair.
    if (m && value === undefined && spellsDecimal(m[2]!)) throw new UsageError(`--logit-bias ${flag} ${BEYOND_RANGE}`);
    if (!m || value === undefined) throw new UsageError(`--logit-bias needs ID=BIAS, a token id and a decimal number (13=-100), got "${flag}"`);
    if (digitsPastExact(m[1]!)) throw new UsageError(`--logit-bias ${flag}: the token id ${m[1]} ${PAST_EXACT}`);
    if (fractionLost(m[2]!)) throw new UsageError(`--logit-bias ${flag}: the bias ${m[2]} ${FRACTION_LOST} ${value}`);
    const id = Number(m[1]);
    if (bias.has(id)) throw new UsageError(`--logit-bias gives token ${id} twice: give each token once`);
    bias.set(id, value);
  }
  return bias;
}

/** The generation options from the flags, checked by the same function the API uses (messages name flags). */
function generateOptions(values: Values): GenerateOptions {
  const options: GenerateOptions = {
    maxTokens: decimalFlag('max-tokens', values['max-tokens']),
    temperature: decimalFlag('temperature', values.temperature),
    topK: decimalFlag('top-k', values['top-k']),
    topP: decimalFlag('top-p', values['top-p']),
    minP: decimalFlag('min-p', values['min-p']),
    repetitionPenalty: decimalFlag('repetition-penalty', values['repetition-penalty']),
    logitBias: logitBias(values['logit-bias']),
    seed: decimalFlag('seed', values.seed),
    stop: values.stop?.map((s) => {
      if (s === '') throw new UsageError('--stop needs a non-empty string');
      return s;
    }),
    ignoreEos: values['ignore-eos'],
    contextShift: values['no-context-shift'] ? false : undefined,
  };
  for (const key of Object.keys(options) as Array<keyof GenerateOptions>) if (options[key] === undefined) delete options[key];
  try {
    checkGenerateOptions(options, {}, flagOf);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return { ...options, signal: stdoutClosed.signal };
}

/** A load's progress line is on the terminal, not yet ended: an error goes on the next line. */
let progressLineOpen = false;

function progressPrinter(enabled: boolean): ((p: LoadProgress) => void) | undefined {
  if (!enabled || !process.stderr.isTTY) return undefined;
  let last = 0;
  return (p) => {
    const t = Date.now();
    if (t - last < 200 && p.fraction < 1) return;
    last = t;
    const doing = { read: `reading ${p.file}`, convert: 'converting the weights', allocate: 'reserving GPU memory', upload: 'uploading to the GPU', compile: p.total > 0 ? `compiling GPU kernels, ${p.loaded} of ${p.total}` : 'GPU kernels already compiled' }[p.phase];
    progressLineOpen = p.fraction < 1;
    toStderr(`\rloading: ${(100 * p.fraction).toFixed(0)}% (${doing})\x1b[K${progressLineOpen ? '' : '\n'}`);
  };
}

/** The stats line on stderr; a sampled run without --seed names the seed it drew, so that --seed can repeat it. */
function statsLine(stats: GenerationStats, options: GenerateOptions, adapter: string): string {
  const reason = stdoutFailed ? 'the output could not be written' : stdoutClosed.signal.aborted ? 'stdout closed' : stats.stopReason === 'aborted' ? 'Ctrl-C' : stats.stopReason;
  // Greedy (a temperature float32 holds as 0, as the sampler reads it) draws nothing.
  const greedy = options.temperature !== undefined && Math.fround(options.temperature) === 0;
  const drawn = options.seed === undefined && !greedy ? `seed ${stats.seed}; ` : '';
  return `${stats.promptTokens} prompt + ${stats.generatedTokens} generated tokens (stopped: ${reason}${stats.contextShifts ? `; context shifted ${stats.contextShifts}x` : ''}); ${drawn}first token ${stats.timeToFirstTokenMs.toFixed(0)} ms; decode ${stats.decodeTokensPerSecond.toFixed(1)} tok/s on ${adapter}\n`;
}

/** Streams a generation's text to stdout and returns it; `trimStart` leaves out its leading whitespace (a chat reply's own line). */
async function stream(run: Generation, trimStart = false): Promise<string> {
  let text = '';
  let begun = !trimStart; // a piece with more than whitespace has come (not text.trim() per piece: O(n) each)
  for await (const piece of run) {
    const shown = begun ? piece.text : piece.text.trimStart();
    begun ||= shown !== '';
    text += piece.text;
    out(shown);
  }
  return text;
}

/** Says on stderr which characters of `text` the model reads as its unknown token: it sees another text than the one typed. */
function noteUnknown(model: Model, text: string, what: string): void {
  const unknown = unknownCharacters(model.tokenizer, text);
  if (unknown.length === 0) return;
  toStderr(`shaderlm: note: this model's vocabulary has no ${listUnknown(unknown, (c) => JSON.stringify(c))}: it reads ${unknown.length === 1 ? 'that character' : 'each of them'} in ${what} as its unknown token\n`);
}

/** Says which special tokens `text` spells (chat: a message's "<|im_end|>" is the token itself, as in transformers, and can end a turn). */
function noteSpecial(model: Model, text: string, what: string): void {
  const spelled = new Set(model.tokenize(text, { bos: false }).flatMap((id) => {
    const special = model.tokenizer.specialText?.(id);
    return special && text.includes(special) ? [special] : []; // not an unknown character's <unk>
  }));
  if (spelled.size === 0) return;
  const asTemplate = what === '--prompt' ? '' : ", as in the chat template's own text";
  toStderr(`shaderlm: note: ${what} spells ${[...spelled].map((t) => JSON.stringify(t)).join(', ')}: the model reads ${spelled.size === 1 ? 'it as that special token' : 'each as that special token'}${asTemplate}\n`);
}

async function generate(model: Model, values: Values, options: GenerateOptions, adapter: string): Promise<void> {
  const prompt = values.prompt ?? '';
  noteUnknown(model, prompt, '--prompt');
  noteSpecial(model, prompt, '--prompt');
  // Ctrl-C stops the run at its next step, as it stops a chat reply: the text so far ends its
  // line, the stats follow, and the exit code is 130. A second Ctrl-C ends the process at once.
  const interrupted = new AbortController();
  const interrupt = () => interrupted.abort();
  process.once('SIGINT', interrupt);
  try {
    await generateRun(model, prompt, values, { ...options, signal: AbortSignal.any([options.signal!, interrupted.signal]) }, adapter);
  } finally {
    process.off('SIGINT', interrupt);
  }
  if (interrupted.signal.aborted) process.exitCode = 130;
}

async function generateRun(model: Model, prompt: string, values: Values, options: GenerateOptions, adapter: string): Promise<void> {
  const run = model.generate(prompt, options);
  // The prompt is echoed (as llama2.c's run does) once the run has passed its checks: an error
  // in the first step leaves stdout empty.
  let echoed = values.json === true;
  const echo = (text: string) => {
    if (!echoed) out(prompt);
    echoed = true;
    if (!values.json) out(text);
  };
  let text = '';
  const ids: number[] = [];
  for await (const piece of run) {
    if (piece.id !== undefined) ids.push(piece.id);
    text += piece.text;
    echo(piece.text);
  }
  const stats = await run.stats;
  if (values.json) {
    out(`${JSON.stringify({ promptIds: model.tokenize(prompt), ids, text, stats })}\n`);
  } else {
    echo('\n');
    if (!values.quiet) toStderr(statsLine(stats, options, adapter));
  }
}

async function chat(model: Model, values: Values, options: GenerateOptions, adapter: string): Promise<void> {
  // Without a usable template, say why before taking any input: chat() returns that error unrun.
  if (!model.info().chat) await model.chat([], options).text();
  const messages: ChatMessage[] = values.system !== undefined ? [{ role: 'system', content: values.system }] : [];
  if (values.system !== undefined) {
    checkSystemKept(model, options);
    noteUnknown(model, values.system, '--system');
    noteSpecial(model, values.system, '--system');
  }
  // A system message that leaves no room for a one-word line, in the template's wrapping, would
  // have every line refused as too long: say so once, naming --system.
  const tooLong = messages.length ? promptTooLong(model, [...messages, { role: 'user', content: 'Hi' }], options) : undefined;
  if (tooLong) {
    const whose = values.context === undefined ? "the model's context" : 'the context (--context)';
    throw new UsageError(`--system leaves no room for a message: with it, a one-word message makes a prompt of ${tooLong.tokens} tokens, and ${whose} holds ${tooLong.context}: shorten it`);
  }
  const terminal = process.stdin.isTTY === true;
  // The prompt and the echo of what is typed go to the terminal: stderr when stdout is a file, which gets the replies alone.
  const screen = process.stdout.isTTY ? process.stdout : process.stderr;
  // On a terminal, Ctrl-C stops the reply being written (what it wrote so far stays in the
  // conversation) and, at the prompt, ends the session as an interrupted command: exit code 130.
  let replying: AbortController | undefined;
  // readline still reads keys while a reply streams (Ctrl-C must reach it), and would draw into the
  // reply: the echo (review AC), and a line's edits, which move the cursor and clear the screen
  // (review AH). What it draws then is dropped: the next prompt redraws the line being typed, the
  // cursor where it was (prompt(true): prompt() put it at the start, and the next keys were drawn
  // over the line; review AF), and a line sent ahead is shown there as it is taken.
  const typedAhead: string[] = [];
  const drawn = terminal ? mutedWhile(() => replying !== undefined, screen) : undefined;
  const lines = createInterface({ input: process.stdin, output: drawn, terminal });
  /** The prompt after a reply: readline's rows drawn during it never reached the screen, so it must not go up over them. */
  const promptAgain = () => {
    (lines as unknown as { prevRows?: number }).prevRows = 0;
    lines.prompt(true);
  };
  if (terminal) {
    lines.on('line', (line) => void (replying && typedAhead.push(line)));
    lines.on('SIGINT', () => {
      if (replying) return replying.abort();
      process.exitCode = 130;
      out('\n');
      lines.close();
    });
    toStderr('chat: type a message and press Enter; Ctrl-C stops a reply; Ctrl-D ends.\n');
    lines.setPrompt('> ');
    lines.prompt(true);
  }
  let leftOut = false;
  for await (const line of lines) {
    if (typedAhead[0] === line) {
      typedAhead.shift();
      screen.write(`${line}\n`); // after the prompt, where it would have been typed
    }
    if (line.trim() === '') {
      if (terminal) lines.prompt(true);
      continue;
    }
    // A line that does not fit even alone is refused before the notes read it: a pasted book was
    // encoded four times (40 s for 1 MB) before it was refused.
    const system = messages.filter((m) => m.role === 'system');
    const alone = promptTooLong(model, [...system, { role: 'user', content: line }], options);
    if (alone) {
      const why = system.length ? 'even with only the system message (--system) before it, this message does not fit' : 'this message alone does not fit';
      toStderr(`chat: ${inCliWords(alone.message)}: ${why}; it is left out, and the conversation goes on as it was\n`);
      leftOut = true;
      if (terminal) lines.prompt(true);
      continue;
    }
    messages.push({ role: 'user', content: line });
    noteUnknown(model, line, 'the message');
    noteSpecial(model, line, 'the message');
    const stop = (replying = new AbortController());
    const replied = await reply(model, messages, { ...options, signal: AbortSignal.any([stdoutClosed.signal, stop.signal]) });
    replying = undefined;
    if (stdoutClosed.signal.aborted) break;
    out('\n');
    const blank = replied.text.trim() === '';
    // A blank line alone looked like a stall: say what came (whitespace written as JSON shows it).
    if (blank && !stop.signal.aborted) toStderr(`chat: the reply is ${replied.text === '' ? 'empty' : `only whitespace (${JSON.stringify(replied.text)})`}\n`);
    // Stopped before a word: the question goes too, or two user turns would follow each other.
    if (blank && stop.signal.aborted) messages.pop();
    else messages.push({ role: 'assistant', content: replied.text.trim() });
    if (!values.quiet) toStderr(statsLine(await replied.run.stats, options, adapter));
    if (terminal) promptAgain();
  }
  // Piped, once stdin has ended: a script learns that a message got no reply (stdout has nothing for it).
  // Not after a reader closed stdout early (| head), which ends the run with code 0 as ever.
  if (leftOut && !terminal && !stdoutClosed.signal.aborted) process.exitCode = 1;
}

/** `stream` whose writes are dropped while `muted()` (a callback given is still called); the rest of it as it is. */
function mutedWhile(muted: () => boolean, stream: NodeJS.WriteStream): NodeJS.WriteStream {
  return new Proxy(stream, {
    get(target, key) {
      if (key === 'write') {
        return (...args: unknown[]) => {
          if (!muted()) return (target.write as (...a: unknown[]) => boolean)(...args);
          const done = args.find((a) => typeof a === 'function') as (() => void) | undefined;
          if (done) queueMicrotask(done);
          return true;
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * The model's reply to `messages`, dropping the oldest exchanges (never the system message) while the
 * conversation leaves no room in the context for a reply: `--max-tokens` of it, at most a quarter of
 * the context (past that, the reply's own context shift takes over). The last message fits after the
 * system message alone (the chat loop refused it otherwise).
 */
async function reply(model: Model, messages: ChatMessage[], options: GenerateOptions): Promise<{ run: Generation; text: string }> {
  const context = model.info().contextLength;
  const room = Math.min(options.maxTokens ?? DEFAULT_MAX_TOKENS, Math.floor(context / 4));
  let kept = messages;
  let dropped = 0;
  for (;;) {
    const { ids, fits } = model.applyChatTemplate(kept, { bos: options.bos });
    if (fits && ids.length + room <= context) break;
    const oldest = kept.findIndex((m) => m.role !== 'system');
    if (oldest === kept.length - 1) break; // nothing left to drop: the reply starts in what room there is
    kept = [...kept.slice(0, oldest), ...kept.slice(oldest + 2)]; // a user message and the reply to it
    dropped++;
  }
  if (dropped > 0) {
    toStderr(`chat: the conversation no longer leaves room for a reply of ${room} tokens in the context of ${context}: the oldest ${dropped === 1 ? 'exchange is' : `${dropped} exchanges are`} dropped\n`);
    messages.splice(0, messages.length, ...kept);
  }
  const run = model.chat(messages, options);
  return { run, text: await stream(run, true) };
}

/** Stands in for --system's text to find it in the prompt; no message holds it. */
const SYSTEM_MARKER = '\u2063shaderlm:the-system-message\u2063';

/**
 * A template that refuses a system message (Gemma's raise_exception) is a usage error naming
 * --system; one that leaves it out without a word (the original Phi-3's) gets a note: the chat
 * would go on as if the model had been told.
 */
function checkSystemKept(model: Model, options: GenerateOptions): void {
  const user: ChatMessage = { role: 'user', content: 'Hi' };
  let prompt: string;
  try {
    prompt = model.applyChatTemplate([{ role: 'system', content: SYSTEM_MARKER }, user], { bos: options.bos }).text;
  } catch (e) {
    if (!(e instanceof ChatTemplateRaisedError)) throw e;
    model.applyChatTemplate([user], { bos: options.bos }); // refused without a system message too: its own error
    throw new UsageError(`--system: this model's chat template refuses a system message ("${e.message}"): leave --system out`);
  }
  if (!prompt.includes(SYSTEM_MARKER)) toStderr("shaderlm: note: this model's chat template leaves the system message out of the prompt: --system has no effect\n");
}

/** Why `messages` cannot be replied to in the context, if they cannot: counted without running anything. */
function promptTooLong(model: Model, messages: ChatMessage[], options: GenerateOptions): PromptTooLongError | undefined {
  const { ids, fits } = model.applyChatTemplate(messages, { bos: options.bos });
  return fits ? undefined : new PromptTooLongError(ids.length, model.info().contextLength, model.config.maxSeqLen);
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'train') return trainCommand(argv.slice(1)); // its own flags
  if (argv[0] === 'cache') return cacheCommand(argv.slice(1));
  // `--quiet train ...` would parse train's flags as these and refuse them as unknown. Parsed
  // leniently to find the command, so that a flag's value ("--prompt train generate") is not it.
  const named = parseArgs({ args: argv, options: OPTIONS, strict: false, allowPositionals: true }).positionals[0];
  if (named === 'train' || named === 'cache') throw new UsageError(`the command comes first: shaderlm ${named} [flags] (shaderlm ${named} --help)`);
  let parsed;
  try {
    parsed = parse(argv);
  } catch (e) {
    // A mistyped flag is matched against the flags this command takes (info --temp is no typo of --temperature).
    const refused = new Set<string>(NOT_FOR[named ?? ''] ?? []);
    const flags = Object.fromEntries(Object.entries(OPTIONS).filter(([name]) => !refused.has(name)));
    throw new UsageError(`${parseArgsMessage(e as Error, flags, argv)}\n${USAGE}`);
  }
  const { values, positionals, tokens } = parsed;
  const command = positionals[0];
  // Before --help and --version: a mistyped command or a stray word is an error with them too.
  if (command !== undefined && !['generate', 'chat', 'info'].includes(command)) throw new UsageError(`${unknownCommandMessage(command, ['generate', 'chat', 'info', 'train', 'cache'])}\n${USAGE}`);
  checkNoStrayWords(tokens);
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.version) {
    console.log(`shaderlm ${packageVersion()}`);
    return;
  }
  if (!command) throw new UsageError(`a command is needed: generate, chat, info, train or cache\n${USAGE}`);
  checkNoRepeatedFlags(tokens);
  checkFlagsFit(command, values);
  // Chat needs a chat template, which the embedded defaults do not have: it keeps --model required.
  if (values.model?.trim() === '') {
    throw new UsageError(`--model is empty: give ${command === 'chat' ? 'a checkpoint with a chat template' : 'a folder, a file, a URL, hf:org/name or default:name, or leave --model out for the embedded default'}`);
  }
  if (values.tokenizer?.trim() === '') throw new UsageError('--tokenizer is empty: give the tokenizer file, or leave --tokenizer out');
  if (!values.model && command === 'chat') throw new UsageError(`--model is required for chat (a checkpoint with a chat template)\n${USAGE}`);
  const source = values.model ?? DEFAULT_MODEL;
  // Every option is checked before the model loads, so a typo costs no loading time.
  const context = decimalFlag('context', values.context);
  if (context !== undefined && !(Number.isInteger(context) && context > 0)) throw new UsageError(`--context must be a positive integer, got ${context}`);
  const dtype = values.dtype;
  if (dtype !== undefined && !WEIGHT_DTYPES.includes(dtype as WeightDType)) throw new UsageError(`--dtype must be one of ${WEIGHT_DTYPES.join(', ')}, got ${dtype}`);
  const options = generateOptions(values);
  if (command === 'generate' && values.prompt === undefined) throw new UsageError('--prompt is required for generate: the text to continue (--prompt "" starts from the BOS token alone, on a model whose tokenizer has one)');
  if (values.system === '') throw new UsageError('--system is empty: give the system message, or leave --system out');
  const hub = hubEnvironment([source, values.tokenizer]); // HF_TOKEN and HF_ENDPOINT, as huggingface_hub reads them
  const engine = await createEngine();
  try {
    const model = await loadInterruptibly(engine, source, {
      tokenizer: values.tokenizer,
      maxSeqLen: context,
      dtype: dtype as WeightDType | undefined,
      ...hub,
      onProgress: progressPrinter(!values.json && !values.quiet),
    });
    if (!model) return;
    if (command === 'info') out(`${JSON.stringify({ adapter: engine.adapter, ...model.info() }, null, 2)}\n`);
    else {
      for (const note of model.info().tokenizerNotes) toStderr(`shaderlm: note: ${note}\n`);
      if (command === 'chat') await chat(model, values, options, engine.adapter);
      else await generate(model, values, options, engine.adapter);
    }
    model.dispose();
  } finally {
    engine.destroy();
  }
}

/** The signals that stop a load that downloads, what they are called, and the exit code each leaves (128 + its number). */
const LOAD_STOPPERS = { SIGINT: ['Ctrl-C', 130], SIGTERM: ['SIGTERM', 143], SIGHUP: ['SIGHUP (the terminal closed)', 129] } as const;

/**
 * engine.load; where the source's checkpoint may download into the cache (hf:, a folder or a
 * .gguf: a llama2.c .bin is read into memory), stopped by Ctrl-C, SIGTERM (`timeout`, `docker
 * stop`) or SIGHUP (a closed terminal or SSH session): the load is aborted, so that the download
 * is left to go on from next time, a line says so, and the exit code is 128 + the signal's number;
 * undefined then (the load stops within a tensor's work: engine.load runs in time slices). Other
 * loads end with the process at such a signal: they leave nothing to go on from. A second signal
 * ends the process at once.
 */
async function loadInterruptibly(engine: Engine, source: string, options: LoadOptions): Promise<Model | undefined> {
  const downloads = source.startsWith('hf:') && !/^hf:[^@]*\.bin(@|$)/i.test(source) && process.env.SHADERLM_CACHE !== 'off';
  if (!downloads) return engine.load(source, options);
  const interrupted = new AbortController();
  let stoppedBy: keyof typeof LOAD_STOPPERS = 'SIGINT';
  const handlers = (Object.keys(LOAD_STOPPERS) as (keyof typeof LOAD_STOPPERS)[]).map((signal) => [signal, () => {
    stoppedBy = signal;
    unhook(); // a second signal, of any of them, ends the process at once
    interrupted.abort(new Error('interrupted'));
  }] as const);
  const unhook = () => handlers.forEach(([signal, stop]) => process.off(signal, stop));
  for (const [signal, stop] of handlers) process.on(signal, stop);
  try {
    return await engine.load(source, { ...options, signal: interrupted.signal });
  } catch (e) {
    if (!interrupted.signal.aborted) throw e;
    const [name, code] = LOAD_STOPPERS[stoppedBy];
    toStderr(`${progressLineOpen ? '\n' : ''}shaderlm: loading stopped by ${name} (a checkpoint download under way is kept in the download cache, and the next run goes on from there)\n`);
    process.exitCode = code;
    return undefined;
  } finally {
    unhook();
  }
}

main(process.argv.slice(2)).then(
  async () => {
    await stdoutDrained();
    if (stdoutFailed) fail(stdoutFailed);
    process.exit(); // 0, or 130 after a chat or a training run ended by Ctrl-C, or 1 after a piped chat that left a message out
  },
  fail,
);

/** The API's words in the engine's messages, as a command line says them. */
function inCliWords(message: string): string {
  // The command line keeps downloads unless SHADERLM_CACHE is off: the API's other way to keep none is not its own.
  return renameLoadOptions(message.replace('LoadOptions.hubCache false, SHADERLM_CACHE=off', 'SHADERLM_CACHE=off'), LOAD_OPTION_FLAGS).replace(/^logitBias\b/, '--logit-bias').replace(/^the prompt encodes to no tokens/, '--prompt encodes to no tokens').replace('use generate() with a plain prompt', 'use `shaderlm generate --prompt "..."` instead');
}

/**
 * Reports `e` on stderr (its stack with SHADERLM_DEBUG) and exits 1. A mistake in what was typed has
 * no class name, also when the engine found it (a value out of this model's range names its flag),
 * nor has a failed write of the output.
 */
function fail(e: unknown): never {
  const err = e as Error;
  const message = err instanceof UsageError ? err.message : inCliWords(err.message);
  const typed = err instanceof UsageError || ((err instanceof RangeError || err instanceof TypeError) && message.startsWith('--'));
  const plain = typed || err === stdoutFailed; // a full disk is no engine error: its message says it all
  toStderr(`${progressLineOpen ? '\n' : ''}shaderlm: ${plain ? message : `${err.name}: ${message}`}\n`);
  if (process.env.SHADERLM_DEBUG && err.stack) toStderr(`${err.stack}\n`);
  process.exit(1);
}
