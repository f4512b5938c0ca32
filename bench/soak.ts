// `npm run soak`: the leak check of long use, in Node (Dawn). (a) 10,000 tokens generated on
// stories260K, generate() after generate() within its 512-token context; (b) 1,000 generations on
// the same model, each aborted after 0-3 pieces. Memory is sampled every few seconds (after a
// forced GC): process RSS, live GPU buffers (created and not destroyed: this script wraps
// device.createBuffer) and param-arena slots. Exits 1 if any grows by more than 5 % from the
// start of a phase (after warm-up) to its end. A soak script, not a test: not in CI.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createEngine, type Model } from '../src/index.js';
import { benchCli } from './cli.js';

const cli = benchCli('soak', `usage: npm run soak -- [options]
  --tokens N      tokens generated in phase (a) (10000)
  --cycles N      aborted generations in phase (b) (1000)
  --every S       seconds between memory samples (3)`);
const { values: args } = cli.parse({ options: { tokens: { type: 'string' }, cycles: { type: 'string' }, every: { type: 'string' } } });
const TOKENS = cli.integer('--tokens', args.tokens, 10_000, 1);
const CYCLES = cli.integer('--cycles', args.cycles, 1000, 1);
const EVERY_MS = cli.number('--every', args.every, 3, 0) * 1000;
const GROWTH_LIMIT = 0.05;
// Warm-up before the first sample: pipelines compiled, allocator arenas and JIT settled.
const WARM_RUNS = 2;
const WARM_CYCLES = 50;
// A phase's start and end are each the median of this many samples: RSS moves by a few percent
// from one sample to the next (allocator arenas), which one sample at each end would read as growth.
const ENDS = 3;

const data = new URL('../../shared/data/stories260K/', import.meta.url).pathname;
const PROMPT = 'Once upon a time, there was a little girl named Lily.';

// A forced GC before each sample, so RSS measures what is held, not garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Live GPU buffers (created, not yet destroyed) of a device, counted by wrapping createBuffer. */
function trackBuffers(device: GPUDevice): { count(): number; bytes(): number } {
  const live = new Map<GPUBuffer, number>();
  const create = device.createBuffer.bind(device);
  device.createBuffer = (descriptor: GPUBufferDescriptor) => {
    const buffer = create(descriptor);
    live.set(buffer, descriptor.size);
    const destroy = buffer.destroy.bind(buffer);
    buffer.destroy = () => {
      live.delete(buffer);
      destroy();
    };
    return buffer;
  };
  return { count: () => live.size, bytes: () => [...live.values()].reduce((a, b) => a + b, 0) };
}

interface Sample {
  seconds: number;
  /** Tokens generated (a) or cycles run (b) so far. */
  done: number;
  rss: number;
  buffers: number;
  bufferBytes: number;
  paramSlots: number;
}

const engine = await createEngine();
const buffers = trackBuffers(engine.gpu.device);
const model = await engine.load(`${data}stories260K.bin`, { tokenizer: `${data}tok512.bin` });
const started = performance.now();
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(2);

/** One phase's samples: take() now (printed as a table row), tick() when EVERY_MS have passed. */
class Samples {
  readonly rows: Sample[] = [];
  private last = 0;

  constructor(readonly phase: string) {}

  take(done: number): void {
    gc();
    const s: Sample = {
      seconds: (performance.now() - started) / 1000,
      done,
      rss: process.memoryUsage().rss,
      buffers: buffers.count(),
      bufferBytes: buffers.bytes(),
      paramSlots: engine.gpu.params.liveSlots,
    };
    this.rows.push(s);
    this.last = performance.now();
    console.log(`| ${this.phase} | ${s.seconds.toFixed(1)} | ${done} | ${mib(s.rss)} | ${s.buffers} | ${mib(s.bufferBytes)} | ${s.paramSlots} |`);
  }

  tick(done: number): void {
    if (this.rows.length > 0 && performance.now() - this.last >= EVERY_MS) this.take(done);
  }

  /** Growth of each measure from the phase's start to its end (medians of ENDS samples); FAIL above the limit. */
  verdict(): { lines: string[]; pass: boolean } {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ends = (get: (x: Sample) => number) => {
      const n = Math.min(ENDS, Math.floor(this.rows.length / 2)) || 1;
      return [median(this.rows.slice(0, n).map(get)), median(this.rows.slice(-n).map(get))];
    };
    const measures: Array<[string, (x: Sample) => number, (v: number) => string]> = [
      ['RSS', (x) => x.rss, (v) => `${mib(v)} MiB`],
      ['GPU buffers', (x) => x.buffers, String],
      ['GPU buffer bytes', (x) => x.bufferBytes, (v) => `${mib(v)} MiB`],
      ['param slots', (x) => x.paramSlots, String],
    ];
    let pass = true;
    const lines = measures.map(([name, get, show]) => {
      const [start, end] = ends(get);
      const values = this.rows.map(get);
      const growth = (end - start) / start;
      const ok = growth <= GROWTH_LIMIT;
      pass &&= ok;
      const range = `range ${show(Math.min(...values))} .. ${show(Math.max(...values))}`;
      return `  ${name}: ${show(start)} -> ${show(end)} (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(2)} %; ${range}) ${ok ? 'ok' : 'FAIL'}`;
    });
    return { lines, pass };
  }
}

const count = (tally: Record<string, number>, key: string) => (tally[key] = (tally[key] ?? 0) + 1);

/** (a) generate() again and again, each run filling the context, until TOKENS tokens; WARM_RUNS runs warm up. */
async function longRun(m: Model, samples: Samples): Promise<{ runs: number; stops: Record<string, number> }> {
  const stops: Record<string, number> = {};
  let tokens = 0;
  let runs = 0;
  while (tokens < TOKENS) {
    const generation = m.generate(PROMPT, {
      temperature: 0.9, topP: 0.95, repetitionPenalty: 1.1, seed: runs, ignoreEos: true,
      maxTokens: Math.min(m.info().contextLength, TOKENS - tokens),
    });
    for await (const piece of generation) {
      if (piece.id === undefined) continue;
      tokens++;
      samples.tick(tokens);
    }
    count(stops, (await generation.stats).stopReason);
    if (++runs === WARM_RUNS) samples.take(tokens);
  }
  samples.take(tokens);
  return { runs, stops };
}

/** (b) CYCLES generations, each aborted after 0-3 pieces (0: during the prefill step); WARM_CYCLES warm up. */
async function abortCycles(m: Model, samples: Samples): Promise<{ stops: Record<string, number>; overran: number }> {
  const stops: Record<string, number> = {};
  let overran = 0; // cycles that generated more tokens than the abort allowed
  let seed = 0x50a4;
  const nextAbort = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) % 4;
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const abortAfter = nextAbort();
    const controller = new AbortController();
    const generation = m.generate(PROMPT, { temperature: 0.8, seed: cycle, maxTokens: 64, ignoreEos: true, signal: controller.signal });
    if (abortAfter === 0) setTimeout(() => controller.abort(), 0);
    let pieces = 0;
    for await (const piece of generation) {
      if (piece.id !== undefined && ++pieces >= abortAfter) controller.abort();
    }
    const stats = await generation.stats;
    count(stops, stats.stopReason);
    // An abort timed during the prefill step may come after that step has already yielded its token.
    if (stats.generatedTokens > Math.max(abortAfter, 1)) overran++;
    if (cycle === WARM_CYCLES) samples.take(cycle);
    else samples.tick(cycle);
  }
  samples.take(CYCLES);
  return { stops, overran };
}

console.log(`soak: ${engine.adapter}, Node ${process.version}, stories260K, ${TOKENS} tokens, ${CYCLES} abort cycles, limit +${GROWTH_LIMIT * 100} %\n`);
console.log('| phase | t (s) | tokens / cycles | RSS (MiB) | GPU buffers | GPU buffer MiB | param slots |');
console.log('|:--|--:|--:|--:|--:|--:|--:|');
const samplesA = new Samples('a: 10k tokens');
const a = await longRun(model, samplesA);
const samplesB = new Samples('b: abort cycles');
const b = await abortCycles(model, samplesB);
model.dispose();
engine.destroy();

const va = samplesA.verdict();
const vb = samplesB.verdict();
const allAborted = (b.stops.aborted ?? 0) === CYCLES;
console.log(`\n(a) ${TOKENS} tokens in ${a.runs} generate() calls (stop reasons ${JSON.stringify(a.stops)}); ${samplesA.rows.length} samples after ${WARM_RUNS} warm-up calls, ends = medians of ${ENDS}:`);
console.log(va.lines.join('\n'));
console.log(`(b) ${CYCLES} generate/abort cycles (stop reasons ${JSON.stringify(b.stops)}; ${b.overran} overran the abort); ${samplesB.rows.length} samples after ${WARM_CYCLES} warm-up cycles, ends = medians of ${ENDS}:`);
console.log(vb.lines.join('\n'));
const pass = va.pass && vb.pass && allAborted && b.overran === 0;
console.log(`\nverdict: ${pass ? 'PASS' : 'FAIL'}`);
process.exitCode = pass ? 0 : 1;
