// The training page: (1) a tiny Llama trained from scratch in the engine worker on the embedded
// sonnets or the user's text: loss and held-out loss per step, tokens/s, size and memory, then a
// sample; (2) the Shakespeare model fine-tuned on the user's lines, sampled before and after (same
// prompt and seed). ?steps=20&autorun=1 (any field by id) trains at once. Tests: tests/browser/training.test.ts.

import { TrainingDataError, TrainingDivergedError } from '../../src/errors.js';
import { alphabetOf } from '../../src/tokenizer/characters.js';
import type { TrainStep } from '../../src/train/api.js';
import { codePoints, DEFAULT_HELD_OUT_FRACTION, splitHeldOut } from '../../src/train/data/split.js';
import { buildTokenizer } from '../../src/train/data/tokens.js';
import { parameterShapes } from '../../src/train/gpu/layout.js';
import { trainingMemory } from '../../src/train/gpu/memory.js';
import { trainConfig, type ModelShape } from '../../src/train/init.js';
import { checkGenerateOptions } from '../../src/model/options.js';
import { checkSchedule } from '../../src/train/schedule.js';
import {
  $, fieldNames, fillFromQuery, formatBytes, h, listedCharacters, mountChart, numberIn, positiveIntegerIn, probabilityLegend, showAlternatives, startDemo, stopWhenLeft, tokenSpan, unknownNote,
  type RemoteEngine, type RemoteModel,
} from '../kit/index.js';
import { lossChart } from './loss-chart.js';
import { lossPoints, type LossPoint } from './loss-points.js';
import { SONNETS, SONNETS_NAME } from './sonnets.js';

/** What section 2 fine-tunes, and samples before. */
const FINE_TUNE_BASE = 'default:shakespeare';
/** Held-out measurements in a run (each costs a forward pass over EVAL_TOKENS). */
const HELD_OUT_EVALS = 10;
const EVAL_TOKENS = 1024;
/** Fine-tuning's windows: the base model's context is 64; a few lines hold several windows of 32. */
const FINE_TUNE_SHAPE = { batchSize: 8, contextLength: 32 };

const params = fillFromQuery();
const lossView = mountChart($('loss-chart'), null);
const fineTuneView = mountChart($('ft-chart'), null);
let controller: AbortController | undefined;
stopWhenLeft(() => controller?.abort());
/** The models trained here (each replaced by the next run), and the base copy section 2 samples before tuning. */
let scratchModel: RemoteModel | undefined;
let tunedModel: RemoteModel | undefined;
let base: { engine: RemoteEngine; model: Promise<RemoteModel> } | undefined;
/** The engine the trained models live on: after a lost device the page's new engine has none of them. */
let trainedOn: RemoteEngine | undefined;
/** Samples written again since the last training: each takes the next seed. */
let rewrites = 0;
/** The status line that says its run failed and points at the error box, while the box shows that message. */
let pointingAtError: HTMLElement | undefined;
/** What the plan line says while "your own text" is picked and its box is empty; Train says it too. */
const NO_TEXT = 'Paste the text to train on into the box under "text".';

$('legend').append(probabilityLegend());
for (const id of ['sample', 'before', 'after']) showAlternatives($(id));

/** Every field the engine's messages name, those spelled as the option is too: each is quoted, as "batch" is. */
const FIELDS = { layers: 'layers', width: 'width', heads: 'heads', contextLength: 'context', batchSize: 'batch', learningRate: 'learning rate', seed: 'seed', maxTokens: 'length', temperature: 'temperature' };
/** The error box's words for a message, for the plan line to say what Train would. */
const inFieldTerms = fieldNames(FIELDS);

const demo = startDemo({
  model: 'default:shakespeare',
  onModel: () => { // a load ("Reload the model" after a lost device) empties the box too
    errorBoxCleared();
    forgetLostModels();
  },
  fields: FIELDS,
});

/** Trained models gone with their engine's device are not offered again ("Write again"); what they wrote stays. */
function forgetLostModels(): void {
  if (trainedOn === demo.engine) return;
  scratchModel = undefined;
  tunedModel = undefined;
  trainedOn = undefined;
  $('write-again').hidden = true;
}

/** The text section 1 trains on; `own` when the user gave it. */
function corpus(): { name: string; text: string; own: boolean } {
  return $<HTMLSelectElement>('corpus').value === 'own'
    ? { name: 'your text', text: $<HTMLTextAreaElement>('own-text').value, own: true }
    : { name: SONNETS_NAME, text: SONNETS, own: false };
}

function modelShape(): Omit<ModelShape, 'context' | 'vocabSize'> {
  return { architecture: 'llama', layers: numberIn('layers'), width: numberIn('width'), heads: numberIn('heads') };
}

/** "1 character", "33 characters". */
function characters(n: number): string {
  return `${n} character${n === 1 ? '' : 's'}`;
}

/**
 * Throws, in this section's terms, what the trainer would find wrong with the text only after the
 * page has cleared the last run: a held-out part (a tenth, the shorter part) without a whole window in it.
 */
function checkLongEnough({ name, text, own }: ReturnType<typeof corpus>, contextLength: number): void {
  const heldOut = codePoints(splitHeldOut(text).heldOut); // the trainer's own split; a character is a token here
  if (heldOut <= contextLength) {
    throw new TrainingDataError(`${name} is too short for "context" ${contextLength}: its last ${100 * DEFAULT_HELD_OUT_FRACTION} %, held out to measure the loss on, `
      + `is ${characters(heldOut)}, and each window needs ${contextLength + 1} (${contextLength} to read and the next one to guess). `
      + `${own ? 'Paste more text, or lower "context".' : 'Lower "context".'}`);
  }
}

/** The vocabulary the trainer's character tokenizer builds on `alphabet` (alphabetOf the text): its characters and the one for unknown ones (U+FFFD). */
function vocabularyOf(alphabet: string): number {
  return buildTokenizer({ kind: 'char', alphabet }, '').tokenizer.vocabSize;
}

/**
 * The model the fields describe, its parameters and the GPU memory training it takes: what the
 * trainer itself computes before it allocates. Throws what it would refuse, shape or text.
 */
function describePlan(): string {
  const data = corpus();
  const { text } = data;
  if (!text) throw new TrainingDataError(NO_TEXT);
  const alphabet = alphabetOf(text);
  const vocabSize = vocabularyOf(alphabet);
  const contextLength = numberIn('context');
  const config = trainConfig({ ...modelShape(), context: contextLength, vocabSize });
  checkLongEnough(data, contextLength);
  const parameters = [...parameterShapes(config).values()].reduce((n, dims) => n + dims.reduce((a, b) => a * b, 1), 0);
  const batchSize = positiveIntegerIn('batch', '"batch"'); // else the plan line sizes a batch of 0 (or 2.5) that Train refuses
  const memory = trainingMemory(config, { batchSize, contextLength });
  return `${codePoints(text).toLocaleString('en-US')} characters, ${[...alphabet].length} different ones · a Llama of ${parameters.toLocaleString('en-US')} parameters (${formatBytes(4 * parameters)}) · `
    + `${formatBytes(memory.total)} of GPU memory to train it: weights, their gradients, the optimizer's two moments and ${formatBytes(memory.activations)} of activations`;
}

function showPlan(): void {
  const plan = $('plan');
  if (!corpus().text) {
    plan.textContent = NO_TEXT; // a request, not yet an error
    plan.classList.remove('error');
    return;
  }
  try {
    plan.textContent = describePlan();
    plan.classList.remove('error');
  } catch (error) {
    plan.textContent = inFieldTerms((error as Error).message); // what Train would refuse, said before it is pressed, in the box's words
    plan.classList.add('error');
  }
}

/** Streams a sample after `prompt` into `into`, each character shaded by its probability; how many tokens the model wrote. */
async function writeSample(into: HTMLElement, model: RemoteModel, prompt: string, seed: number, signal: AbortSignal): Promise<number> {
  into.replaceChildren(h('span', { className: 'prompt' }, prompt));
  const run = model.generate(prompt, { ...sampleOptions(), seed, logprobs: 5, signal });
  for await (const piece of run) into.append(tokenSpan(piece));
  return (await run.stats).generatedTokens;
}

/** "3.21 → 2.05": the first and last values of a series. */
function fromTo(values: number[]): string {
  return values.length ? `${values[0]!.toFixed(2)} → ${values.at(-1)!.toFixed(2)}` : '–';
}

/** Tokens per second over the last few steps (single steps jitter with the machine's load). */
function recentSpeed(steps: TrainStep[]): number {
  const recent = steps.slice(-10);
  return recent.reduce((sum, s) => sum + s.tokensPerSecond, 0) / recent.length;
}

async function trainFromScratch(engine: RemoteEngine): Promise<void> {
  const { name, text } = corpus();
  const alphabet = alphabetOf(text);
  const vocabSize = vocabularyOf(alphabet);
  const characters = [...alphabet].length;
  const steps = positiveIntegerIn('steps', SCRATCH_NAMES.steps);
  const seed = numberIn('train-seed', SCRATCH_NAMES.seed);
  const points: LossPoint[] = [];
  const reports: TrainStep[] = [];
  const status = $('train-status');
  // Where the plan said fewer "different" characters: the token for characters the text lacks.
  const unknown = vocabSize > characters ? ` (the text's ${characters} characters and one for any other)` : '';
  const uniform = { loss: Math.log(vocabSize), label: `guessing evenly among its ${vocabSize} tokens${unknown}` };
  const draw = () => lossView((width) => lossChart(points, width, { caption: 'Training loss at every step; held-out loss on text it never trains on', uniform }));
  $('sample').replaceChildren();
  $('sample-status').textContent = '';
  $('write-again').hidden = true; // until this run's model writes: the last one's no longer goes with the curve
  delete status.dataset.firstLoss;
  delete status.dataset.lastLoss;
  status.textContent = 'preparing the GPU (the first run compiles the training kernels)…';
  draw();
  controller = new AbortController();
  const trained = await engine.train({
    data: { train: { name, text } },
    model: modelShape(),
    steps,
    batchSize: numberIn('batch'),
    contextLength: numberIn('context'),
    learningRate: numberIn('learning-rate', SCRATCH_NAMES.learningRate),
    evalEvery: Math.max(1, Math.round(steps / HELD_OUT_EVALS)),
    evalTokens: EVAL_TOKENS,
    seed,
    signal: controller.signal,
    onStep: (s) => {
      reports.push(s);
      points.push(...lossPoints(s));
      status.textContent = `step ${s.step} of ${steps} · loss ${s.loss.toFixed(3)} · ${Math.round(recentSpeed(reports)).toLocaleString('en-US')} tokens/s`;
      draw();
    },
  });
  const losses = reports.map((s) => s.loss);
  const heldOut = reports.flatMap((s) => (s.valLoss === undefined ? [] : [s.valLoss]));
  // Held-out loss is measured every few steps: its first value is not step 0's, beside the training loss's.
  const firstHeldOut = reports.find((s) => s.valLoss !== undefined)?.step;
  status.textContent = `${reports.length} steps in ${trained.seconds.toFixed(1)} s · ${trained.tokensSeen.toLocaleString('en-US')} tokens seen · `
    + `${reports.length ? Math.round(recentSpeed(reports)).toLocaleString('en-US') : 0} tokens/s · loss ${fromTo(losses)} · held-out ${fromTo(heldOut)}${firstHeldOut === undefined ? '' : ` (from step ${firstHeldOut})`} · `
    + `${formatBytes(trained.memory.total)} of GPU memory used`;
  if (losses.length) Object.assign(status.dataset, { firstLoss: String(losses[0]), lastLoss: String(losses.at(-1)) });
  scratchModel?.dispose();
  scratchModel = await trained.load();
  trainedOn = engine;
  rewrites = 0;
  $('write-again').hidden = false; // the model is there, whether or not its first sample goes well
  // A signal of its own: Stop may have ended the training, and the model so far still writes (Stop ends this too).
  controller = new AbortController();
  await sampleSection(scratchModel, seed, (written) => (written
    ? `written by the model after ${reports.length} steps${reports.length < steps ? ' (stopped early)' : ''}`
    : 'stopped before the model wrote anything'));
}

/**
 * Writes a sample with `model` under the training section, and says how in its status (with a
 * note on prompt characters the model never saw); a sample that fails points there, not at the
 * training, which went well.
 */
async function sampleSection(model: RemoteModel, seed: number, said: (written: number) => string): Promise<void> {
  const prompt = samplePrompt();
  const status = $('sample-status');
  try {
    const written = await writeSample($('sample'), model, prompt, seed, controller!.signal);
    status.textContent = [said(written), unknownNote(await model.unknownCharacters(prompt))].filter(Boolean).join('. ');
  } catch (error) {
    pointingAtError = status;
    status.textContent = 'the sample failed: the message is below';
    throw error;
  }
}

/** "length" and "temperature", checked as generate() checks them: before a training run, not after it. */
function sampleOptions(): { maxTokens: number; temperature: number } {
  const options = { maxTokens: numberIn('max-tokens'), temperature: numberIn('temperature') };
  checkGenerateOptions(options);
  return options;
}

/** The fields both sections have, named with their section: the engine's message, or the label alone, would not say which. */
function sectionNames(section: string): { steps: string; seed: string; learningRate: string } {
  return { steps: `"steps" ${section}`, seed: `"seed" ${section}`, learningRate: `"learning rate" ${section}` };
}
const SCRATCH_NAMES = sectionNames('of training from scratch (1)');
const FINE_TUNE_NAMES = sectionNames('of fine-tuning (2)');
// Not among the names the error box renames options by: "prompt" is a word of the engine's messages too.
const SCRATCH_PROMPT = '"prompt" of training from scratch (1)';
const FINE_TUNE_PROMPT = '"prompt" of fine-tuning (2)';

/** A section's prompt, refused by its field's name when empty (the engine's words would name none, and both sections have one). */
function promptIn(id: 'sample-prompt' | 'ft-prompt', name: string): string {
  const prompt = $<HTMLInputElement>(id).value;
  if (!prompt) throw new RangeError(`${name} is empty: give the model a few characters to continue`);
  return prompt;
}
const samplePrompt = () => promptIn('sample-prompt', SCRATCH_PROMPT);

/** Another sample from the model just trained, with the prompt, length and temperature as they are now, and the next seed. */
async function writeAgain(): Promise<void> {
  if (!scratchModel) return;
  const seed = numberIn('train-seed', SCRATCH_NAMES.seed) + ++rewrites;
  controller = new AbortController();
  await sampleSection(scratchModel, seed, (written) => (written ? `written again (seed ${seed})` : 'stopped before the model wrote anything'));
}

/** The base model as it was, loaded once per engine (a lost device brings a new engine). */
function baseModel(engine: RemoteEngine): Promise<RemoteModel> {
  if (base?.engine !== engine) {
    const model = engine.load(FINE_TUNE_BASE);
    base = { engine, model };
    model.catch(() => { if (base?.model === model) base = undefined; });
  }
  return base.model;
}

/**
 * Throws, in this section's terms, when the lines hold characters the base model has no token for
 * (all of them named at once: the trainer names the first it meets, after "Before" is written).
 */
async function checkAlphabet(model: RemoteModel, lines: string): Promise<void> {
  const unknown = await model.unknownCharacters(lines);
  if (unknown.length === 0) return;
  throw new TrainingDataError(`your lines hold ${listedCharacters(unknown)}, which the model's alphabet has no token for: fine-tuning cannot learn ${unknown.length === 1 ? 'it' : 'them'}. `
    + 'Write them another way, or leave them out.');
}

/** Throws, in this section's terms, when the lines hold no whole window: the base model reads one character per token. */
function checkLines(lines: string): void {
  const { contextLength } = FINE_TUNE_SHAPE;
  const length = codePoints(lines);
  if (length <= contextLength) {
    throw new TrainingDataError(`your lines are ${characters(length)} long, and fine-tuning needs ${contextLength + 1} at least: `
      + `it reads windows of ${contextLength} characters and learns to guess the one after each. Write more lines.`);
  }
}

async function fineTune(engine: RemoteEngine): Promise<void> {
  const lines = $<HTMLTextAreaElement>('lines').value;
  const prompt = promptIn('ft-prompt', FINE_TUNE_PROMPT);
  const seed = numberIn('ft-seed', FINE_TUNE_NAMES.seed);
  const steps = positiveIntegerIn('ft-steps', FINE_TUNE_NAMES.steps);
  const points: LossPoint[] = [];
  const status = $('ft-status');
  const draw = () => fineTuneView((width) => lossChart(points, width, { caption: 'Fine-tuning: the loss on your lines, step by step' }));
  controller = new AbortController(); // first: Stop works while the base model loads
  const { signal } = controller;
  const base = await baseModel(engine);
  if (signal.aborted) {
    status.textContent = 'stopped before fine-tuning'; // asked for while the base model loaded
    return;
  }
  await checkAlphabet(base, lines); // before the last run's results are cleared
  $('after').replaceChildren();
  status.textContent = '';
  fineTuneView(null);
  await writeSample($('before'), base, prompt, seed, signal);
  if (signal.aborted) {
    status.textContent = 'stopped before fine-tuning'; // asked for: no failure to report
    return;
  }
  status.textContent = 'fine-tuning…';
  const mine = { name: 'your lines', text: lines };
  const trained = await engine.train({
    // Your lines are both the text to learn and the text to measure: fitting them is the point.
    data: { train: mine, heldOut: mine },
    from: FINE_TUNE_BASE,
    steps,
    ...FINE_TUNE_SHAPE,
    learningRate: numberIn('ft-learning-rate', FINE_TUNE_NAMES.learningRate),
    seed,
    signal,
    onStep: (s) => {
      points.push(...lossPoints({ ...s, valLoss: undefined })); // held out = trained on here: the training curve alone
      status.textContent = `step ${s.step} of ${steps} · loss ${s.loss.toFixed(3)}`;
      draw();
    },
  });
  status.textContent = `${points.length} steps in ${trained.seconds.toFixed(1)} s · loss ${fromTo(points.map((p) => p.loss))}`
    + `${trained.last?.valLoss === undefined ? '' : ` · on all your lines now ${trained.last.valLoss.toFixed(2)}`}`;
  tunedModel?.dispose();
  tunedModel = await trained.load();
  trainedOn = engine;
  controller = new AbortController(); // as for section 1's sample: the tuned model writes even after a Stop
  await writeSample($('after'), tunedModel, prompt, seed, controller.signal);
}

const STOPS = ['train-stop', 'finetune-stop'] as const;

interface SectionRun {
  /** Throws what would fail before the section's last results are cleared: they stay, and so does its status line. */
  check?: () => void;
  task: (engine: RemoteEngine) => Promise<void>;
  /** The status line that says the run failed, once the task has begun replacing the results. */
  status: string;
  /** The only Stop enabled while it runs. */
  stop: (typeof STOPS)[number];
  /** The section's words for the options both sections have, in its messages. */
  names: Record<string, string>;
}

/** Runs a section's task on the page's engine through the kit (state, errors, buttons). */
function runWithEngine({ check, task, status, stop, names }: SectionRun): Promise<void | undefined> {
  // run() only starts once a model, and so the engine, is there.
  return demo.run(async () => {
    errorBoxCleared();
    for (const id of STOPS) $<HTMLButtonElement>(id).disabled = id !== stop; // the kit enabled both
    check?.();
    try {
      await task(demo.engine!);
    } catch (error) {
      // The trainer's advice names a warm-up and gradient clipping too, which this page has no field for (review AG).
      if (error instanceof TrainingDivergedError) error.message = error.message.replace(TrainingDivergedError.scheduleAdvice, '');
      // Not "fine-tuning…" for a run that has ended; a part of it that failed on its own (the sample) has said so.
      if (!pointingAtError) {
        pointingAtError = $(status);
        pointingAtError.textContent = 'the run failed: the message is below';
      }
      throw error;
    }
  }, names);
}

/** The kit empties the error box as a run or load starts: a status line pointing at it says only that its run failed. */
function errorBoxCleared(): void {
  if (pointingAtError) pointingAtError.textContent = 'the run failed';
  pointingAtError = undefined;
}

/**
 * A section's steps, learning rate and seed, checked before its run clears the last one's results
 * (the learning rate as the trainer checks it, review AG: -1 cleared them; the seed as generate()
 * checks it: the sample takes it first).
 */
function checkSectionFields(names: typeof SCRATCH_NAMES, ids: { steps: string; learningRate: string; seed: string }): void {
  positiveIntegerIn(ids.steps, names.steps);
  checkSchedule({ learningRate: numberIn(ids.learningRate, names.learningRate), warmup: 0, steps: 1, schedule: 'constant' });
  checkGenerateOptions({ seed: numberIn(ids.seed, names.seed) });
}

const TRAIN: SectionRun = {
  check: () => { samplePrompt(); sampleOptions(); checkSectionFields(SCRATCH_NAMES, { steps: 'steps', learningRate: 'learning-rate', seed: 'train-seed' }); describePlan(); },
  task: trainFromScratch, status: 'train-status', stop: 'train-stop', names: SCRATCH_NAMES,
};
const FINE_TUNE: SectionRun = {
  check: () => { promptIn('ft-prompt', FINE_TUNE_PROMPT); sampleOptions(); checkSectionFields(FINE_TUNE_NAMES, { steps: 'ft-steps', learningRate: 'ft-learning-rate', seed: 'ft-seed' }); checkLines($<HTMLTextAreaElement>('lines').value); },
  task: fineTune, status: 'ft-status', stop: 'finetune-stop', names: FINE_TUNE_NAMES,
};
const WRITE_AGAIN: SectionRun = { check: () => { samplePrompt(); sampleOptions(); }, task: writeAgain, status: 'sample-status', stop: 'train-stop', names: SCRATCH_NAMES };

$('corpus').addEventListener('change', () => {
  $('own-text').hidden = $<HTMLSelectElement>('corpus').value !== 'own';
  showPlan();
});
for (const id of ['own-text', 'layers', 'width', 'heads', 'context', 'batch']) $(id).addEventListener('input', showPlan);
$('own-text').hidden = $<HTMLSelectElement>('corpus').value !== 'own';
showPlan();

$('train').addEventListener('click', () => void runWithEngine(TRAIN));
$('finetune').addEventListener('click', () => void runWithEngine(FINE_TUNE));
$('write-again').addEventListener('click', () => void runWithEngine(WRITE_AGAIN));
for (const id of STOPS) $(id).addEventListener('click', () => controller?.abort());

if (params.get('autorun') === '1') void demo.ready.then(() => runWithEngine(TRAIN));
