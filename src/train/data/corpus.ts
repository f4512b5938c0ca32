// Training data from files' text: plain text or FASTA (by the name's extension, or said), joined,
// split into training and held-out (held-out files, else the last 10 % by characters), tokenised,
// with a report of what was read. Works on text already read, so the browser uses it as Node does
// (files.ts reads files in Node). Tests: tests/train/corpus.test.ts.

import { TrainingDataError } from '../../errors.js';
import { checkWindow } from './batches.js';
import { type FastaRecord, parseFasta } from './fasta.js';
import { codePoints, DEFAULT_HELD_OUT_FRACTION, splitHeldOut } from './split.js';
import { buildTokenizer, type DataTokenizer, encodeText, type TokenizerChoice } from './tokens.js';

const DATA_FORMATS = ['text', 'fasta'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

export interface DataSource {
  /** The file's name or path (the CLI gives the path as typed), in errors and the report. */
  name: string;
  text: string;
  /** Default: 'fasta' for .fa .fasta .fna .ffn .frn .fas .fsa, else 'text'. */
  format?: DataFormat;
}

export interface PrepareOptions {
  train: DataSource | DataSource[];
  /** Held-out files; without them the held-out split is the last `heldOutFraction` of the training files, joined in order. */
  heldOut?: DataSource | DataSource[];
  /** In [0, 1), default 0.1; only without `heldOut`. */
  heldOutFraction?: number;
  /** Default: the nucleotide tokenizer when every source is FASTA, else a character tokenizer. */
  tokenizer?: TokenizerChoice;
  /** When given, both splits must hold one window of it and the token after (else an error naming them). */
  contextLength?: number;
  /** What errors call contextLength (default 'contextLength'; the CLI's is '--context'). */
  contextName?: string;
}

export interface SourceReport {
  name: string;
  format: DataFormat;
  /** Characters of text, or bases of FASTA, read from the file. */
  characters: number;
  fasta?: {
    records: FastaRecord[];
    /** Per IUPAC ambiguity code, how many became N. */
    ambiguous: Record<string, number>;
    unknown: number;
    lowercase: number;
  };
}

export interface PreparedData extends DataTokenizer {
  train: Uint32Array;
  heldOut: Uint32Array;
  sources: { train: SourceReport[]; heldOut: SourceReport[] };
  /** How the held-out split was made: 'files', or the fraction of the training text. */
  split: 'files' | { fraction: number };
}

const FASTA_EXTENSIONS = ['.fa', '.fasta', '.fna', '.ffn', '.frn', '.fas', '.fsa'];

/** The source's format: said outright (one of DATA_FORMATS, else a RangeError naming it), or by its name's extension. */
export function formatOf(source: DataSource): DataFormat {
  if (source.format !== undefined) {
    if (!DATA_FORMATS.includes(source.format)) {
      throw new RangeError(`${source.name}: format must be one of ${DATA_FORMATS.map((f) => JSON.stringify(f)).join(', ')}, got ${JSON.stringify(source.format)}`);
    }
    return source.format;
  }
  const name = source.name.toLowerCase();
  return FASTA_EXTENSIONS.some((ext) => name.endsWith(ext)) ? 'fasta' : 'text';
}

export function prepareData(options: PrepareOptions): PreparedData {
  const list = (s: DataSource | DataSource[] | undefined) => (s === undefined ? [] : Array.isArray(s) ? s : [s]);
  const trainSources = list(options.train);
  const heldOutSources = list(options.heldOut);
  if (trainSources.length === 0) throw new TypeError('no training data: give at least one file');
  if (heldOutSources.length > 0 && options.heldOutFraction !== undefined) {
    throw new TypeError('give held-out files or a held-out fraction, not both');
  }
  const train = trainSources.map(read);
  const heldOut = heldOutSources.map(read);
  const allFasta = [...train, ...heldOut].every((s) => s.report.format === 'fasta');
  const choice: TokenizerChoice = options.tokenizer ?? (allFasta ? { kind: 'nucleotide' } : { kind: 'char' });
  const data = buildTokenizer(choice, joined([...train, ...heldOut]));
  const names = (sources: { report: SourceReport }[]) => sources.map((s) => s.report.name).join(' + ');

  let split: PreparedData['split'] = 'files';
  let labels = { train: names(train), heldOut: names(heldOut) };
  let trainIds: Uint32Array;
  let heldOutIds: Uint32Array;
  if (heldOut.length > 0) {
    // File by file, so an error's position is in its file.
    const encodeAll = (sources: typeof train) => concat(sources.map((s) => encodeText(data, s.text, s.report.name)));
    [trainIds, heldOutIds] = [encodeAll(train), encodeAll(heldOut)];
  } else {
    const fraction = options.heldOutFraction ?? DEFAULT_HELD_OUT_FRACTION;
    split = { fraction };
    const parts = splitHeldOut(train.map((s) => s.text).join(''), fraction);
    const percent = (f: number) => `${+(f * 100).toFixed(6)} %`;
    labels = { train: `${labels.train} (first ${percent(1 - fraction)})`, heldOut: `${labels.train} (last ${percent(fraction)})` };
    // An empty part (a fraction of 0) is an error only when a window of it is asked for. A text the
    // tokenizer refuses is named by its file and the position in it, not in the files joined.
    const encode = (text: string, before = '') => {
      if (text.length === 0) return new Uint32Array(0);
      try {
        return encodeText(data, text, names(train), before);
      } catch (e) {
        if (e instanceof TrainingDataError && train.length > 1) train.forEach((s) => encodeText(data, s.text, s.report.name));
        throw e;
      }
    };
    [trainIds, heldOutIds] = [encode(parts.train), encode(parts.heldOut, parts.train)];
  }
  if (options.contextLength !== undefined) {
    checkWindow(trainIds, options.contextLength, `the training split, ${labels.train},`, options.contextName);
    checkWindow(heldOutIds, options.contextLength, `the held-out split, ${labels.heldOut},`, options.contextName);
  }
  return { ...data, train: trainIds, heldOut: heldOutIds, sources: { train: train.map((s) => s.report), heldOut: heldOut.map((s) => s.report) }, split };
}

function concat(arrays: Uint32Array[]): Uint32Array {
  const out = new Uint32Array(arrays.reduce((n, a) => n + a.length, 0));
  arrays.reduce((at, a) => (out.set(a, at), at + a.length), 0);
  return out;
}

/** The text a tokenizer is built from for these sources (FASTA read as its bases), joined in order: what prepareData builds a character tokenizer's alphabet from. */
export function corpusText(sources: DataSource[]): string {
  return joined(sources.map(read));
}

const joined = (texts: { text: string }[]) => texts.map((s) => s.text).join('');

function read(source: DataSource): { text: string; report: SourceReport } {
  if (typeof source !== 'object' || source === null) throw new TypeError(`a data source must be an object { name, text }, got ${typeName(source)}`);
  if (typeof source.name !== 'string') throw new TypeError(`a data source needs its file's name (a string) as name, got ${typeName(source.name)}`);
  if (typeof source.text !== 'string') {
    throw new TypeError(`${source.name}: text must be a string, got ${typeName(source.text)}${(source.text as unknown) instanceof Uint8Array ? ': read the file as text (readFileSync(path, \'utf8\'), await file.text())' : ''}`);
  }
  const format = formatOf(source);
  // A byte-order mark is no character of the text (readFileSync(path, 'utf8') keeps it; file.text() and the CLI drop it).
  const text = source.text.replace(/^\uFEFF/, '');
  if (text.length === 0) throw new TrainingDataError(`${source.name}: the file is empty`);
  if (format === 'text') return { text, report: { name: source.name, format, characters: codePoints(text) } };
  const { sequence, ...fasta } = parseFasta(source.text, source.name);
  return { text: sequence, report: { name: source.name, format, characters: sequence.length, fasta } };
}

/**
 * Throws where a file given twice (as a glob can) puts held-out text in the training data: a
 * held-out file of a training file's text, or, split by a fraction, a file the held-out part (the
 * last 10 % of the texts joined, as prepareData splits them: FASTA as its bases) takes text from,
 * whose text a file trained on holds. A training file given twice otherwise is trained on twice, as
 * asked. A held-out file whose whole text a training file holds (its last lines, cut from it), or
 * that holds a training file's whole text a tenth of its length or more, is refused too. The command line asks it of the files it
 * read; prepareData takes texts as given (the demos fine-tune on lines and measure the loss on the
 * same lines, on purpose). Texts that only overlap are not looked for. A file prepareData would refuse (empty, no bases) is refused alike.
 */
export function refuseHeldOutTrainedOn(trainSources: readonly DataSource[], heldOutSources: readonly DataSource[]): void {
  const [train, heldOut] = [trainSources.map(read), heldOutSources.map(read)];
  const refuse = (trainedOn: { report: SourceReport }, held: { report: SourceReport }, why: string): never => {
    throw new TrainingDataError(`${trainedOn.report.name} and ${held.report.name} hold the same text (one file given twice?): ${why}`);
  };
  const measuredOnTrained = 'the held-out loss would be measured on text trained on';
  for (const held of heldOut) {
    const same = train.find((s) => s.text === held.text);
    if (same) refuse(same, held, measuredOnTrained);
    // A held-out file cut from a training file (its last lines), or one holding a training file whole
    // that is a tenth of it or more (a one-line file a glob picked up is no measure of anything; review AL).
    const part = train.find((s) => holds(s.text, held.text));
    if (part) throw new TrainingDataError(`${held.report.name}'s whole text is part of ${part.report.name}: ${measuredOnTrained}`);
    const whole = train.find((s) => 10 * s.text.length >= held.text.length && holds(held.text, s.text));
    if (whole) throw new TrainingDataError(`${whole.report.name}'s whole text is part of ${held.report.name}: ${measuredOnTrained}`);
  }
  if (heldOut.length > 0) return;
  const joined = train.map((s) => s.text).join('');
  const cut = joined.length - splitHeldOut(joined).heldOut.length;
  let end = 0;
  const starts = train.map((s) => (end += s.text.length) - s.text.length);
  for (const [i, held] of train.entries()) {
    if (starts[i]! + held.text.length <= cut) continue; // nothing of it is held out
    const same = train.find((s, j) => j !== i && starts[j]! < cut && s.text === held.text); // a copy trained on, at least in part
    if (same) refuse(same, held, `the last ${100 * DEFAULT_HELD_OUT_FRACTION} % of the data, held out to measure the loss on, holds text of ${held.report.name}, which ${same.report.name} trains on`);
  }
}

/**
 * Whether `text` holds `part`, in time linear in their lengths (a rolling hash, each match checked):
 * String.includes slows to the product of their lengths on long runs of one character, as an
 * assembly's N gaps (review AL: 7 s for a 1 Mb gap against a held-out file with N-run ends).
 */
export function holds(text: string, part: string): boolean {
  const m = part.length;
  if (m > text.length) return false;
  if (m === 0) return true;
  const BASE = 0x01000193;
  let [want, have, top] = [0, 0, 1]; // top: BASE^(m - 1), the weight of a window's first unit
  for (let i = 0; i < m; i++) {
    want = (Math.imul(want, BASE) + part.charCodeAt(i)) | 0;
    have = (Math.imul(have, BASE) + text.charCodeAt(i)) | 0;
    if (i > 0) top = Math.imul(top, BASE);
  }
  for (let end = m; ; end++) {
    if (have === want && text.startsWith(part, end - m)) return true;
    if (end === text.length) return false;
    have = (Math.imul(have - Math.imul(text.charCodeAt(end - m), top), BASE) + text.charCodeAt(end)) | 0;
  }
}

function typeName(value: unknown): string {
  if (value instanceof Uint8Array) return `bytes (${value.constructor.name})`;
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** One line per source, e.g. "MT-human.fa: FASTA, 1 record, 16,569 bases (N in the file: 1; ambiguity codes read as N: none; lower case folded: 0)". */
export function describeSources(sources: SourceReport[]): string[] {
  const count = (n: number) => n.toLocaleString('en-US');
  return sources.map((s) => {
    if (!s.fasta) return `${s.name}: text, ${count(s.characters)} characters`;
    const { records, ambiguous, unknown, lowercase } = s.fasta;
    const codes = Object.entries(ambiguous).map(([code, n]) => `${code} ${count(n)}`).join(', ') || 'none';
    return `${s.name}: FASTA, ${records.length} record${records.length === 1 ? '' : 's'}, ${count(s.characters)} bases (N in the file: ${count(unknown)}; ambiguity codes read as N: ${codes}; lower case folded: ${count(lowercase)})`;
  });
}
