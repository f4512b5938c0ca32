// Making things up: one prompt continued at several temperatures side by side with the same seed,
// each token shaded by the probability the model gave it, the ones below a threshold underlined as
// made-up choices (hover: the alternatives), and a chart of every chosen token's probability per
// temperature. A prompt longer than the context is cut to its last tokens that leave the model room
// to write. Query parameters fill the fields (?temperatures=0,2&max-tokens=30&autorun=1).
// Tests: tests/browser/making-things-up.test.ts.

import { checkGenerateOptions } from '../../src/model/options.js';
import {
  $, contextIds, contextNote, fillFromQuery, h, mountChart, numberIn, Plot, probabilityLegend, showAlternatives, startDemo, tokenSpan,
  visibleText, type RemoteModel,
} from '../kit/index.js';

/** One generated token: the column it is in, the probability the model gave it, its text. */
interface Chosen {
  column: string;
  p: number;
  token: string;
}

const MADE_UP_COLOUR = '#b00020';

fillFromQuery();
const columns = $('columns');
const chart = mountChart($('chart'), null);
let chosen: Chosen[] = [];

$('legend').append(
  probabilityLegend(),
  h('span', { className: 'made-up-key' }, h('span', { className: 'token made-up' }, 'underlined'), ': a made-up choice, less likely than the threshold'),
);
showAlternatives(columns);

const demo = startDemo({
  model: 'default:shakespeare',
  onModel: clearRun, // the last run's columns were another model's
  fields: { maxTokens: 'max tokens', seed: 'seed', temperature: 'temperatures' }, // each temperature is checked as generate() checks it (review AG: the engine's name showed)
});

function clearRun(): void {
  chosen = [];
  chart(null);
  columns.replaceChildren();
  $('context-status').textContent = '';
}

/** The temperatures field: 1 to 6 numbers, 0 or more. */
function temperatures(): number[] {
  const text = $<HTMLInputElement>('temperatures').value;
  const values = text.split(/[\s,]+/).filter(Boolean).map(Number);
  if (values.length === 0 || values.length > 6 || values.some((t) => !(Number.isFinite(t) && t >= 0))) {
    throw new RangeError(`"temperatures" must be 1 to 6 numbers of 0 or more, separated by commas (e.g. 0, 0.7, 1.2, 2); got "${text}"`);
  }
  return values;
}

/** The threshold field as a probability. */
function threshold(): number {
  const percent = numberIn('threshold');
  if (percent < 0 || percent > 100) throw new RangeError(`"made up below (%)" must be between 0 and 100, got ${percent}`);
  return percent / 100;
}

/** A column's name; a temperature given twice is told apart by its place (else the chart merges the two rows). */
const columnLabel = (list: number[], i: number) => `temperature ${list[i]}${list.indexOf(list[i]!) !== list.lastIndexOf(list[i]!) ? ` (#${i + 1})` : ''}`;

/** The threshold as the field holds it now (it stays editable during a run), or `fallback` while it holds no valid one. */
function thresholdNow(fallback: number): number {
  const input = $<HTMLInputElement>('threshold');
  return input.checkValidity() && Number.isFinite(input.valueAsNumber) ? input.valueAsNumber / 100 : fallback;
}

async function generate(model: RemoteModel, signal: AbortSignal): Promise<void> {
  const list = temperatures();
  let limit = threshold();
  const options = { maxTokens: numberIn('max-tokens'), seed: numberIn('seed'), logprobs: 5 }; // 5: the alternatives on hover
  // Every column's options as generate() checks them, before the last run is cleared: a bad
  // temperature failed at its own column, the ones before it drawn.
  for (const temperature of list) checkGenerateOptions({ ...options, temperature });
  clearRun();
  const read = await contextIds(model, $<HTMLTextAreaElement>('prompt').value, { writes: true });
  if (read.ids.length === 0) {
    $('context-status').textContent = 'Type a prompt: this model has no start-of-text token, so it needs at least one token to go on from.';
    return;
  }
  $('context-status').textContent = contextNote(model, read);
  // Every column shows at once and fills one after the other: the model has one KV cache.
  const sections = list.map((temperature, i) => h('section', { className: 'column', 'data-temperature': String(temperature) },
    h('h2', {}, columnLabel(list, i)), h('div', { className: 'output' }, h('span', { className: 'prompt' }, read.text)), h('p', { className: 'status summary' })));
  columns.replaceChildren(...sections);
  for (const [i, temperature] of list.entries()) {
    if (signal.aborted) break;
    const section = sections[i]!;
    section.dataset.ran = ''; // markMadeUp counts it from now on
    const output = section.querySelector('.output')!;
    const run = model.generate(read.text, { ...options, temperature, signal });
    for await (const piece of run) {
      output.append(tokenSpan(piece));
      if (piece.logprobs) chosen.push({ column: columnLabel(list, i), p: Math.exp(piece.logprobs.chosen.logprob), token: visibleText(piece.logprobs.chosen.text) });
    }
    // The run's own reason, not the signal: a Stop pressed just after a column's last token leaves it whole.
    if ((await run.stats).stopReason === 'aborted') section.dataset.stopped = '';
    limit = thresholdNow(limit);
    markMadeUp(limit);
  }
  for (const section of sections.filter((s) => s.dataset.ran === undefined)) section.querySelector('.summary')!.textContent = 'not run: stopped before this column';
}

/** Underlines the tokens below `limit`, counts them in each column run so far, and charts their choices. */
function markMadeUp(limit: number): void {
  for (const column of columns.querySelectorAll<HTMLElement>('.column[data-ran]')) {
    const spans = [...column.querySelectorAll<HTMLElement>('.token[data-p]')];
    let madeUp = 0;
    for (const span of spans) {
      const below = Number(span.dataset.p) < limit;
      span.classList.toggle('made-up', below);
      if (below) madeUp++;
    }
    const summary = column.querySelector<HTMLElement>('.summary')!;
    summary.dataset.madeUp = String(madeUp);
    const stopped = column.dataset.stopped === undefined ? '' : '; stopped mid-column';
    summary.textContent = `${madeUp} of ${spans.length} tokens made up (below ${+(100 * limit).toFixed(1)} %)${stopped}`;
  }
  chart(chosen.length ? (width) => choicesChart(chosen, limit, width) : null);
}

/** Each chosen token's probability, one row per column: hotter columns reach further left, past the line. */
function choicesChart(data: Chosen[], limit: number, width: number): SVGSVGElement | HTMLElement {
  const rows = new Set(data.map((d) => d.column)).size;
  return Plot.plot({
    width,
    height: 50 + 34 * rows,
    marginLeft: 110,
    caption: 'The probability the model gave each token a column chose; left of the red line: made up',
    x: { label: 'probability of the chosen token (%)', domain: [0, 100], percent: true, grid: true },
    y: { label: null },
    marks: [
      Plot.tickX(data, { x: 'p', y: 'column', stroke: (d: Chosen) => (d.p < limit ? MADE_UP_COLOUR : '#2457c5'), strokeOpacity: 0.6 }),
      Plot.ruleX([limit], { stroke: MADE_UP_COLOUR, strokeDasharray: '4 3' }),
      Plot.tip(data, Plot.pointer({ x: 'p', y: 'column', title: (d: Chosen) => `${d.token}  ${(100 * d.p).toFixed(1)}%` })),
    ],
  });
}

demo.runButtons(generate);
// A new threshold re-marks the text already there; a half-typed one waits (Generate reports a bad one).
$<HTMLInputElement>('threshold').addEventListener('input', () => {
  const limit = thresholdNow(NaN);
  if (!Number.isNaN(limit)) markMadeUp(limit);
});
