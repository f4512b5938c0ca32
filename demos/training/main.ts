// The training page: (1) a tiny Llama trained from scratch in the engine worker on the embedded
// sonnets or the user's text: loss and held-out loss per step, tokens/s, size and memory, then a
// sample; (2) the Shakespeare model fine-tuned on the user's lines, sampled before and after (same
// prompt and seed). ?steps=20&autorun=1 (any field by id) trains at once. Tests: tests/browser/training.test.ts.

import { alphabetOf } from '../../src/tokenizer/characters.js';
import type { TrainStep } from '../../src/train/api.js';
import { parameterShapes } from '../../src/train/gpu/layout.js';
import { trainingMemory } from '../../src/train/gpu/memory.js';
import { trainConfig, type ModelShape } from '../../src/train/init.js';
import {
  $, fillFromQuery, formatBytes, h, mountChart, numberIn, probabilityLegend, showAlternatives, startDemo, tokenSpan,
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
/** The models trained here (each replaced by the next run), and the base copy section 2 samples before tuning. */
let scratchModel: RemoteModel | undefined;
let tunedModel: RemoteModel | undefined;
let base: { engine: RemoteEngine; model: Promise<RemoteModel> } | undefined;
/** Samples written again since the last training: each takes the next seed. */
let rewrites = 0;

$('legend').append(probabilityLegend());
for (const id of ['sample', 'before', 'after']) showAlternatives($(id));

const demo = startDemo({
  model: 'default:shakespeare',
  fields: { contextLength: 'context', batchSize: 'batch', learningRate: 'learning rate', maxTokens: 'length' },
});

/** The text section 1 trains on. */
function corpus(): { name: string; text: string } {
  return $<HTMLSelectElement>('corpus').value === 'own'
    ? { name: 'your text', text: $<HTMLTextAreaElement>('own-text').value }
    : { name: SONNETS_NAME, text: SONNETS };
}

function modelShape(): Omit<ModelShape, 'context' | 'vocabSize'> {
  return { architecture: 'llama', layers: numberIn('layers'), width: numberIn('width'), heads: numberIn('heads') };
}

/** The model the fields describe, its parameters and the GPU memory training it takes: what the trainer itself computes before it allocates. */
function describePlan(): string {
  const { text } = corpus();
  const vocabSize = alphabetOf(text).length;
  const contextLength = numberIn('context');
  const config = trainConfig({ ...modelShape(), context: contextLength, vocabSize });
  const parameters = [...parameterShapes(config).values()].reduce((n, dims) => n + dims.reduce((a, b) => a * b, 1), 0);
  const memory = trainingMemory(config, { batchSize: numberIn('batch'), contextLength });
  return `${text.length.toLocaleString('en-US')} characters, ${vocabSize} different ones · a Llama of ${parameters.toLocaleString('en-US')} parameters (${formatBytes(4 * parameters)}) · `
    + `${formatBytes(memory.total)} of GPU memory to train it: weights, their gradients, the optimizer's two moments and ${formatBytes(memory.activations)} of activations`;
}

function showPlan(): void {
  const plan = $('plan');
  if (!corpus().text) {
    plan.textContent = 'Paste the text to train on above.';
    plan.classList.remove('error');
    return;
  }
  try {
    plan.textContent = describePlan();
    plan.classList.remove('error');
  } catch (error) {
    plan.textContent = (error as Error).message; // a shape the trainer refuses, said as it would say it
    plan.classList.add('error');
  }
}

/** Streams a sample after `prompt` into `into`, each character shaded by its probability; how many tokens the model wrote. */
async function writeSample(into: HTMLElement, model: RemoteModel, prompt: string, seed: number, signal: AbortSignal): Promise<number> {
  into.replaceChildren(h('span', { className: 'prompt' }, prompt));
  const run = model.generate(prompt, { maxTokens: numberIn('max-tokens'), temperature: numberIn('temperature'), seed, logprobs: 5, signal });
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
  describePlan(); // a shape the trainer refuses fails here, before the last run's curve and sample are cleared
  const data = corpus();
  const vocabSize = alphabetOf(data.text).length;
  const steps = numberIn('steps');
  const seed = numberIn('train-seed');
  const points: LossPoint[] = [];
  const reports: TrainStep[] = [];
  const status = $('train-status');
  const uniform = { loss: Math.log(vocabSize), label: `guessing among ${vocabSize} characters` };
  const draw = () => lossView((width) => lossChart(points, width, { caption: 'Training loss at every step; held-out loss on text it never trains on', uniform }));
  $('sample').replaceChildren();
  $('sample-status').textContent = '';
  delete status.dataset.firstLoss;
  delete status.dataset.lastLoss;
  status.textContent = 'preparing the GPU (the first run compiles the training kernels)…';
  draw();
  controller = new AbortController();
  const trained = await engine.train({
    data: { train: data },
    model: modelShape(),
    steps,
    batchSize: numberIn('batch'),
    contextLength: numberIn('context'),
    learningRate: numberIn('learning-rate'),
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
  status.textContent = `${reports.length} steps in ${trained.seconds.toFixed(1)} s · ${trained.tokensSeen.toLocaleString('en-US')} tokens seen · `
    + `${reports.length ? Math.round(recentSpeed(reports)).toLocaleString('en-US') : 0} tokens/s · loss ${fromTo(losses)} · held-out ${fromTo(heldOut)} · `
    + `${formatBytes(trained.memory.total)} of GPU memory used`;
  if (losses.length) Object.assign(status.dataset, { firstLoss: String(losses[0]), lastLoss: String(losses.at(-1)) });
  scratchModel?.dispose();
  scratchModel = await trained.load();
  // A signal of its own: Stop may have ended the training, and the model so far still writes (Stop ends this too).
  controller = new AbortController();
  const written = await writeSample($('sample'), scratchModel, $<HTMLInputElement>('sample-prompt').value, seed, controller.signal);
  $('sample-status').textContent = written
    ? `written by the model after ${reports.length} steps${reports.length < steps ? ' (stopped early)' : ''}`
    : 'stopped before the model wrote anything';
  rewrites = 0;
  $('write-again').hidden = false;
}

/** Another sample from the model just trained, with the prompt, length and temperature as they are now, and the next seed. */
async function writeAgain(): Promise<void> {
  if (!scratchModel) return;
  const seed = numberIn('train-seed') + ++rewrites;
  controller = new AbortController();
  const written = await writeSample($('sample'), scratchModel, $<HTMLInputElement>('sample-prompt').value, seed, controller.signal);
  $('sample-status').textContent = written ? `written again (seed ${seed})` : 'stopped before the model wrote anything';
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

async function fineTune(engine: RemoteEngine): Promise<void> {
  const lines = $<HTMLTextAreaElement>('lines').value;
  const prompt = $<HTMLInputElement>('ft-prompt').value;
  const seed = numberIn('ft-seed');
  const steps = numberIn('ft-steps');
  const points: LossPoint[] = [];
  const status = $('ft-status');
  const draw = () => fineTuneView((width) => lossChart(points, width, { caption: 'Fine-tuning: the loss on your lines, step by step' }));
  $('after').replaceChildren();
  status.textContent = '';
  fineTuneView(null);
  controller = new AbortController();
  const { signal } = controller;
  await writeSample($('before'), await baseModel(engine), prompt, seed, signal);
  status.textContent = 'fine-tuning…';
  const mine = { name: 'your lines', text: lines };
  const trained = await engine.train({
    // Your lines are both the text to learn and the text to measure: fitting them is the point.
    data: { train: mine, heldOut: mine },
    from: FINE_TUNE_BASE,
    steps,
    ...FINE_TUNE_SHAPE,
    learningRate: numberIn('ft-learning-rate'),
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
  controller = new AbortController(); // as for section 1's sample: the tuned model writes even after a Stop
  await writeSample($('after'), tunedModel, prompt, seed, controller.signal);
}

const STOPS = ['train-stop', 'finetune-stop'] as const;

/** Runs a task on the page's engine through the kit (state, errors, buttons); only its section's Stop stays enabled. */
function runWithEngine(task: (engine: RemoteEngine) => Promise<void>, status: string, stop: (typeof STOPS)[number]): Promise<void | undefined> {
  // run() only starts once a model, and so the engine, is there.
  return demo.run(async () => {
    for (const id of STOPS) $<HTMLButtonElement>(id).disabled = id !== stop; // the kit enabled both
    try {
      await task(demo.engine!);
    } catch (error) {
      $(status).textContent = 'the run failed: the message is below'; // not "fine-tuning…" for a run that has ended
      throw error;
    }
  });
}

$('corpus').addEventListener('change', () => {
  $('own-text').hidden = $<HTMLSelectElement>('corpus').value !== 'own';
  showPlan();
});
for (const id of ['own-text', 'layers', 'width', 'heads', 'context', 'batch']) $(id).addEventListener('input', showPlan);
$('own-text').hidden = $<HTMLSelectElement>('corpus').value !== 'own';
showPlan();

$('train').addEventListener('click', () => void runWithEngine(trainFromScratch, 'train-status', 'train-stop'));
$('finetune').addEventListener('click', () => void runWithEngine(fineTune, 'ft-status', 'finetune-stop'));
$('write-again').addEventListener('click', () => void runWithEngine(writeAgain, 'sample-status', 'train-stop'));
for (const id of STOPS) $(id).addEventListener('click', () => controller?.abort());

if (params.get('autorun') === '1') void demo.ready.then(() => runWithEngine(trainFromScratch, 'train-status', 'train-stop'));
