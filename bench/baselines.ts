// `npx tsx bench/baselines.ts`: the n-gram baselines our trained defaults must beat, on the splits the
// trainer uses (src/train/data): tinyshakespeare's characters (first 90 % fitted, last 10 % scored,
// nats/char) and mitochondrial DNA as order-k Markov chains, i.e. (k+1)-grams (human + chimpanzee
// fitted, orangutan scored, bits/base). Two smoothings, printed side by side as markdown tables:
// - interpolated modified Kneser-Ney (Chen & Goodman 1998): three discounts per order from the
//   counts of counts, continuation counts below the top order, uniform under the unigram;
// - additive (add-alpha), alpha per order picked from a grid on the last 10 % of the training
//   tokens (fitted on the rest), then refitted on all of them: the held-out text is never used to tune.
// Symbols are the distinct ids of the data (65 characters; A C G T N), so unused tokenizer ids take
// no mass. The figures are add-alpha's: 2.06 and 1.79 nats are the 3- and 4-gram's (alpha
// near 0.1), 1.89 and 1.75 bits orders 5 and 8 with add-1/2 over A C G T alone (1.888, 1.754). The
// one N of MT-human makes V = 5 here, which costs add-alpha about 0.2 bits/base at order 8 (unseen
// contexts get 1/V) and Kneser-Ney nothing. Not a test; tests/train/baselines.test.ts checks both normalise.
//
// Options: --text-orders N (n-grams 1..N, default 8)  --dna-orders K (Markov orders 1..K, default 16)  --json

import { fileURLToPath } from 'node:url';
import { readDataFile } from '../src/train/data/files.js';
import { prepareData } from '../src/train/data/index.js';
import { benchCli } from './cli.js';

export interface NgramModel {
  /** n: the model looks at the n-1 symbols before each one. */
  order: number;
  /** P(sequence[i] | the order-1 symbols before it, fewer near the start). */
  probability(sequence: ArrayLike<number>, i: number): number;
}

/**
 * Sorted keys with a value each, looked up by binary search: a typed array sorts a million keys
 * in a fraction of a second, where a Map of keys above 2^31 (heap numbers) takes seconds to fill.
 */
class Table {
  constructor(readonly keys: Float64Array, readonly values: Float64Array) {}

  /** How often each key occurs (sorts `keys` in place). */
  static count(keys: Float64Array): Table {
    keys.sort();
    const starts = runStarts(keys, (key) => key);
    const table = new Table(new Float64Array(starts.length), new Float64Array(starts.length));
    starts.forEach((start, j) => {
      table.keys[j] = keys[start]!;
      table.values[j] = (starts[j + 1] ?? keys.length) - start;
    });
    return table;
  }

  /**
   * Rows of `width` values, one per distinct group(key), in key order (group must keep that order,
   * as a gram's context does); add(rows, at, value) folds each entry's value into its row at `at`.
   */
  group(group: (key: number) => number, width: number, add: (rows: Float64Array, at: number, value: number) => void): { keys: Float64Array; rows: Float64Array } {
    const groups = this.keys.map(group);
    const starts = runStarts(groups, (g) => g);
    const keys = new Float64Array(starts.length);
    const rows = new Float64Array(starts.length * width);
    let j = -1;
    groups.forEach((g, i) => {
      if (i === starts[j + 1]) keys[++j] = g;
      add(rows, j * width, this.values[i]!);
    });
    return { keys, rows };
  }

  get(key: number): number {
    const i = find(this.keys, key);
    return i < 0 ? 0 : this.values[i]!;
  }
}

/** Where each run of equal values of sorted `keys` starts. */
function runStarts(keys: Float64Array, value: (key: number) => number): Uint32Array {
  let runs = 0;
  for (let i = 0; i < keys.length; i++) if (i === 0 || value(keys[i]!) !== value(keys[i - 1]!)) runs++;
  const starts = new Uint32Array(runs);
  for (let i = 0, j = 0; i < keys.length; i++) if (i === 0 || value(keys[i]!) !== value(keys[i - 1]!)) starts[j++] = i;
  return starts;
}

/** The index of `key` in sorted `keys`, or -1. */
function find(keys: Float64Array, key: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid]!;
    if (k === key) return mid;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Counts of every m-gram, m = 1..maxOrder, keyed by its symbols as a base-V number (most recent symbol lowest). */
export class GramCounts {
  /** grams[m]: m-gram -> count; totals[m]: its (m-1)-symbol context -> summed count. */
  readonly grams: Table[] = [];
  readonly totals: Table[] = [];
  private readonly powers: number[];

  /** N-grams never span two sequences. */
  constructor(sequences: ArrayLike<number>[], readonly vocabSize: number, readonly maxOrder: number) {
    if (vocabSize ** maxOrder > Number.MAX_SAFE_INTEGER) throw new RangeError(`${vocabSize}^${maxOrder} m-gram keys do not fit a double`);
    this.powers = Array.from({ length: maxOrder + 1 }, (_, k) => vocabSize ** k);
    for (let m = 1; m <= maxOrder; m++) {
      const keys = new Float64Array(sequences.reduce((sum, s) => sum + Math.max(s.length - m + 1, 0), 0));
      let n = 0;
      for (const s of sequences) {
        for (let i = 0; i + m <= s.length; i++) {
          let key = 0;
          for (let j = 0; j < m; j++) key = key * vocabSize + s[i + j]!;
          keys[n++] = key;
        }
      }
      this.grams[m] = Table.count(keys);
      const { keys: contexts, rows } = this.grams[m]!.group((key) => this.context(key), 1, (out, at, c) => (out[at]! += c));
      this.totals[m] = new Table(contexts, rows);
    }
  }

  /** The key of a gram's context (its symbols but the last), exactly: division of a multiple of V. */
  context(key: number): number {
    return (key - (key % this.vocabSize)) / this.vocabSize;
  }

  /** The key of a gram's last m symbols. */
  suffix(key: number, m: number): number {
    return key % this.powers[m]!;
  }

  /** Throws a RangeError unless this holds the counts an n-gram of `order` needs. */
  checkOrder(order: number): void {
    if (!Number.isInteger(order) || order < 1 || order > this.maxOrder) throw new RangeError(`order must be in 1..${this.maxOrder}, got ${order}`);
  }

  /** Keys of the m-1 symbols before sequence[i], m = 1..min(order, i+1): keys[m-1] is the m-gram's context. */
  contexts(sequence: ArrayLike<number>, i: number, order: number): number[] {
    const keys = [0];
    for (let m = 2; m <= Math.min(order, i + 1); m++) keys.push(keys[m - 2]! + sequence[i - (m - 1)]! * this.powers[m - 2]!);
    return keys;
  }
}

/** Add-alpha: (c(h, w) + alpha) / (c(h) + alpha V); near the start of a text, the order its context allows. */
export function additive(counts: GramCounts, order: number, alpha: number): NgramModel {
  counts.checkOrder(order);
  return {
    order,
    probability(sequence, i) {
      const [c, total] = additiveCounts(counts, sequence, i, order);
      return (c + alpha) / (total + alpha * counts.vocabSize);
    },
  };
}

/** c(h, w) and c(h) for sequence[i] = w: all add-alpha needs, whatever alpha. */
function additiveCounts(counts: GramCounts, sequence: ArrayLike<number>, i: number, order: number): [number, number] {
  const keys = counts.contexts(sequence, i, order);
  const m = keys.length;
  const h = keys[m - 1]!;
  return [counts.grams[m]!.get(h * counts.vocabSize + sequence[i]!), counts.totals[m]!.get(h)];
}

/** The alpha of `alphas` whose add-alpha n-gram scores `sequence` best. */
export function tuneAlpha(counts: GramCounts, order: number, sequence: ArrayLike<number>, alphas: number[]): number {
  counts.checkOrder(order);
  const seen = Array.from({ length: sequence.length }, (_, i) => additiveCounts(counts, sequence, i, order));
  const loss = (alpha: number) => seen.reduce((sum, [c, total]) => sum - Math.log((c + alpha) / (total + alpha * counts.vocabSize)), 0);
  return alphas.reduce((best, alpha) => (loss(alpha) < loss(best) ? alpha : best));
}

interface KneserNeyLevel {
  counts: Table;
  /** Sorted context keys, and per context [total, grams with count 1, 2, >= 3] at 4 * index. */
  contexts: Float64Array;
  stats: Float64Array;
  discounts: [number, number, number];
}

/** Models of every order, sharing their tables: kneserNey(counts)(n) is the n-gram model. */
export function kneserNey(counts: GramCounts): (order: number) => NgramModel {
  const V = counts.vocabSize;
  // Below the top order, KN counts the distinct symbols seen before a gram, not its occurrences.
  const continuation = (m: number): Table => Table.count(counts.grams[m + 1]!.keys.map((key) => counts.suffix(key, m)));
  const cache = new Map<string, KneserNeyLevel>();
  const level = (m: number, top: boolean): KneserNeyLevel => {
    const id = `${m} ${top}`;
    if (!cache.has(id)) cache.set(id, kneserNeyLevel(top ? counts.grams[m]! : continuation(m), counts));
    return cache.get(id)!;
  };
  return (order) => {
    counts.checkOrder(order);
    return { order, probability: (sequence, i) => probability(sequence, i, order) };
  };

  function probability(sequence: ArrayLike<number>, i: number, order: number): number {
    const w = sequence[i]!;
    let p = 1 / V;
    const keys = counts.contexts(sequence, i, order);
    for (let m = 1; m <= keys.length; m++) {
      // Raw counts at the top order only; a shorter context (start of a text) ends on continuation counts.
      const { counts: grams, contexts, stats, discounts } = level(m, m === order);
      const h = keys[m - 1]!;
      const at = 4 * find(contexts, h);
      if (at < 0) continue; // an unseen context passes the lower order's estimate through
      const [d1, d2, d3] = discounts;
      const c = grams.get(h * V + w);
      const d = c === 0 ? 0 : c === 1 ? d1 : c === 2 ? d2 : d3;
      p = (Math.max(c - d, 0) + (d1 * stats[at + 1]! + d2 * stats[at + 2]! + d3 * stats[at + 3]!) * p) / stats[at]!;
    }
    return p;
  }
}

function kneserNeyLevel(grams: Table, counts: GramCounts): KneserNeyLevel {
  const countOfCounts = [0, 0, 0, 0, 0];
  for (const c of grams.values) if (c <= 4) countOfCounts[c]! += 1;
  const { keys, rows } = grams.group((key) => counts.context(key), 4, (out, at, c) => {
    out[at]! += c;
    out[at + Math.min(c, 3)]! += 1;
  });
  return { counts: grams, contexts: keys, stats: rows, discounts: discounts(countOfCounts) };
}

/** Chen & Goodman's estimates, each clamped to [0, r] (tiny data can push them outside). */
function discounts([, n1, n2, n3, n4]: number[]): [number, number, number] {
  if (!n1 || !n2 || !n3 || !n4) return [0.5, 1, 1.5]; // too few counts to estimate: moderate defaults
  const y = n1 / (n1 + 2 * n2);
  const clamp = (d: number, r: number) => Math.min(Math.max(d, 0), r);
  return [clamp(1 - (2 * y * n2) / n1, 1), clamp(2 - (3 * y * n3) / n2, 2), clamp(3 - (4 * y * n4) / n3, 3)];
}

/** Mean -ln P of every symbol of `sequence`, each given the symbols before it in the sequence. */
export function crossEntropyNats(model: NgramModel, sequence: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < sequence.length; i++) sum -= Math.log(model.probability(sequence, i));
  return sum / sequence.length;
}

// ---- the script ----

const ALPHAS = [2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005];

interface Row {
  /** n of the n-gram. */
  n: number;
  kneserNey: number;
  additive: number;
  alpha: number;
}

/** Ids renumbered 0..S-1 over the symbols the data uses. */
function compact(...streams: Uint32Array[]): { streams: Uint32Array[]; symbols: number } {
  const ids = new Map<number, number>();
  for (const s of streams) for (const id of s) if (!ids.has(id)) ids.set(id, ids.size);
  return { streams: streams.map((s) => s.map((id) => ids.get(id)!)), symbols: ids.size };
}

function evaluate(trainIds: Uint32Array, heldOutIds: Uint32Array, maxN: number, scale: number): Row[] {
  const { streams: [train, heldOut], symbols } = compact(trainIds, heldOutIds);
  const cut = Math.floor(train!.length * 0.9);
  const tuning = new GramCounts([train!.subarray(0, cut)], symbols, maxN);
  const full = new GramCounts([train!], symbols, maxN);
  const kn = kneserNey(full);
  return Array.from({ length: maxN }, (_, i) => {
    const n = i + 1;
    const alpha = tuneAlpha(tuning, n, train!.subarray(cut), ALPHAS);
    return { n, kneserNey: crossEntropyNats(kn(n), heldOut!) * scale, additive: crossEntropyNats(additive(full, n, alpha), heldOut!) * scale, alpha };
  });
}

/** The figures the issue quotes are shown beside their rows. */
function table(title: string, unit: string, label: (n: number) => string, rows: Row[], quoted: Record<number, number>): string {
  const best = (key: 'kneserNey' | 'additive') => rows.reduce((a, b) => (b[key] < a[key] ? b : a));
  const mark = (r: Row, key: 'kneserNey' | 'additive') => `${r[key].toFixed(3)}${r === best(key) ? ' (best)' : ''}`;
  const lines = rows.map((r) => `| ${label(r.n)} | ${mark(r, 'kneserNey')} | ${mark(r, 'additive')} | ${r.alpha} | ${quoted[r.n] ?? ''} |`);
  return [`### ${title}`, '', `| model | Kneser-Ney ${unit} | additive ${unit} | alpha | issue says about |`, '|---|---|---|---|---|', ...lines, ''].join('\n');
}

async function main(): Promise<void> {
  const cli = benchCli('baselines', `usage: npx tsx bench/baselines.ts [options]
  --text-orders N   the largest n-gram on tinyshakespeare's characters (8)
  --dna-orders N    the largest Markov order on the DNA (16)
  --json            the JSON report on stdout`);
  const { values: args } = cli.parse({ options: { 'text-orders': { type: 'string' }, 'dna-orders': { type: 'string' }, json: { type: 'boolean', default: false } } });
  const orders = (name: 'text-orders' | 'dna-orders') => cli.integer(`--${name}`, args[name], name === 'text-orders' ? 8 : 16, 1);
  const data = fileURLToPath(new URL('../../shared/data/', import.meta.url));
  const started = performance.now();
  const text = prepareData({ train: await readDataFile(`${data}tinyshakespeare/input.txt`) });
  const textRows = evaluate(text.train, text.heldOut, orders('text-orders'), 1);
  const dna = prepareData({
    train: [await readDataFile(`${data}dna/MT-human.fa`), await readDataFile(`${data}dna/MT-chimp.fa`)],
    heldOut: await readDataFile(`${data}dna/MT-orangA.fa`),
  });
  // Markov order k is the (k+1)-gram; the 1-gram (order 0) is left out.
  const dnaRows = evaluate(dna.train, dna.heldOut, orders('dna-orders') + 1, 1 / Math.LN2).slice(1);
  const seconds = (performance.now() - started) / 1000;

  if (args.json) {
    process.stdout.write(`${JSON.stringify({ shakespeare: textRows, dna: dnaRows, seconds }, null, 2)}\n`);
    return;
  }
  const count = (n: number) => n.toLocaleString('en-US');
  const say = (s: string) => process.stdout.write(`${s}\n`);
  say(`tinyshakespeare: ${count(text.train.length)} characters fitted, ${count(text.heldOut.length)} scored (the last 10 %).`);
  say(`DNA: MT-human + MT-chimp, ${count(dna.train.length)} bases fitted; MT-orangA, ${count(dna.heldOut.length)} bases scored.`);
  say('Kneser-Ney: interpolated, modified (3 discounts per order). Additive: alpha tuned per order on the last 10 % of the training tokens.\n');
  say(table('tinyshakespeare, held-out', 'nats/char', (n) => `${n}-gram`, textRows, { 3: 2.06, 4: 1.79 }));
  say(table('orangutan mtDNA', 'bits/base', (n) => `order ${n - 1}`, dnaRows, { 6: 1.89, 9: 1.75 }));
  say(`(${seconds.toFixed(1)} s)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
