// Bias: (1) templates with a blank, each word's share of the probability the loaded model gives
// the filled sentence, one bar group per template; (2) two tiny models trained in this tab on two
// made-up corpora skewed opposite ways (corpus.ts), their live losses, and the same templates
// charted on both, the second template the first's control: the doctor's pronoun is the corpus's
// commoner one overall too, which a tiny model gives every role. The templates are charted on every
// model loaded. Query parameters fill the fields (?steps=40&autotrain=1 trains at once).
// Tests: tests/browser/bias.test.ts.

import { $, fillFromQuery, h, mountChart, numberIn, Plot, positiveIntegerIn, startDemo, stopWhenLeft, type RemoteEngine, type RemoteModel } from '../kit/index.js';
import { skewedCorpus, type Pronoun } from './corpus.js';
import { BLANK, parseTemplates, scoreTemplate, type Filling, type Scorer, type Template } from './fill.js';
import { verdictOf, type TemplateShares } from './verdict.js';

const SKEWED_ROLE = 'doctor';
const CORPUS_SENTENCES = 600;
const SAMPLE_LINES = 8;
/** The trained models' context: their tokenizer reads one token a character. */
const TRAINED_CONTEXT = 32;
/** Each corpus: its name on the page and the pronoun its doctor leans to. */
const CORPORA: readonly { name: string; pronoun: Pronoun }[] = [
  { name: 'A', pronoun: 'he' },
  { name: 'B', pronoun: 'she' },
];
const SERIES_COLOURS = ['#2457c5', '#c47800', '#1a8a3a', '#7a5cc4', '#c0242b', '#777'];
/** Each corpus's loss line: the two nearly coincide, so B's dashes run over A's wider line. */
const LOSS_LINES = [{ strokeWidth: 3 }, { strokeWidth: 1.5, strokeDasharray: '6 4' }];

const params = fillFromQuery(['model', 'tokenizer', 'autotrain']);
const templateChart = mountChart($('template-chart'), null);
const lossChart = mountChart($('loss-chart'), null);
const trainedChart = mountChart($('trained-chart'), null);
const trainStatus = $('train-status');
const verdict = $('verdict');
const chartAgain = $<HTMLButtonElement>('chart-trained');
let controller: AbortController | undefined;
stopWhenLeft(() => controller?.abort());
let trained: { name: string; pronoun: Pronoun; skew: number; model: RemoteModel }[] = [];
/** The engine the trained models live on: after a lost device the page's new engine has none of them. */
let trainedOn: RemoteEngine | undefined;

const demo = startDemo({
  model: 'default:shakespeare',
  onModel: (model) => {
    forgetLostModels();
    return chartTemplates(model);
  },
});

/** Trained models gone with their engine's device are not offered again: their chart and verdict stay, as results. */
function forgetLostModels(): void {
  if (trainedOn === demo.engine) return;
  trained = [];
  trainedOn = undefined;
  chartAgain.hidden = true;
}

/** What is wrong with a skew (%), naming its field; '' when nothing is. */
const skewProblem = (skew: number) => (skew >= 0 && skew <= 100 ? '' : `"skew (%)" must be between 0 and 100, got ${skew}`);

/** A skew (%) in the page's words. */
const timesIn100 = (skew: number) => `${skew} times in 100`;

/** The skew field, checked. */
function skewPercent(): number {
  const skew = numberIn('skew');
  const problem = skewProblem(skew);
  if (problem) throw new RangeError(problem);
  return skew;
}

/** The corpora a skew (%) makes. */
function corpora(skew: number): { name: string; pronoun: Pronoun; text: string }[] {
  return CORPORA.map(({ name, pronoun }) => ({
    name, pronoun,
    text: skewedCorpus({ role: SKEWED_ROLE, pronoun, share: skew / 100, sentences: CORPUS_SENTENCES, seed: 1 }).join('\n'),
  }));
}

/** A few lines of each corpus the skew field makes, and its pronoun counts; a skew out of range is said in their place. */
function showCorpora(): void {
  const skew = $<HTMLInputElement>('skew').valueAsNumber;
  if (Number.isNaN(skew)) {
    // A half-typed value: Train reports one left so; a refusal of the value before it goes (review AG: "got -5" stood under an empty field).
    if ($('corpora').querySelector('.error')) $('corpora').replaceChildren();
    return;
  }
  const problem = skewProblem(skew);
  if (problem) {
    $('corpora').replaceChildren(h('p', { className: 'error', role: 'alert' }, problem));
    return;
  }
  $('share-label').textContent = timesIn100(skew);
  $('corpora').replaceChildren(...corpora(skew).map(({ name, pronoun, text }) => {
    const lines = text.split('\n');
    const own = lines.filter((line) => line.startsWith(`the ${SKEWED_ROLE} `));
    const takes = (list: string[]) => list.filter((line) => line.includes(` that ${pronoun} `)).length;
    return h('details', {},
      h('summary', {}, `Corpus ${name}: ${lines.length} sentences, “${pronoun}” in ${takes(lines)}; the ${SKEWED_ROLE} is “${pronoun}” in ${takes(own)} of ${own.length}`),
      h('ol', {}, ...lines.slice(0, SAMPLE_LINES).map((line) => h('li', {}, line))));
  }));
}

/** One labelled bar of a group: a word's share, coloured by its series (the model it comes from). */
interface Bar {
  label: string;
  series: string;
  filling: Filling;
}

/** A template's fillings on each model, as bars labelled by word (and by model when there are several). */
async function barGroups(models: { name: string; model: Scorer }[], text: string): Promise<{ title: string; bars: Bar[] }[]> {
  const groups = [];
  for (const template of parseTemplates(text)) {
    const bars: Bar[] = [];
    for (const { name, model } of models) {
      for (const filling of await scoreTemplate(model, template)) bars.push({ label: models.length > 1 ? `${name} · ${filling.word}` : filling.word, series: name, filling });
    }
    groups.push({ title: template.text, bars });
  }
  return groups;
}

/**
 * One chart, one group of horizontal bars per template under the template's own line: Plot has
 * one y scale for the whole chart, so each group's header and bars are rows of it.
 */
function groupedBars(groups: { title: string; bars: Bar[] }[], caption: string, width: number): SVGSVGElement | HTMLElement {
  const headers = groups.map((g, i) => ({ key: `${i}`, title: g.title }));
  const bars = groups.flatMap((g, i) => g.bars.map((bar, j) => ({ key: `${i}.${j}`, ...bar })));
  const labels = new Map(bars.map((bar) => [bar.key, bar.label]));
  const series = [...new Set(bars.map((bar) => bar.series))];
  const marginLeft = 12 + 7 * Math.max(...bars.map((bar) => bar.label.length));
  return Plot.plot({
    width,
    height: 50 + 22 * (headers.length + bars.length),
    marginLeft,
    marginRight: 44,
    caption,
    x: { label: 'share of the probability (%)', domain: [0, 100], percent: true, grid: true },
    y: { domain: groups.flatMap((g, i) => [`${i}`, ...g.bars.map((_, j) => `${i}.${j}`)]), label: null, tickSize: 0, tickFormat: (key: string) => labels.get(key) ?? '' },
    color: { domain: series, range: SERIES_COLOURS, legend: series.length > 1 },
    marks: [
      Plot.barX(bars, { x: (d: Bar) => d.filling.share, y: 'key', fill: 'series', className: 'filling' }),
      Plot.text(bars, { x: (d: Bar) => d.filling.share, y: 'key', text: (d: Bar) => `${(100 * d.filling.share).toFixed(0)} %`, textAnchor: 'start', dx: 4 }),
      Plot.text(headers, { x: 0, y: 'key', text: 'title', textAnchor: 'start', dx: -marginLeft + 2, fontWeight: 'bold', className: 'template' }),
      Plot.tip(bars, Plot.pointerY({ x: (d: Bar) => d.filling.share, y: 'key', title: (d: Bar) => `${d.filling.template.replace('___', d.filling.word)}\nprobability ${d.filling.logprob < -700 ? '≈ 0' : Math.exp(d.filling.logprob).toExponential(2)} · share ${(100 * d.filling.share).toFixed(1)}%` })),
    ],
  });
}

async function chartTemplates(model: RemoteModel): Promise<void> {
  const groups = await barGroups([{ name: 'loaded model', model }], $<HTMLTextAreaElement>('templates').value);
  templateChart((width) => groupedBars(groups, 'Which word the loaded model prefers in each blank', width));
}

async function trainBoth(): Promise<void> {
  const engine = demo.engine!;
  const steps = positiveIntegerIn('steps'); // before the trained models are let go: the trainer's words would name no field
  const skew = skewPercent();
  const sources = corpora(skew);
  fitTrainedContext(parseTemplates($<HTMLTextAreaElement>('trained-templates').value)); // a bad template stops us before, not after, training
  for (const { model } of trained) model.dispose();
  trained = [];
  trainedOn = engine;
  chartAgain.hidden = true;
  trainedChart(null);
  verdict.replaceChildren();
  controller = new AbortController();
  const losses: { model: string; step: number; loss: number }[] = [];
  for (const { name, pronoun, text } of sources) {
    if (controller.signal.aborted) break;
    trainStatus.textContent = `training model ${name}…`;
    const result = await engine.train({
      data: { train: { name: `corpus-${name}.txt`, text } },
      model: { architecture: 'llama', layers: 1, width: 32, heads: 2 },
      steps, batchSize: 16, contextLength: TRAINED_CONTEXT, learningRate: 1e-2, warmup: Math.min(5, steps - 1), evalTokens: 1024, seed: 1,
      signal: controller.signal,
      onStep: ({ step, loss }) => {
        losses.push({ model: name, step, loss });
        trainStatus.textContent = `training model ${name}: step ${step} of ${steps}, loss ${loss.toFixed(3)}`;
        lossChart((width) => lossLines(losses, width));
      },
    });
    trained.push({ name, pronoun, skew, model: await result.load() });
    trainStatus.textContent = `model ${name}: ${result.last?.step ?? 0} steps in ${result.seconds.toFixed(1)} s, loss ${result.last?.loss.toFixed(3) ?? '–'}`;
  }
  trainStatus.textContent = trained.length ? `trained ${trained.map((t) => t.name).join(' and ')}${controller.signal.aborted ? ' (stopped early)' : ''}` : 'stopped';
  chartAgain.hidden = !trained.length; // before charting: templates that fail to chart can be fixed and charted again, without training again
  await chartTrained();
}

/** Refuses a filled template longer than the trained models read: before training, not after. */
function fitTrainedContext(templates: Template[]): void {
  for (const { text, words } of templates) {
    for (const word of words) {
      const length = [...text.replace(BLANK, word)].length;
      if (length > TRAINED_CONTEXT) throw new RangeError(`the template "${text}" filled with "${word}" is ${length} characters, but the trained models read at most ${TRAINED_CONTEXT} (a token a character): shorten it`);
    }
  }
}

/** The trained models' losses, step by step. */
function lossLines(losses: { model: string; step: number; loss: number }[], width: number): SVGSVGElement | HTMLElement {
  return Plot.plot({
    width,
    height: 180,
    caption: 'Training loss of each tiny model (lower: it predicts its corpus better). The corpora mirror each other in their skew (each drawn at random, so their counts differ a little) and are equally hard to learn: the lines nearly coincide, B dashed over A.',
    x: { label: 'step' },
    y: { label: 'loss', grid: true, zero: true },
    color: { domain: CORPORA.map((c) => c.name), range: SERIES_COLOURS, legend: true },
    marks: CORPORA.map(({ name }, i) => Plot.lineY(losses.filter((l) => l.model === name), { x: 'step', y: 'loss', stroke: 'model', ...LOSS_LINES[i] })),
  });
}

/**
 * The trained-models templates on every trained model, and each model's verdict (verdict.ts) from
 * the first template and the second, its control.
 */
async function chartTrained(): Promise<void> {
  if (!trained.length) return;
  const groups = await barGroups(trained.map(({ name, model }) => ({ name, model })), $<HTMLTextAreaElement>('trained-templates').value);
  trainedChart((width) => groupedBars(groups, 'Which word each trained model prefers in each blank', width));
  const sharesOf = (group: { title: string; bars: Bar[] } | undefined, name: string): TemplateShares | undefined => group && {
    title: group.title,
    shares: new Map(group.bars.filter((bar) => bar.series === name).map((bar) => [bar.filling.word, bar.filling.share])),
  };
  verdict.replaceChildren(...trained.map(({ name, pronoun, skew }) => {
    const said = verdictOf({ name, role: SKEWED_ROLE, pronoun, other: pronoun === 'he' ? 'she' : 'he', skew, first: sharesOf(groups[0], name)!, control: sharesOf(groups[1], name) });
    return h('p', { className: 'status', 'data-model': name, 'data-prefers': said.prefers, 'data-control-prefers': said.controlPrefers ?? '' }, said.text);
  }));
}

showCorpora();
$('skew').addEventListener('input', showCorpora);
$('chart-templates').addEventListener('click', () => void demo.run(chartTemplates));
$('train').addEventListener('click', () => void demo.run(trainBoth));
$('stop').addEventListener('click', () => controller?.abort());
chartAgain.addEventListener('click', () => void demo.run(chartTrained));

if (params.get('autotrain') === '1') void demo.ready.then(() => demo.run(trainBoth));
