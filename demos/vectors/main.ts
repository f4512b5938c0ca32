// "Tokens are vectors": the prompt's input embedding vectors as a number grid, a PCA map of the
// whole vocabulary's embedding rows with the prompt's tokens circled, and each token's cosine
// similarity to its input embedding after every layer; all from model.inspect(). The numbers
// are computed in math.ts. ?prompt= fills the prompt. Tests: tests/browser/vectors.test.ts.

import { $, clipLabel, contextIds, contextNote, fillFromQuery, mountChart, Plot, startDemo, tokenLabels, visibleText, type RemoteModel } from '../kit/index.js';
import { cosineSimilarity, principalComponents, project, type PrincipalComponents } from './math.js';

/** Vocabularies larger than this are mapped by their first MAP_LIMIT tokens: the read-back and the PCA stay quick, the map readable. */
const MAP_LIMIT = 2000;
/** The map keeps equal units on both axes; wider than this it would be taller than a screen. */
const MAP_MAX_WIDTH = 640;
/** Up to this many tokens, every dot on the map carries its label. */
const LABEL_ALL = 128;

interface VocabularyMap {
  /** Tokens in the map (ids 0..n-1) out of the vocabulary's V. */
  n: number;
  V: number;
  labels: string[];
  pca: PrincipalComponents;
}

/** A token on the vocabulary map. */
interface Point {
  label: string;
  x: number;
  y: number;
}

/** What the page drew, for tests (a development hook). */
interface Shown {
  T: number;
  C: number;
  /** Tokens (dots) on the vocabulary map. */
  mapped: number;
  /** (T, L + 1): token t's cosine similarity after layer l to its input embedding (l = 0: the input itself). */
  similarity: number[][];
}

fillFromQuery();
const gridChart = mountChart($('grid'), null);
const mapChart = mountChart($('map'), null);
const layersChart = mountChart($('layers'), null);
const maps = new WeakMap<RemoteModel, VocabularyMap>();

const demo = startDemo({ model: 'default:shakespeare', onModel: show });

async function show(model: RemoteModel): Promise<void> {
  // A prompt longer than the context: its last tokens, as the next-word page reads them.
  const context = await contextIds(model, $<HTMLInputElement>('prompt').value);
  const { ids } = context;
  if (ids.length === 0) {
    for (const chart of [gridChart, mapChart, layersChart]) chart(null);
    $('context-status').textContent = 'Type some text: there is no token to show the vectors of.';
    return;
  }
  $('context-status').textContent = contextNote(model, context);
  const result = await model.inspect(ids, { embeddings: true, hiddenStates: true, topK: 0 });
  const map = maps.get(model) ?? (await vocabularyMap(model, result.V));
  maps.set(model, map);
  const { dim: C } = model.config;
  const T = result.ids.length;
  const labels = await tokenLabels(model, result.ids, result.tokens);
  const row = (matrix: Float32Array, t: number) => matrix.subarray(t * C, (t + 1) * C);
  const hidden = result.hiddenStates!;
  const similarity = labels.map((_, t) => hidden.map((layer) => cosineSimilarity(row(layer, t), row(hidden[0], t))));

  // What layer 1 reads: the token's embedding, plus its position's where the model learns positions (GPT-2).
  gridChart((width) => numberGrid(hidden[0]!, labels, C, width));
  // Each distinct prompt token once, placed by the same projection (also when it lies beyond the mapped ids).
  const marked = [...new Map(result.ids.map((id, t) => {
    const [x, y] = project(map.pca, row(result.embeddings!, t));
    return [id, { label: labels[t]!, x: x!, y: y! }] as const;
  })).values()];
  mapChart((width) => vocabularyChart(map, marked, width));
  layersChart((width) => similarityChart(similarity, labels, width));
  if (import.meta.env.DEV) Object.assign(window, { __vectors: { T, C, mapped: map.n, similarity } satisfies Shown });
}

/** The vocabulary's embedding rows (one read-back), their labels, and their top two principal components. */
async function vocabularyMap(model: RemoteModel, V: number): Promise<VocabularyMap> {
  const ids = Array.from({ length: Math.min(V, MAP_LIMIT) }, (_, id) => id);
  const { embeddingRows } = await model.inspect([0], { embeddingRows: ids, topK: 0 });
  const labels = (await model.decodeEach(ids)).map((t) => visibleText(t) || '∅');
  return { n: ids.length, V, labels, pca: principalComponents(embeddingRows!, ids.length, model.config.dim, 2) };
}

/** Rows = the prompt's tokens, columns = dimensions, colour = the number: the lecture's grid. */
function numberGrid(embeddings: Float32Array, labels: string[], C: number, width: number): SVGSVGElement | HTMLElement {
  const cells = Array.from(embeddings, (value, i) => ({ t: Math.floor(i / C), j: i % C, value }));
  const extent = embeddings.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  // Dimensions are columns of a band scale: label every step-th, a power of two that leaves ~45 px per label.
  const step = 2 ** Math.max(0, Math.ceil(Math.log2(C * 45 / width)));
  // Room for the longest label (about 6 px a character at the axis's 10 px), at most a third of the
  // width; longer ones cut (review AG: "<|start_story|>" ran out of the chart), whole in the tips.
  const marginLeft = Math.round(Math.min(width / 3, Math.max(36, 10 + 6 * Math.max(...labels.map((l) => [...l].length)))));
  const chars = Math.max(1, Math.floor((marginLeft - 10) / 6));
  return Plot.plot({
    width,
    height: 40 + 18 * labels.length,
    marginLeft,
    x: { label: 'dimension', ticks: Array.from({ length: Math.ceil(C / step) }, (_, i) => i * step), tickSize: 0 },
    y: { label: null, tickFormat: (t: number) => clipLabel(labels[t]!, chars) },
    color: { type: 'diverging', scheme: 'BuRd', domain: [-extent, extent], legend: true, label: 'value' },
    marks: [
      Plot.cell(cells, {
        x: 'j', y: 't', fill: 'value', inset: 0, className: 'embedding-cells',
        title: (c: { t: number; j: number; value: number }) => `${labels[c.t]} · dimension ${c.j}: ${c.value.toFixed(3)}`, tip: true,
      }),
    ],
  });
}

/** Every mapped token as a dot at its first two principal coordinates; the prompt's tokens circled and labelled. */
function vocabularyChart(map: VocabularyMap, prompt: Point[], width: number): SVGSVGElement | HTMLElement {
  const k = map.pca.components.length;
  const dots: Point[] = map.labels.map((label, id) => ({ label, x: map.pca.projections[id * k]!, y: map.pca.projections[id * k + 1]! }));
  const share = (i: number) => `${(100 * map.pca.variances[i] / map.pca.totalVariance).toFixed(0)}%`;
  return Plot.plot({
    width: Math.min(width, MAP_MAX_WIDTH),
    aspectRatio: 1,
    inset: 12,
    caption: `${map.n < map.V ? `The first ${map.n} of ${map.V} tokens. ` : ''}The two directions hold ${share(0)} and ${share(1)} of the vectors' spread.`,
    x: { label: 'first principal component', ticks: 4 },
    y: { label: 'second principal component', ticks: 4 },
    marks: [
      Plot.dot(dots, { x: 'x', y: 'y', r: 2.5, fill: '#7d8fa8', className: 'vocabulary', title: 'label', tip: true }),
      map.n <= LABEL_ALL ? Plot.text(dots, { x: 'x', y: 'y', text: 'label', dy: -7, fontSize: 10, fill: '#555' }) : null,
      Plot.dot(prompt, { x: 'x', y: 'y', r: 7, stroke: '#d1495b', strokeWidth: 2, className: 'prompt-tokens' }),
      Plot.text(prompt, { x: 'x', y: 'y', text: 'label', dy: -12, fontSize: 13, fontWeight: 'bold', fill: '#d1495b' }),
    ],
  });
}

/** One line per token: its cosine similarity to its input embedding, from the input (1) through every layer. */
function similarityChart(similarity: number[][], labels: string[], width: number): SVGSVGElement | HTMLElement {
  const points = similarity.flatMap((values, t) => values.map((cos, layer) => ({ t, layer, cos, label: labels[t] })));
  const layers = similarity[0]?.length ?? 1;
  return Plot.plot({
    width,
    height: 260,
    x: { label: null, ticks: Array.from({ length: layers }, (_, l) => l), tickFormat: (l: number) => (l === 0 ? 'input' : `layer ${l}`) },
    y: { label: 'cosine similarity to the input embedding', domain: [Math.min(0, ...points.map((p) => p.cos)), 1], grid: true },
    color: { scheme: 'viridis', domain: [0, labels.length - 1] },
    marks: [
      Plot.ruleY([0]),
      Plot.line(points, { x: 'layer', y: 'cos', z: 't', stroke: 't', strokeOpacity: 0.7 }),
      Plot.dot(points, { x: 'layer', y: 'cos', fill: 't', r: 2.5 }),
      Plot.tip(points, Plot.pointer({ x: 'layer', y: 'cos', title: (p: { t: number; label: string; layer: number; cos: number }) => `${p.label} (token ${p.t + 1})\n${p.layer === 0 ? 'input' : `after layer ${p.layer}`}: ${p.cos.toFixed(3)}` })),
    ],
  });
}

$('prompt-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void demo.run(show);
});
