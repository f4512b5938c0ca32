// `shaderlm train`: flags to train() options (all checked, and --out made and probed, before the GPU
// starts), a progress bar on a terminal (plain lines otherwise), a checkpoint at the end and on
// Ctrl-C, and a final report. Node only;
// the library API is src/train/train.ts.

import { lstat, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { freemem } from 'node:os';
import { dirname, join, normalize, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FILE_KIND_WORDS, kindByMagic } from '../file-kind.js';
import { decimalFlag, hubEnvironment, negativeValuesJoined, packageVersion, parseArgsMessage, repeatedFlagProblem, toStderr, UsageError } from '../cli-args.js';
import { createGpu } from '../gpu/device.js';
import { renamingOptions } from '../option-names.js';
import { checkpointFolder } from './api.js';
import { checkResume, loadCheckpoint, readCheckpoint, saveCheckpoint, type LoadedCheckpoint } from './checkpoint/index.js';
import { buildTokenizer, corpusText, describeSources, prepareData, type PreparedData, refuseHeldOutTrainedOn, type TokenizerChoice } from './data/index.js';
import { readDataFile } from './data/files.js';
import { whyUnreadable } from '../file-errors.js';
import { GpuTrainer, type TrainingMemory } from './gpu/index.js';
import { readsAsLlama2cTokenizer } from '../tokenizer/index.js';
import { utf8Text } from '../tokenizer/json.js';
import type { ModelShape } from './init.js';
import { ModelSourceError, ModelTooLargeError, TrainingDivergedError } from '../errors.js';
import { planTraining, train, TRAIN_DEFAULTS, type TrainOptions, type TrainResult, type TrainStep } from './train.js';

const TRAIN_USAGE = `usage:
  shaderlm train --data <file> [--data <file>]... [--held-out <file>]... [--tokenizer char|nucleotide|<tokenizer.json>]
                 [--from <checkpoint>] [--architecture llama|gpt2] --layers L --width C --heads H
                 [--kv-heads K] --context T --steps N --batch B --lr X --out <folder> [--resume]
                 [--warmup N] [--schedule cosine|constant] [--min-lr X] [--weight-decay W] [--grad-clip G]
                 [--eval-every N] [--eval-tokens N] [--seed S] [--stop-at N] [--quiet]
  shaderlm train --help | --version

  --data        a training text or FASTA file (FASTA: .fa/.fasta/.fna); repeat it for several
                files; the last 10 % is held out unless --held-out names files (also repeatable)
  --from        fine-tune a checkpoint: a folder, default:<name>, a URL or hf:org/name holding config.json,
                model.safetensors and tokenizer.json (its shape and tokenizer; shape flags and
                --tokenizer, if given, must match it; its optimizer state is not read; --context
                defaults to its context length; a gated or private hf: repository needs an access
                token in HF_TOKEN)
  --out         a new or empty folder (a new run never overwrites one), or with --resume the run's own
  --resume      continue the run saved in --out exactly (same options; --context defaults to the
                run's), up to --steps
  --warmup N    steps of linear warm-up to --lr (default ${TRAIN_DEFAULTS.warmup})
  --schedule S  after the warm-up: cosine down to --min-lr, or constant (default ${TRAIN_DEFAULTS.schedule})
  --min-lr X    where the cosine schedule ends (default: --lr / 10)
  --weight-decay W  AdamW's decoupled weight decay (default ${TRAIN_DEFAULTS.weightDecay}); its betas are ${TRAIN_DEFAULTS.beta1} and ${TRAIN_DEFAULTS.beta2}
  --grad-clip G  clip the gradient's norm at G (default ${TRAIN_DEFAULTS.gradClip}; 0 = off)
  --eval-every N  measure the held-out loss every N steps (default ${TRAIN_DEFAULTS.evalEvery}: after the last step only)
  --eval-tokens N  held-out tokens each measure reads, in whole context windows, at least one (default ${TRAIN_DEFAULTS.evalTokens})
  --seed S      the starting weights' and the batches' seed (default ${TRAIN_DEFAULTS.seed}: a run repeats bit for bit without one)
  --stop-at N   stop after step N (at most --steps) and save (the schedule still spans --steps): train in sittings
  --quiet       no progress lines on stderr
  A checkpoint is written to --out at the end, and when Ctrl-C stops the run after its step (exit
  code 130 then). A --resume of a run already at its end (or --stop-at) does nothing.`;

const FLAGS = {
  data: { type: 'string', multiple: true },
  'held-out': { type: 'string', multiple: true },
  tokenizer: { type: 'string' },
  from: { type: 'string' },
  architecture: { type: 'string' },
  layers: { type: 'string' },
  width: { type: 'string' },
  heads: { type: 'string' },
  'kv-heads': { type: 'string' },
  context: { type: 'string' },
  steps: { type: 'string' },
  batch: { type: 'string' },
  lr: { type: 'string' },
  warmup: { type: 'string' },
  schedule: { type: 'string' },
  'min-lr': { type: 'string' },
  'weight-decay': { type: 'string' },
  'grad-clip': { type: 'string' },
  'eval-every': { type: 'string' },
  'eval-tokens': { type: 'string' },
  seed: { type: 'string' },
  'stop-at': { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

function parse(argv: string[]) {
  return parseArgs({ args: negativeValuesJoined(argv, FLAGS), options: FLAGS, allowPositionals: true, strict: true, tokens: true });
}
type Values = ReturnType<typeof parse>['values'];

function number(values: Values, flag: keyof Values): number | undefined {
  const raw = values[flag];
  return decimalFlag(flag, raw === undefined ? undefined : String(raw));
}

function required(values: Values, flag: keyof Values): number {
  const n = number(values, flag);
  if (n === undefined) throw new UsageError(`--${flag} is required\n${TRAIN_USAGE}`);
  return n;
}

/** The flag of each API option a message may name (options with no flag keep their names). */
const FLAG_OF: Record<string, string> = {
  architecture: '--architecture', layers: '--layers', width: '--width', heads: '--heads', kvHeads: '--kv-heads',
  batchSize: '--batch', contextLength: '--context', learningRate: '--lr', minLearningRate: '--min-lr', steps: '--steps', warmup: '--warmup', schedule: '--schedule',
  weightDecay: '--weight-decay', gradClip: '--grad-clip', evalEvery: '--eval-every', evalTokens: '--eval-tokens', seed: '--seed', stopAt: '--stop-at',
};
/** API option names in a message, as flags. */
const flagNames = renamingOptions(FLAG_OF);

/** Runs `check`, turning its option errors (RangeErrors naming API options) into usage errors naming the flags. */
function asUsage<T>(check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(flagNames(e.message));
    if (e instanceof ModelTooLargeError) e.message = flagNames(e.message); // the class says what it is; the advice names flags
    throw e;
  }
}

const GIB = 2 ** 30;

/**
 * Refuses a run the host's free memory cannot hold, before any weight is made: the starting weights
 * stay on the host through the run, the weights and optimizer state are read back at the end and
 * written out (twice their size), and a software adapter's GPU buffers are host memory too. The
 * device's own limits do not catch it: no one buffer of a 13B-parameter model is over them, and
 * the run was killed for memory minutes in.
 */
export function checkHostMemory(memory: TrainingMemory, softwareAdapter: boolean, free: number): void {
  const host = memory.weights + 2 * (memory.weights + memory.optimizer);
  const need = host + (softwareAdapter ? memory.total : 0);
  if (need <= free) return;
  const parts = `${(host / GIB).toFixed(1)} GiB for the starting weights, and the weights and optimizer state read back and saved${softwareAdapter ? `, ${(memory.total / GIB).toFixed(1)} GiB for the software adapter's buffers` : ''}`;
  throw new ModelTooLargeError(`training needs about ${(need / GIB).toFixed(1)} GiB of this machine's memory (${parts}), and ${(free / GIB).toFixed(1)} GiB is free: train a smaller model (--layers, --width) or lower --batch or --context`);
}

/** --context, or with a checkpoint and no --context, the windows the resumed run trained on, or the checkpoint's context. */
function contextLength(values: Values, from: LoadedCheckpoint | undefined): number {
  if (!from || values.context !== undefined) return required(values, 'context');
  const trained = (from.optimizer?.options as { contextLength?: unknown } | undefined)?.contextLength;
  return values.resume && typeof trained === 'number' ? trained : from.config.maxSeqLen;
}

/**
 * --tokenizer: char, nucleotide, or a tokenizer.json file (its text, so that its own checks name the
 * file). A file of another kind is named as such, not read as JSON and echoed back in raw bytes.
 */
async function tokenizerChoice(flag: string): Promise<TokenizerChoice> {
  if (flag === 'char' || flag === 'nucleotide') return { kind: flag };
  const bytes = await readFile(flag).catch((e: unknown) => {
    throw new UsageError(`--tokenizer must be char, nucleotide or a tokenizer.json file; cannot read the file ${flag}: ${whyUnreadable(e)}`);
  });
  const kind = kindByMagic(bytes);
  const other = kind ? FILE_KIND_WORDS[kind] : readsAsLlama2cTokenizer(bytes) ? 'a llama2.c tokenizer' : undefined;
  if (other) throw new UsageError(`--tokenizer ${flag} is ${other}: training takes char, nucleotide or a tokenizer.json file`);
  return { kind: 'tokenizer.json', json: utf8Text(bytes, flag), name: flag };
}

async function loadData(values: Values, from: LoadedCheckpoint | undefined, context: number): Promise<PreparedData> {
  const train = await Promise.all(values.data!.map((path) => readDataFile(path))); // trainCommand checked it is given
  const heldOut = values['held-out'] ? await Promise.all(values['held-out'].map((path) => readDataFile(path))) : undefined;
  refuseHeldOutTrainedOn(train, heldOut ?? []);
  // With the context, a split too short for one window is refused here, naming its files and the
  // flag (flagNames would also rename words such as "steps" in the file names), before any weights exist.
  const named = { contextLength: context, contextName: FLAG_OF.contextLength };
  const prepare = (tokenizer: TokenizerChoice | undefined) => asUsage(() => prepareData({ train, ...(heldOut ? { heldOut } : {}), ...(tokenizer ? { tokenizer } : {}), ...named }));
  const given = values.tokenizer ? await tokenizerChoice(values.tokenizer) : undefined;
  if (!from) return prepare(given);
  const data = prepare({ kind: 'tokenizer.json', json: from.tokenizerJson, name: 'the checkpoint\'s tokenizer.json' });
  // A checkpoint brings its own tokenizer; the same one given again (a resume's command line repeated) is
  // no conflict. Built, not used: the corpus is not encoded a second time.
  if (given && !sameTokenizer(() => buildTokenizer(given, corpusText([...train, ...(heldOut ?? [])])).json, data.json)) {
    throw new UsageError(`--tokenizer ${values.tokenizer} makes another tokenizer than the checkpoint's tokenizer.json: leave --tokenizer out, a checkpoint (--from, --resume) brings its own`);
  }
  return data;
}

/** Whether `build` makes the tokenizer `json` is; one that cannot even read the data (it throws) is another. */
function sameTokenizer(build: () => object, json: object): boolean {
  try {
    return JSON.stringify(build()) === JSON.stringify(json);
  } catch {
    return false;
  }
}

function architecture(values: Values): 'llama' | 'gpt2' | undefined {
  const given = values.architecture;
  if (given !== undefined && given !== 'llama' && given !== 'gpt2') throw new UsageError(`--architecture must be llama or gpt2, got "${given}"`);
  return given;
}

/**
 * A fresh model's shape from the flags; with a checkpoint, none (it brings its own), but every shape
 * flag given must match it, so that none is silently ignored.
 */
function modelShape(values: Values, from: LoadedCheckpoint | undefined): TrainOptions['model'] {
  if (!from) {
    return {
      architecture: architecture(values) ?? 'llama',
      layers: required(values, 'layers'), width: required(values, 'width'), heads: required(values, 'heads'),
      ...(values['kv-heads'] !== undefined ? { kvHeads: required(values, 'kv-heads') } : {}),
    };
  }
  const given: Partial<ModelShape> = {
    architecture: architecture(values), layers: number(values, 'layers'), width: number(values, 'width'), heads: number(values, 'heads'), kvHeads: number(values, 'kv-heads'),
  };
  // No path in the message: flagNames would rename words in it.
  const [where, purpose] = values.resume ? ['the checkpoint in --out', 'resume'] as const : ['the --from checkpoint', 'fine-tune'] as const;
  asUsage(() => checkResume(from.config, given, where, purpose));
  return undefined;
}

function options(values: Values, data: PreparedData, from: LoadedCheckpoint | undefined, context: number): TrainOptions {
  const model = modelShape(values, from);
  const schedule = values.schedule ?? 'cosine';
  if (schedule !== 'cosine' && schedule !== 'constant') throw new UsageError(`--schedule must be cosine or constant, got "${schedule}"`);
  return {
    data, ...(model ? { model } : {}), ...(from ? { from } : {}), resume: values.resume === true,
    steps: required(values, 'steps'), batchSize: required(values, 'batch'), contextLength: context,
    learningRate: required(values, 'lr'), schedule, minLearningRate: number(values, 'min-lr'),
    warmup: number(values, 'warmup'), weightDecay: number(values, 'weight-decay'), gradClip: number(values, 'grad-clip'),
    evalEvery: number(values, 'eval-every'), evalTokens: number(values, 'eval-tokens'), seed: number(values, 'seed'),
    stopAt: number(values, 'stop-at'),
  };
}

/** The checkpoint --from names, without the optimizer state a fine-tune does not use; a GGUF or llama2.c file is a usage error naming the flag. */
async function fineTuneSource(source: string): Promise<LoadedCheckpoint> {
  const files = await checkpointFolder(source, { resume: false, ...hubEnvironment([source]) }).catch((e: unknown) => {
    throw e instanceof RangeError ? new UsageError(e.message.replace(/^train: from /, '--from ')) : e;
  });
  return loadCheckpoint(files, { optimizer: false });
}

/** Why a folder cannot be made or written, in words: the codes writing alone meets, then those reading shares (whyUnreadable). */
function whyUnwritable(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EEXIST') return 'it is a file, not a folder';
  if (code === 'EROFS') return 'a read-only file system';
  if (code === 'EDANGLING') return 'it is a symbolic link to nothing';
  // ENOENT from a folder that exists: the file system takes no new folders there (/proc).
  if (code === 'ENOENT' && (e as NodeJS.ErrnoException).path) return `${dirname((e as NodeJS.ErrnoException).path!)} takes no new folders (a system file system such as /proc)`;
  return whyUnreadable(e);
}

/**
 * Makes --out ready before the GPU starts, so that no run is lost at the save: a folder we can write
 * into and, for a new run, an empty one (saving over another model would leave its side files,
 * tokenizer_config.json and the like, to misconfigure this one).
 */
async function prepareOut(out: string, resume: boolean, from: string | undefined): Promise<void> {
  await makeFolder(out).catch((e: unknown) => {
    throw new UsageError(`--out ${out}: cannot create the folder: ${whyUnwritable(e)}`);
  });
  if (!resume) await checkEmpty(out, from);
  const probe = join(out, `.shaderlm-write-probe-${process.pid}`);
  await writeFile(probe, '').then(() => rm(probe)).catch((e: unknown) => {
    throw new UsageError(`--out ${out}: cannot write into the folder: ${whyUnwritable(e)}`);
  });
}

/**
 * Makes `path` and its missing parents one level at a time, so that each failure is that level's
 * own: Node's recursive mkdir answers ENOENT for a level refused for another reason (EROFS on a
 * read-only file system), and never settles under /proc.
 */
async function makeFolder(path: string): Promise<void> {
  await mkdir(path).catch(async (e: NodeJS.ErrnoException) => {
    if (e.code === 'EEXIST') return; // there already (a file, or a link: checked below)
    const parent = dirname(path);
    if (e.code !== 'ENOENT' || parent === path) throw e;
    await makeFolder(parent);
    await mkdir(path).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== 'EEXIST') throw again; // ENOENT under an existing parent: it takes no new folders
    });
  });
  const info = await stat(path).catch(async (e: unknown) => {
    if ((await lstat(path)).isSymbolicLink()) throw Object.assign(new Error(`${path} is a dangling link`), { code: 'EDANGLING' });
    throw e;
  });
  if (!info.isDirectory()) throw Object.assign(new Error(`${path} is a file`), { code: 'EEXIST' });
}

async function checkEmpty(out: string, from: string | undefined): Promise<void> {
  const names = (await readdir(out)).sort();
  if (names.length === 0) return;
  if (from !== undefined && resolve(from) === resolve(out)) {
    throw new UsageError(`--out ${out} is the --from folder: fine-tuning into it would overwrite the model it starts from; give an empty --out (the --from checkpoint stays as it is)`);
  }
  const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
  throw new UsageError(`--out ${out} already holds files (${shown}): a new run does not overwrite a folder; choose an empty or new one, or --resume to continue the run saved there`);
}

function bar(done: number, total: number): string {
  const width = 24;
  const filled = Math.round((width * done) / total);
  return `[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${' '.repeat(width - filled)}]`;
}

/**
 * A progress line for a terminal of `width` columns: the bar only where the whole line fits beside it,
 * and cut at the width (a line that wraps leaves a copy behind at every redraw).
 */
export function terminalLine(progressBar: string, line: string, width: number): string {
  const full = `${progressBar} ${line}`;
  return (full.length <= width ? full : line).slice(0, Math.max(20, width));
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The progress printer: a bar redrawn in place on a terminal, one line per report otherwise (every
 * 10th step, and at held-out evaluations); end() closes the bar's line, however the run ends.
 */
function reporter(steps: number, endStep: number, quiet: boolean) {
  const tty = process.stderr.isTTY === true;
  // The ETA is timed from the first step's end: the GPU setup and the shader builds before it would
  // weigh on it as if every step paid them (17 s said for 50 steps that took 2).
  let first: { step: number; at: number } | undefined;
  let lastValLoss: number | undefined;
  let drawn = false; // a bar line is open on the terminal
  return {
    step(s: TrainStep): void {
      if (s.valLoss !== undefined) lastValLoss = s.valLoss;
      first ??= { step: s.step, at: performance.now() };
      if (quiet) return;
      const timed = s.step - first.step;
      const eta = timed > 0 ? clock(((endStep - s.step) * (performance.now() - first.at)) / 1000 / timed) : '?';
      const held = lastValLoss === undefined ? '' : ` held-out ${lastValLoss.toFixed(3)}`;
      // Most wanted first: a narrow terminal cuts the end of the line.
      const line = `step ${s.step}/${steps} ETA ${eta} loss ${s.loss.toFixed(3)}${held} lr ${s.lr.toExponential(2)} |g| ${s.gradNorm.toFixed(2)} ${Math.round(s.tokensPerSecond)} tok/s`;
      if (tty) {
        toStderr(`\r${terminalLine(bar(s.step, steps), line, (process.stderr.columns || 80) - 1)}\x1b[K`);
        // An evaluation keeps its line: the learning curve stays on screen instead of being redrawn away.
        if (s.valLoss !== undefined) toStderr('\n');
      } else if (s.valLoss !== undefined || s.step === steps || s.step % 10 === 0) toStderr(`${line}\n`);
      drawn = tty && s.valLoss === undefined;
    },
    end(): void {
      if (drawn) toStderr('\n');
      drawn = false;
    },
  };
}

/** The checkpoint --resume continues: a folder that holds none is a mistake in what was typed, said with both flags. */
async function resumeFrom(out: string): Promise<LoadedCheckpoint> {
  return readCheckpoint(out).catch((e: unknown) => {
    if (!(e instanceof ModelSourceError && /(expected|not) a checkpoint folder/.test(e.message))) throw e; // a damaged checkpoint says what is wrong with it
    throw new UsageError(`--resume: no checkpoint to continue in --out (${e.message}): give the folder of an earlier run, or leave --resume out to start a new one`);
  });
}

/** Runs `shaderlm train` with the words after "train". */
export async function trainCommand(argv: string[]): Promise<void> {
  let values: Values;
  try {
    const parsed = parse(argv);
    values = parsed.values;
    const stray = parsed.positionals;
    // `train help` or `train version`: the flag was meant (review U: it was taken for a data file).
    if (stray.length === 1 && (stray[0] === 'help' || stray[0] === 'version')) throw new Error(`unexpected argument '${stray[0]}': shaderlm train --${stray[0]}`);
    // Most often a second file after --data a.fa: say how several files are given.
    if (stray.length > 0) throw new Error(`unexpected argument${stray.length > 1 ? 's' : ''} ${stray.map((p) => `'${p}'`).join(', ')}: each file takes its own flag (--data a.txt --data b.txt)`);
    const twice = repeatedFlagProblem(parsed.tokens, FLAGS);
    if (twice) throw new Error(twice);
    // An empty value would read as a flag left out (--from "" training a fresh model in silence).
    const blank = (v: unknown) => typeof v === 'string' && v.trim() === '';
    const empty = Object.entries(values).find(([, v]) => (Array.isArray(v) ? v.some(blank) : blank(v)));
    if (empty) throw new Error(`--${empty[0]} is empty: give its value${['out', 'data'].includes(empty[0]) ? '' : `, or leave --${empty[0]} out`}`);
  } catch (e) {
    throw new UsageError(`${parseArgsMessage(e as Error, FLAGS, argv)}\n${TRAIN_USAGE}`);
  }
  if (values.help) {
    console.log(TRAIN_USAGE);
    return;
  }
  if (values.version) {
    console.log(`shaderlm ${packageVersion()}`);
    return;
  }
  // `link/..` read as path.join reads it for each file of the checkpoint (by name, not through the
  // link): every check and write then agrees on one folder.
  if (values.out) values.out = normalize(values.out);
  if (!values.out) throw new UsageError(`--out is required (the checkpoint folder)\n${TRAIN_USAGE}`);
  if (values.resume && values.from) throw new UsageError('--resume continues the checkpoint in --out; --from starts a new run from another one: give one of them');
  // What every run needs, checked before a checkpoint is read or downloaded and the data tokenized.
  if (!values.data?.length) throw new UsageError(`--data is required\n${TRAIN_USAGE}`);
  for (const flag of ['steps', 'batch', 'lr'] as const) required(values, flag);
  if (values.schedule === 'constant' && values['min-lr'] !== undefined) throw new UsageError('--min-lr is where the cosine schedule ends: --schedule constant has none');
  // --from is any model source a load takes (a folder, default:, a URL, hf:) holding a Hugging Face checkpoint; a fine-tune leaves its optimizer state unread.
  const from = values.resume ? await resumeFrom(values.out) : values.from ? await fineTuneSource(values.from) : undefined;
  const context = contextLength(values, from);
  const data = await loadData(values, from, context);
  const o = options(values, data, from, context);
  const endStep = o.stopAt ?? o.steps; // this sitting's last step
  // A sitting already at or past its --stop-at does nothing, as one at --steps does; planTraining,
  // which refuses a --stop-at it cannot reach, checks every other option against the checkpoint.
  const sittingDone = values.resume === true && from?.optimizer !== undefined && from.optimizer.step >= endStep;
  const plan = asUsage(() => planTraining(sittingDone ? { ...o, stopAt: undefined } : o)); // every option checked before the GPU starts
  const log = (line: string) => {
    if (!values.quiet) toStderr(`${line}\n`);
  };
  const startStep = plan.state?.step ?? 0;
  if (startStep >= endStep) {
    // A resume of a run that has reached its end (or --stop-at): nothing runs, and the checkpoint stays as it is.
    log(`nothing to do: the run in ${values.out} is at step ${startStep}/${o.steps}${o.stopAt !== undefined ? `, at or past --stop-at ${o.stopAt}` : ''}`);
    return;
  }
  const gpu = await createGpu();
  const controller = new AbortController();
  const interrupt = () => {
    log('\ninterrupted: finishing this step and saving a checkpoint (Ctrl-C again to quit without saving)');
    process.off('SIGINT', interrupt);
    controller.abort();
  };
  const whileSaving = () => log('\nsaving the checkpoint: it is written in a moment (quitting now would leave it half old, half new)');
  const report = reporter(o.steps, endStep, values.quiet === true);
  try {
    // The device's own limits (a --context whose slices would not bind, a buffer too large) before --out is touched.
    const memory = asUsage(() => GpuTrainer.memory(plan.config, { batchSize: o.batchSize, contextLength: o.contextLength }, gpu));
    // availableMemory() heeds a container's memory limit, which freemem() does not (Node 20.13+).
    checkHostMemory(memory, gpu.profile === 'software', process.availableMemory?.() ?? freemem());
    for (const line of describeSources([...data.sources.train, ...data.sources.heldOut])) log(line);
    await prepareOut(values.out, values.resume === true, values.from);
    const windows = o.contextLength < plan.config.maxSeqLen ? ` (trained on windows of ${o.contextLength})` : '';
    log(`model: ${plan.config.architecture}, ${plan.config.nLayers} layers, width ${plan.config.dim}, ${plan.config.nHeads} heads, vocabulary ${plan.config.vocabSize}, context ${plan.config.maxSeqLen}${windows}; ${data.train.length} training and ${data.heldOut.length} held-out tokens; GPU memory ${(memory.total / 2 ** 20).toFixed(1)} MiB`);
    process.on('SIGINT', interrupt);
    const run = train(gpu, { ...o, signal: controller.signal });
    let result: IteratorResult<TrainStep, TrainResult> = await run.next();
    while (!result.done) {
      report.step(result.value);
      result = await run.next();
    }
    report.end();
    const r = result.value;
    // Ctrl-C while the files are written would lose this run's work (the last checkpoint stays whole: folder.ts): it waits.
    process.off('SIGINT', interrupt);
    process.on('SIGINT', whileSaving);
    await saveCheckpoint(values.out, { config: r.config, weights: r.weights, tokenizerJson: data.json, optimizer: r.optimizer, ...(o.from ? { companions: o.from.companions } : {}) });
    const last = r.last;
    if (controller.signal.aborted && r.optimizer.step < endStep) process.exitCode = 130; // saved, but cut short by Ctrl-C: a script can tell
    log(`${r.optimizer.step < o.steps ? 'stopped' : 'done'} at step ${r.optimizer.step}/${o.steps}: loss ${last?.loss.toFixed(4) ?? '-'}, held-out ${last?.valLoss?.toFixed(4) ?? '-'}; ${r.tokensSeen} tokens in ${clock(r.seconds)} (${Math.round(r.tokensSeen / Math.max(r.seconds, 1e-9))} tok/s over the whole run, held-out evaluations included); checkpoint in ${values.out}`);
  } catch (e) {
    // Nothing was saved, so a checkpoint already in --out stays as it was; the advice names the flags.
    if (e instanceof TrainingDivergedError) e.message = flagNames(e.message);
    throw e;
  } finally {
    report.end(); // before an error's message, which would else go on the bar's line
    process.off('SIGINT', interrupt);
    process.off('SIGINT', whileSaving);
    gpu.destroy();
  }
}
