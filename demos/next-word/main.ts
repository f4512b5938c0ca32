// Next word: the model's probabilities for the token after an editable context, as a bar chart of
// the likeliest tokens (model.inspect at the last position). Clicking a bar (or its row) appends
// that token and redraws; editing the context redraws after a pause in typing. ?context= sets the
// text. Tests: tests/browser/next-word.test.ts.

import { $, contextIds, fillFromQuery, formatPercent as percent, liveView, mountChart, Plot, startDemo, unknownNote, visibleText, type RemoteModel } from '../kit/index.js';

/** Bars shown: enough to see the tail of the distribution, few enough to read on a phone. */
const SHOWN = 15;

interface Candidate {
  rank: number;
  text: string;
  p: number;
}

fillFromQuery();
const context = $<HTMLTextAreaElement>('context');
const status = $('context-status');
const chartBox = $('chart');
const chart = mountChart(chartBox, null);

const demo = startDemo({ model: 'default:shakespeare', onModel: (model) => showNextTokens(model) });
const view = liveView(demo, showNextTokens);

async function showNextTokens(model: RemoteModel): Promise<void> {
  const text = context.value;
  const { ids, dropped, unknown } = await contextIds(model, text);
  if (ids.length === 0) {
    chart(null);
    status.textContent = 'Type some text: the model needs at least one token to go on from.';
  } else {
    const vocabulary = Math.min(model.config.vocabSize, model.info().tokenizerVocabSize);
    const { top } = await model.inspect(ids, { topK: Math.min(SHOWN, vocabulary) });
    const last = (ids.length - 1) * top.k;
    const candidates = Array.from({ length: top.k }, (_, rank) => ({ rank, text: top.text[last + rank]!, p: top.probs[last + rank]! }));
    const room = model.info().contextLength;
    status.textContent = `${ids.length} token${ids.length === 1 ? '' : 's'} of the ${room} the model can read at once`
      + (dropped ? `: the first ${dropped} are left out.` : '.')
      + (unknown.length ? ` ${unknownNote(unknown)}` : '');
    chart((width) => nextTokenChart(candidates, text, width));
  }
  chartBox.dataset.context = text; // what the bars are for (tests wait on it)
}

function append(candidate: Candidate): void {
  // A token's text is as it reads inside a text (" the"); the first after BOS reads without the space, as the model writes it.
  context.value += context.value === '' ? candidate.text.trimStart() : candidate.text;
  context.scrollTop = context.scrollHeight;
  void view.update();
}


/** A digit on the chart appended a token: the chart drawn next takes the focus. */
let keyboardChart = false;

/** Horizontal bars, likeliest first; a click anywhere on a bar's row appends its token, as does its number key (1-9) on the focused chart. */
function nextTokenChart(candidates: Candidate[], text: string, width: number): SVGSVGElement | HTMLElement {
  const label = (rank: number) => visibleText(candidates[rank]!.text) || '∅';
  const tail = visibleText(text.slice(-12));
  const longest = Math.max(...candidates.map((c) => label(c.rank).length));
  const figure = Plot.plot({
    width,
    height: 50 + 24 * candidates.length,
    marginLeft: Math.min(width / 3, 16 + 9 * longest), // the tokens' labels: 9 px a character at 14 px monospace
    marginRight: 56, // room for the last bar's percentage
    caption: `The ${candidates.length} likeliest next tokens after “${text.length > 12 ? '…' : ''}${tail}”: click one to append it (or Tab here and press 1-9)`,
    x: { label: 'probability (%)', percent: true, grid: true, axis: 'top' },
    y: { domain: candidates.map((c) => c.rank), label: null },
    marks: [
      Plot.barX(candidates, { y: 'rank', x: 'p', fill: '#4e79a7', title: (c: Candidate) => `${label(c.rank)}  ${percent(c.p)}` }),
      Plot.text(candidates, { y: 'rank', x: 'p', text: (c: Candidate) => percent(c.p), textAnchor: 'start', dx: 4, fontSize: 11 }),
      Plot.axisY({ tickFormat: label, tickSize: 0, fontSize: 14, fontFamily: 'ui-monospace, monospace' }),
      Plot.ruleX([0]),
    ],
  });
  // A chart still standing for an older text (a redraw under way) appends nothing: its tokens were not for this one.
  const current = () => context.value === text;
  figure.addEventListener('click', (event) => {
    if (!current()) return;
    const rank = rankAt(figure, event as MouseEvent);
    if (rank !== undefined) append(candidates[rank]!);
  });
  // The keyboard's way in: Tab reaches the chart, a digit appends that rank's token.
  figure.tabIndex = 0;
  figure.setAttribute('aria-label', `next-token chart: press 1 to ${Math.min(9, candidates.length)} to append the token of that rank`);
  figure.addEventListener('keydown', (event) => {
    const key = event as KeyboardEvent;
    if (key.ctrlKey || key.altKey || key.metaKey) return;
    const rank = Number(key.key) - 1;
    if (!(Number.isInteger(rank) && rank >= 0 && rank < Math.min(9, candidates.length)) || !current()) return;
    keyboardChart = true; // the next chart takes the focus, so digits go on appending
    append(candidates[rank]!);
  });
  // Only while the focus is still on the chart: one who went back to typing keeps the textarea.
  if (keyboardChart && chartBox.contains(document.activeElement)) requestAnimationFrame(() => figure.focus());
  keyboardChart = false;
  return figure;
}

/** The rank whose row (band of the y scale) holds the click, if any. */
function rankAt(figure: ReturnType<typeof Plot.plot>, event: MouseEvent): number | undefined {
  const svg = figure instanceof SVGSVGElement ? figure : figure.querySelector('svg')!;
  const y = figure.scale('y')!;
  const box = svg.getBoundingClientRect();
  const at = (event.clientY - box.top) * (svg.viewBox.baseVal.height / box.height); // CSS may shrink the chart
  return (y.domain as number[]).find((rank) => Math.abs(Number(y.apply(rank)) + y.bandwidth! / 2 - at) <= y.step! / 2);
}

context.addEventListener('input', () => view.changed());
