// The attention page: model.inspect(prompt, { attention: true }) drawn as one heatmap per layer and
// head (row t: where token t looks), a token strip whose hovered token lights up its row in every
// head, and softmax(QKᵀ/√d)V beside it with this model's shapes (formula.ts). ?prompt= fills the
// prompt. Tests: tests/browser/attention.test.ts.

import { $, clipLabel, contextIds, contextNote, fillFromQuery, h, mountChart, Plot, rovingFocus, startDemo, tokenLabels, type RemoteModel } from '../kit/index.js';
import { formulaTable } from './formula.js';

const WEIGHT_COLOURS = { type: 'linear', domain: [0, 1], scheme: 'blues' } as const;
const weightColour = Plot.scale({ color: WEIGHT_COLOURS });
const FOCUS = '#d1495b';
/** Below this many pixels a cell (a token), a panel leaves out its token labels: they are 9 px high. */
const LABEL_MIN_PX = 11;
/** The label band across the top: room for a 9 px label's full height. */
const LABEL_BAND_PX = 16;
/** The label band down the side at its widest: room for 4 characters of a label. */
const SIDE_BAND_PX = 36;
/** About the width of an axis label's character, wide ones included. */
const LABEL_CHAR_PX = 8;

/** The attention on show: L layers of (NH, T, T) weights, as inspect() gave them. */
interface Shown {
  T: number;
  nLayers: number;
  nHeads: number;
  weights: Float32Array[];
  labels: string[];
  /** The token whose row is lit. */
  focus: number;
}

fillFromQuery();
let shown: Shown | undefined;
let redraws: (() => void)[] = [];
$('legend').append(Plot.legend({ color: { ...WEIGHT_COLOURS, label: 'attention weight' }, width: 240, tickFormat: '.0%' }));

const demo = startDemo({ model: 'default:shakespeare', onModel: show });

async function show(model: RemoteModel): Promise<void> {
  // A prompt longer than the context: its last tokens, as the next-word page reads them.
  const context = await contextIds(model, $<HTMLInputElement>('prompt').value);
  const { ids } = context;
  if (ids.length === 0) {
    for (const part of ['tokens', 'formula', 'heads']) $(part).replaceChildren();
    shown = undefined;
    redraws = [];
    $('context-status').textContent = 'Type some text: attention needs at least one token to look from.';
    return;
  }
  $('context-status').textContent = contextNote(model, context);
  const result = await model.inspect(ids, { attention: true, topK: 0 });
  const { nLayers, nHeads } = model.config;
  const T = result.ids.length;
  shown = { T, nLayers, nHeads, weights: result.attention!, labels: await tokenLabels(model, result.ids, result.tokens), focus: T - 1 };
  $('tokens').replaceChildren(...shown.labels.map((label, t) => h('span', { className: 'strip-token', tabIndex: -1, title: `token ${t + 1}` }, label)));
  $('formula').replaceChildren(...formulaTable(model.config, T));
  drawPanels(shown);
  shadeStrip(shown);
  if (import.meta.env.DEV) Object.assign(window, { __attention: shown });
}

/** One small heatmap per layer and head, a row of heads per layer. */
function drawPanels(s: Shown): void {
  const charts: HTMLElement[][] = [];
  $('heads').replaceChildren(...s.weights.map((_, layer) => {
    charts[layer] = Array.from({ length: s.nHeads }, () => h('div', { className: 'chart' }));
    return h('section', { className: 'layer' },
      h('h3', {}, `Layer ${layer + 1}`),
      h('div', { className: 'heads' }, ...charts[layer].map((chart, head) =>
        h('figure', { className: 'head-panel', 'data-layer': layer, 'data-head': head }, chart, h('figcaption', {}, `head ${head + 1}`)))));
  }));
  redraws = charts.flatMap((row, layer) => row.map((chart, head) => mountChart(chart, (width) => headChart(s, layer, head, width))));
}

/** Layer `layer`, head `head`: cell (t, s) is how much token t attends to token s (s <= t: the rest are 0). */
function headChart(s: Shown, layer: number, head: number, width: number): SVGSVGElement | HTMLElement {
  const { T, labels, focus } = s;
  const weights = s.weights[layer]!;
  const cells = [];
  for (let t = 0; t < T; t++) for (let k = 0; k <= t; k++) cells.push({ t, k, p: weights[(head * T + t) * T + k]! });
  // The side band as wide as the longest label needs, up to SIDE_BAND_PX (review AH: a fixed 36 px took
  // the labels off narrow panels of one-character tokens).
  const longest = Math.max(...labels.map((label) => [...label].length));
  const side = Math.min(SIDE_BAND_PX, Math.max(LABEL_BAND_PX, 8 + LABEL_CHAR_PX * longest));
  const cellPx = (width - side) / T;
  const labelled = cellPx >= LABEL_MIN_PX;
  const [top, left] = labelled ? [LABEL_BAND_PX, side] : [1, 1];
  const positions = Array.from({ length: T }, (_, t) => t);
  // Labels cut to their room (review AG: "<|start_story|>" ran out of the panel and over its neighbours): a cell's width across the top, the band down the side; whole in the strip and the tips.
  const fit = (px: number) => (t: number) => clipLabel(labels[t]!, Math.max(1, Math.floor(px / LABEL_CHAR_PX)));
  const axis = { domain: positions, padding: 0, tickSize: 0, label: null };
  return Plot.plot({
    width,
    height: width - left + top, // square cells
    marginTop: top, marginLeft: left, marginRight: 1, marginBottom: 1,
    style: { fontSize: '9px' },
    x: { ...axis, axis: labelled ? 'top' : null, tickFormat: fit(cellPx) },
    y: { ...axis, axis: labelled ? 'left' : null, tickFormat: fit(side - 4) }, // less the tick padding
    color: WEIGHT_COLOURS,
    marks: [
      Plot.frame({ stroke: '#ddd' }),
      Plot.cell(cells, {
        x: 'k', y: 't', fill: 'p', inset: 0, className: 'weights',
        title: (c: { t: number; k: number; p: number }) => `${labels[c.t]} (token ${c.t + 1}) looks at ${labels[c.k]} (token ${c.k + 1}): ${(100 * c.p).toFixed(1)}%`,
        tip: true,
      }),
      Plot.cell([focus], { y: (t: number) => t, fill: 'none', stroke: FOCUS, strokeWidth: 1.5, inset: 0, className: 'focus-row' }),
    ],
  });
}

/** Lights token t's row in every head, and shades the strip by where t looks. */
function setFocus(t: number): void {
  if (!shown || t < 0 || t >= shown.T || t === shown.focus) return;
  shown.focus = t;
  shadeStrip(shown);
  for (const redraw of redraws) redraw();
}

/** The strip's focused token outlined, and each token up to it shaded by the weight it gets from the focus, averaged over every layer and head. */
function shadeStrip(s: Shown): void {
  const { T, weights, nHeads, focus: t } = s;
  const looks = new Float64Array(T);
  for (const layer of weights) for (let head = 0; head < nHeads; head++) for (let k = 0; k <= t; k++) looks[k] += layer[(head * T + t) * T + k]! / (weights.length * nHeads);
  [...$('tokens').children].forEach((span, k) => {
    const el = span as HTMLElement;
    el.classList.toggle('focus', k === t);
    el.style.backgroundColor = k <= t ? String(weightColour.apply(looks[k])) : '';
    el.style.color = looks[k]! > 0.6 ? '#fff' : '';
  });
}

const pick = (event: Event) => {
  const span = (event.target as Element).closest?.('.strip-token');
  if (span) setFocus([...$('tokens').children].indexOf(span));
};
for (const type of ['mouseover', 'focusin', 'click']) $('tokens').addEventListener(type, pick);
rovingFocus($('tokens'), '.strip-token'); // one tab stop; the arrow keys step through the tokens

$('prompt-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void demo.run(show);
});
