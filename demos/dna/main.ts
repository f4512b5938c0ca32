// DNA: the nucleotide default model continues a starting sequence base by base (from as much of
// its end as the context holds; generation shifts the context on its own); the sequence coloured by base (hover: the alternatives), the
// probability the model gave each generated base as a track, and GC content and the 3-mer
// spectrum of the generated bases beside a real sequence: one the user pastes, else the starting one
// (no genome ships with the site: the data stays in ../shared/data).
// Query parameters fill the fields (?bases=40&seed=2&autorun=1). Tests: tests/browser/dna.test.ts.

import { $, fillFromQuery, h, mountChart, numberIn, Plot, showAlternatives, startDemo, tokenSpan, visibleText, type RemoteModel } from '../kit/index.js';
import { IUPAC_AMBIGUITY } from '../../src/tokenizer/characters.js';
import { checkGenerateOptions } from '../../src/model/options.js';
import { gcContent, kmerSpectrum } from './stats.js';

const K = 3;
/** Below this many bases a sequence's 3-mer spectrum is too noisy to compare shapes. */
const ROUGH_SPECTRUM = 1000;
const BASE_COLOURS = { domain: ['A', 'C', 'G', 'T', 'N'], range: ['#1a8a3a', '#2457c5', '#c47800', '#c0242b', '#777'] };

/** One generated base: its position after the start, the base, the probability the model gave it. */
interface Base {
  position: number;
  base: string;
  p: number;
}

fillFromQuery();
const output = $('output');
const stats = $('stats');
const track = mountChart($('track'), null);
const gcChart = mountChart($('gc'), null);
const spectrumChart = mountChart($('spectrum'), null);

showAlternatives(output);

const demo = startDemo({
  model: 'default:dna',
  onModel: () => clearRun(), // the last run's bases and charts were another model's
  fields: { maxTokens: 'bases', temperature: 'temperature', seed: 'seed' },
});

/** The page as before any run; `start`, the starting bases a run begins with. */
function clearRun(start = ''): void {
  output.replaceChildren(h('span', { className: 'prompt' }, ...[...start].map((base) => h('span', { className: `base-${base}` }, base))));
  stats.textContent = '';
  delete stats.dataset.bases;
  for (const chart of [track, gcChart, spectrumChart]) chart(null);
}

const isHeader = (line: string): boolean => /^\s*[>;]/.test(line);

/** A pasted sequence's letters: FASTA header and comment lines (">NC_012920.1 ...") dropped, whitespace removed, upper case. */
function lettersOf(text: string): string {
  return text.split('\n').filter((line) => !isHeader(line)).join('').replace(/\s+/g, '').toUpperCase();
}

/** The letter numbered `n` (from 0) of lettersOf(text) as typed, and where it stands: '"e" at line 2, column 5'. */
function placeOf(text: string, n: number): string {
  let seen = 0;
  for (const [row, line] of text.split('\n').entries()) {
    if (isHeader(line)) continue;
    for (let column = 0; column < line.length; column++) {
      if (/\s/.test(line[column]!)) continue;
      if (seen++ === n) return `"${line[column]}" at line ${row + 1}, column ${column + 1}`;
    }
  }
  return `letter ${n + 1}`; // not reached: n counts letters of this very text
}

/** The letters of the box `id`, refusing (named as `what`) any that is not one of `allowed`, which `said` spells out. */
function basesIn(id: string, what: string, allowed: RegExp, said: string): string {
  const text = $<HTMLTextAreaElement>(id).value;
  const sequence = lettersOf(text);
  const bad = sequence.search(allowed);
  if (bad >= 0) throw new RangeError(`${what} may hold only ${said}, but has ${placeOf(text, bad)}: remove it`);
  return sequence;
}

/** The starting sequence, upper case and without whitespace; only bases are allowed. */
function startingSequence(): string {
  const sequence = basesIn('sequence', 'the starting sequence', /[^ACGTN]/, 'the bases A, C, G, T and N');
  if (!sequence) throw new RangeError('the starting sequence is empty: give a few bases, e.g. GATCACAGG');
  return sequence;
}

/** The real sequence to compare with (empty: none pasted); IUPAC ambiguity codes are allowed, and left out of the comparison. */
function realSequence(): { bases: string; ambiguous: number } {
  const letters = basesIn('real', 'the real sequence to compare with', new RegExp(`[^ACGTN${IUPAC_AMBIGUITY}]`), `bases (A, C, G, T, N, or the ambiguity codes ${[...IUPAC_AMBIGUITY].join(' ')})`);
  const bases = letters.replace(/[^ACGTN]/g, '');
  return { bases, ambiguous: letters.length - bases.length };
}

const isBase = (text: string) => /^[ACGTN]$/.test(text);

/**
 * A token's span: the kit's token span (its tip lists the alternatives), coloured by base instead
 * of shaded by probability. The nucleotide tokenizer also has a newline, which no FASTA sequence
 * holds: a model that picks it anyway gets it shown as ⏎, apart from the bases.
 */
function baseSpan(piece: Parameters<typeof tokenSpan>[0]): HTMLSpanElement {
  const span = tokenSpan(piece);
  span.style.backgroundColor = ''; // the probability is the track's job here
  if (isBase(piece.text)) {
    span.classList.add(`base-${piece.text}`);
  } else {
    span.classList.add('not-base');
    span.textContent = visibleText(piece.text);
  }
  return span;
}

async function generate(model: RemoteModel, signal: AbortSignal): Promise<void> {
  const start = startingSequence();
  const real = realSequence(); // checked before the run, as the starting sequence is
  const options = { maxTokens: numberIn('bases'), temperature: numberIn('temperature'), seed: numberIn('seed'), logprobs: 4 };
  checkGenerateOptions(options); // before the last run is cleared, as the sequences are (review AG: bases 0 wiped it)
  clearRun(start);
  const bases: Base[] = [];
  let sequence = ''; // the generated bases, '-' where another token (⏎) came between: no k-mer spans it
  let others = 0;
  const fed = await lastThatFit(model, start);
  const run = model.generate(fed, { ...options, signal });
  for await (const piece of run) {
    output.append(baseSpan(piece));
    sequence += isBase(piece.text) ? piece.text : '-';
    if (!piece.logprobs) continue;
    if (isBase(piece.text)) bases.push({ position: bases.length + 1, base: piece.text, p: Math.exp(piece.logprobs.chosen.logprob) });
    else others++;
  }
  const { contextShifts } = await run.stats;
  show(start, real, bases, sequence, others, contextShifts, fed.length);
}

/**
 * The end of `start` that fits the model's context with room to generate: a longer prompt would be
 * refused (generation shifts the context on its own, a prompt does not). One token per base, plus
 * what the tokenizer adds (BOS).
 */
async function lastThatFit(model: RemoteModel, start: string): Promise<string> {
  const added = (await model.tokenize('A')).length - 1;
  const room = model.info().contextLength - 1 - added;
  return start.length > room ? start.slice(start.length - room) : start;
}

/** The track, and GC content and spectra of the generated bases beside a real sequence. */
function show(start: string, real: { bases: string; ambiguous: number }, bases: Base[], sequence: string, others: number, contextShifts: number, fed: number): void {
  stats.dataset.bases = String(bases.length);
  if (!bases.length) {
    stats.textContent = 'no bases generated';
    return;
  }
  const generated = sequence;
  const pasted = real.bases;
  const leftOut = real.ambiguous ? `; ${real.ambiguous} ambiguity code${real.ambiguous > 1 ? 's' : ''} left out` : '';
  const sources = [
    { source: 'generated', sequence: generated },
    { source: pasted ? `real (pasted, ${pasted.length} bases${leftOut})` : `real (the starting ${start.length} bases)`, sequence: pasted || start },
  ];
  const mean = bases.reduce((sum, b) => sum + b.p, 0) / bases.length;
  stats.textContent = [
    `${bases.length} bases generated`,
    ...(fed < start.length ? [`from the last ${fed} of the ${start.length} starting bases (all the model's context holds)`] : []),
    `mean probability of the chosen base ${(100 * mean).toFixed(1)} %`,
    ...(contextShifts ? [`the context window moved on ${contextShifts === 1 ? 'once' : `${contextShifts} times`}`] : []),
    ...(others ? [`${others} other token${others > 1 ? 's' : ''} (⏎) left out of the charts`] : []),
    // 64 bars from a few dozen 3-mers are mostly noise: say so rather than let two noisy shapes read as a verdict.
    ...roughSpectra(generated.length, (pasted || start).length),
  ].join(' · ');
  track((width) => trackChart(bases, width));
  gcChart((width) => gcBars(sources.map(({ source, sequence }) => ({ source, gc: gcContent(sequence) })), width));
  spectrumChart((width) => spectrumBars(sources.flatMap(({ source, sequence }) => kmerSpectrum(sequence, K).map((c) => ({ source, ...c }))), sources.map((s) => s.source), width));
}

/** The note that a 3-mer spectrum is rough, with the advice that fits the sequence too short: generated, real, or both. */
function roughSpectra(generated: number, real: number): string[] {
  const short = [...(generated < ROUGH_SPECTRUM ? ['generate more bases'] : []), ...(real < ROUGH_SPECTRUM ? ['paste a longer real sequence'] : [])];
  if (short.length === 0) return [];
  return [`3-mer spectra of fewer than ${ROUGH_SPECTRUM.toLocaleString('en-US')} bases are rough (64 bars): ${short.join(' and ')}`];
}

/** How sure the model was of each base it chose, with a moving average: low stretches are where it guessed. */
function trackChart(bases: Base[], width: number): SVGSVGElement | HTMLElement {
  return Plot.plot({
    width,
    height: 200,
    caption: 'The probability the model gave each base it chose (line: average over 15 bases)',
    x: { label: 'generated base', nice: true },
    y: { label: 'probability (%)', domain: [0, 100], percent: true, grid: true },
    color: { ...BASE_COLOURS, legend: true },
    marks: [
      Plot.dot(bases, { x: 'position', y: 'p', fill: 'base', r: 2 }),
      Plot.lineY(bases, Plot.windowY({ k: 15 }, { x: 'position', y: 'p', stroke: '#333', strokeWidth: 1.5 })),
      Plot.tip(bases, Plot.pointerX({ x: 'position', y: 'p', title: (b: Base) => `base ${b.position}: ${b.base}  ${(100 * b.p).toFixed(1)}%` })),
    ],
  });
}

/** GC content of the generated and the real bases. */
function gcBars(data: { source: string; gc: number }[], width: number): SVGSVGElement | HTMLElement {
  return Plot.plot({
    width,
    height: 110,
    marginLeft: 10,
    caption: 'GC content: the share of G and C among the bases',
    x: { label: 'GC (%)', domain: [0, 100], percent: true, grid: true },
    y: { axis: null },
    marks: [
      Plot.barX(data, { x: 'gc', y: 'source', fill: (d: { source: string }) => (d.source === 'generated' ? '#7a5cc4' : '#999') }),
      Plot.text(data, { x: 0, y: 'source', text: (d: { source: string; gc: number }) => `${d.source}: ${Number.isNaN(d.gc) ? 'no A, C, G or T (only N)' : `${(100 * d.gc).toFixed(1)} %`}`, textAnchor: 'start', dx: 4, fill: 'black', stroke: 'white', strokeWidth: 3 }), // haloed: readable on its bar and past its end (a long label on a phone)
    ],
  });
}

/** The 3-mer spectrum of each sequence, one panel each: similar shapes mean the model learned DNA's local statistics. */
function spectrumBars(data: ({ source: string } & ReturnType<typeof kmerSpectrum>[number])[], sources: string[], width: number): SVGSVGElement | HTMLElement {
  const every = width < 700 ? 8 : width < 1000 ? 4 : 1; // label every 8th or 4th k-mer when 64 labels do not fit
  return Plot.plot({
    width,
    height: 360,
    marginBottom: 40,
    caption: `How often each run of ${K} bases occurs (${4 ** K} of them), in the generated bases and in the real sequence`,
    x: { label: null, tickRotate: -90, tickFormat: (kmer: string, i: number) => (i % every === 0 ? kmer : '') },
    y: { label: 'share (%)', percent: true, grid: true },
    fy: { domain: sources, axis: null },
    marks: [
      Plot.barY(data, { x: 'kmer', y: 'share', fy: 'source', fill: (d: { source: string }) => (d.source === 'generated' ? '#7a5cc4' : '#999') }),
      // Each panel's name in its corner, haloed so that a tall bar behind it does not hide it.
      Plot.text(sources, { fy: (s: string) => s, text: (s: string) => s, frameAnchor: 'top-right', dy: 2, stroke: 'white', strokeWidth: 4, fill: 'black' }),
      Plot.tip(data, Plot.pointerX({ x: 'kmer', y: 'share', fy: 'source', title: (d: { kmer: string; count: number; share: number }) => `${d.kmer}: ${d.count} (${(100 * d.share).toFixed(1)}%)` })),
    ],
  });
}

demo.runButtons(generate);
