// Logit lens: the final norm and the unembedding applied to the residual stream after every layer
// (model.inspect's logitLens), as a grid: rows the input embedding and layers 1..L, columns the
// input's tokens (swapped in a narrow window), each cell the top prediction there shaded by its
// probability, outlined when it is the text's actual next token; hover: the top 3. Editing the
// text redraws after a pause in typing; ?text= sets it. Tests: tests/browser/logit-lens.test.ts.

import { $, clipLabel, contextIds, fillFromQuery, formatPercent as percent, liveView, mountChart, Plot, startDemo, tokenLabels, unknownNote, visibleText, type RemoteModel } from '../kit/index.js';

/** Tokens kept per cell: the top one shown, the top 3 on hover. */
const LENS_K = 3;
/** Narrower columns than this (px) and the grid turns: tokens down the side, layers across. */
const MIN_COLUMN = 20;

/** One cell: the lens's top tokens at one layer (row 0: the embedding) and position. */
interface LensCell {
  row: number;
  position: number;
  texts: string[];
  probs: number[];
  /** The top token is the text's actual next token. */
  hit: boolean;
}

interface Lens {
  /** Each position's token as a label (tokenLabels). */
  labels: string[];
  layers: number;
  cells: LensCell[];
}

fillFromQuery();
const text = $<HTMLTextAreaElement>('text');
const status = $('text-status');
const gridBox = $('grid');
const grid = mountChart(gridBox, null);

const demo = startDemo({ model: 'default:shakespeare', onModel: (model) => showLens(model) });
const view = liveView(demo, showLens);

async function showLens(model: RemoteModel): Promise<void> {
  const input = text.value;
  const { ids, dropped, unknown } = await contextIds(model, input);
  const layers = model.config.nLayers;
  if (ids.length === 0) {
    grid(null);
    status.textContent = 'Type some text: the lens needs at least one token.';
  } else {
    const result = await model.inspect(ids, { topK: 0, logitLens: LENS_K });
    const labels = await tokenLabels(model, result.ids, result.tokens);
    const cells = result.logitLens!.flatMap((lens, row) => result.tokens.map((_, position) => {
      const at = position * lens.k;
      return {
        row, position,
        texts: lens.text.slice(at, at + lens.k),
        probs: Array.from(lens.probs.subarray(at, at + lens.k)),
        hit: lens.ids[at] === ids[position + 1],
      };
    }));
    status.textContent = `${ids.length} ${ids.length === 1 ? 'token' : 'tokens'} × ${layers + 1} rows (the embedding and ${layers} layers)`
      + (dropped ? `: the first ${dropped} tokens are left out to fit the model's context of ${model.info().contextLength}.` : '.')
      + (unknown.length ? ` ${unknownNote(unknown)}` : '');
    grid((width) => lensGrid({ labels, layers, cells }, width));
  }
  gridBox.dataset.positions = String(ids.length);
  gridBox.dataset.layers = String(layers);
  gridBox.dataset.text = input; // what the grid is for (tests wait on it)
}

const shown = (token: string) => visibleText(token) || '∅';

/** The grid: Plot.cell shaded by the top token's probability, its text on top, a tip with the top 3. */
function lensGrid({ labels, layers, cells }: Lens, width: number): SVGSVGElement | HTMLElement {
  const rowName = (row: number) => (row === 0 ? 'embedding' : `layer ${row}`);
  const marginLeft = 70; // room for "embedding"
  const longest = Math.max(...labels.map((label) => label.length));
  // A column fits its token's label (about 7 px a character at the axis's 10 px) or MIN_COLUMN.
  const wide = (width - marginLeft - 10) / labels.length >= Math.max(MIN_COLUMN, 7 * longest);
  const narrowMargin = Math.min(width / 3, 12 + 7 * longest);
  // Wide: a column per token, a row per layer; narrow: the same grid turned a quarter.
  const rowsAxis = { domain: Array.from({ length: layers + 1 }, (_, row) => row), tickFormat: rowName, label: null };
  const tokensAxis = { domain: labels.map((_, position) => position), tickFormat: (position: number) => labels[position]!, label: null, tickSize: 0 };
  const at = wide ? { x: 'position', y: 'row' } : { x: 'row', y: 'position' };
  const columnWidth = (width - (wide ? marginLeft : narrowMargin) - 10) / (wide ? labels.length : layers + 1);
  const fits = Math.max(1, Math.floor((columnWidth - 4) / 7.3)); // characters of 12 px monospace (0.6 em each) in a cell
  const describe = (c: LensCell) => `${rowName(c.row)}, position ${c.position + 1} (after “${labels[c.position]}”): ${shown(c.texts[0]!)} ${percent(c.probs[0]!)}`;
  const tip = (c: LensCell) => [`${rowName(c.row)}, after “${labels[c.position]}”`, ...c.texts.map((t, j) => `${shown(t)}  ${percent(c.probs[j]!)}`)].join('\n');
  return Plot.plot({
    width,
    height: 60 + (wide ? 30 * (layers + 1) : 22 * labels.length),
    marginLeft: wide ? marginLeft : narrowMargin,
    marginRight: 10,
    caption: 'Each cell: the top next-token guess after that input token, if the model stopped at that row; shaded by its probability, outlined where it is the text\'s actual next token.',
    x: { ...(wide ? tokensAxis : rowsAxis), axis: 'top', padding: 0 },
    y: { ...(wide ? rowsAxis : tokensAxis), padding: 0 },
    color: { type: 'linear', scheme: 'blues', domain: [0, 1], label: 'probability of the top guess', tickFormat: '.0%', legend: true },
    marks: [
      Plot.cell(cells, {
        ...at, fill: (c: LensCell) => c.probs[0], stroke: (c: LensCell) => (c.hit ? '#d62728' : 'transparent'), strokeWidth: 2, inset: 1,
        ariaLabel: describe, title: tip, tip: true,
      }),
      Plot.text(cells, {
        ...at, text: (c: LensCell) => clipLabel(shown(c.texts[0]!), fits), fill: (c: LensCell) => (c.probs[0]! > 0.55 ? 'white' : 'black'),
        fontFamily: 'ui-monospace, monospace', fontSize: 12,
      }),
    ],
  });
}

text.addEventListener('input', () => view.changed());
