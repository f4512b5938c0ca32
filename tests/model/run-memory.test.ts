// The memory runs of rows are made in is lent and taken back (src/model/run-memory.ts): the next
// loan gets memory already touched, two loans at once never share a buffer, a generator stopped
// early gives its buffers back, and only so much waits between loads.

import { describe, expect, it } from 'vitest';
import { convertWeights } from '../../src/model/convert.js';
import { lend, takeBack } from '../../src/model/run-memory.js';
import { rowRunsOf, type StoredTensor } from '../../src/quant/formats.js';
import { mulberry32 } from '../support/random.js';

describe('run memory', () => {
  it('lends a buffer at least as large, the one given back before, never one out on loan', () => {
    const a = lend(1000);
    expect(a.byteLength).toBe(1024);
    const b = lend(1000);
    expect(b).not.toBe(a);
    takeBack(a);
    expect(lend(900)).toBe(a);
    expect(() => takeBack(new ArrayBuffer(8))).toThrow(/not out on loan/);
    takeBack(a);
    expect(() => takeBack(a)).toThrow(/not out on loan/);
    takeBack(b);
  });

  it('keeps at most 16 MiB between loans', () => {
    const out = Array.from({ length: 5 }, () => lend(4 << 20));
    out.forEach(takeBack);
    const again = Array.from({ length: 5 }, () => lend(4 << 20));
    expect(again.filter((b) => out.includes(b)).length).toBe(4);
    again.forEach(takeBack);
  });

  it('takes back what a conversion a run at a time was lent when its upload stops after the first run', () => {
    const random = mulberry32(3);
    const t: StoredTensor = { shape: [2100, 1024], dtype: 'f32', data: Float32Array.from({ length: 2100 * 1024 }, () => random() - 0.5), layout: 'nk' };
    const converted = convertWeights(new Map([['m', t]]), 'q8_0').weights.get('m')!;
    const runs = rowRunsOf(converted)!()[Symbol.iterator]();
    const words = (runs.next().value as { data: Uint32Array }).data.buffer as ArrayBuffer;
    runs.return?.();
    // At most 16 MiB waits: 16 loans of at least its size (1 MiB or more) reach it wherever it waits (=== : no diff of MBs).
    const again = Array.from({ length: 16 }, () => lend(words.byteLength));
    expect(again.some((b) => b === words)).toBe(true);
    again.forEach(takeBack);
  });
});
