// ggml's k-quants (src/quant/kquants.ts) against super-blocks this test builds weight by weight from the
// layout (ggml-common.h), with a different scale, min and quant in every sub-block so that a swapped
// nibble, group, bit or scale fails: the expected weights are d * sc * q - dmin * m (q4_K, q5_K) and
// d * scale * (q - 32) (q6_K) over those values, plus a few worked out by hand from the bytes. Our q4_K and
// q6_K quantizers' super-blocks are read back through that builder's layout and the dequantizer.

import { describe, expect, it } from 'vitest';
import { f16Bits, f16Value } from '../../src/quant/half.js';
import { blocksFromGguf, blocksToGguf } from '../../src/quant/formats.js';
import { dequantizeBlocks } from '../../src/quant/blocks.js';
import { dequantizeKQuant, firstNonFiniteScale, K_QUANT_BLOCK_BYTES, quantizeKQuant, roundHalfUp, scaleMinK4 } from '../../src/quant/kquants.js';
import { toFloat32, toStored } from '../../src/quant/stored.js';
import { mulberry32 } from '../support/random.js';

const fr = Math.fround;
const halfValue = (bytes: Uint8Array, at: number) => f16Value(bytes[at]! | (bytes[at + 1]! << 8));
const plusZero = (y: Float32Array) => [...y].map((v) => v + 0);

interface Q45 {
  d: number;
  dmin: number;
  /** 6-bit scales and mins of the 8 sub-blocks of 32. */
  sc: number[];
  m: number[];
  /** 256 quants: 4 bits (q4_K) or 5 (q5_K). */
  q: number[];
}

/**
 * A q4_K / q5_K super-block. Scales and mins 0..3 take the low 6 bits of scales[j] and scales[j + 4];
 * 4..7 their low 4 bits in byte j + 4 of the last four (scale low nibble, min high nibble) and their top
 * 2 bits in the top 2 bits of scales[j - 4] (scale) and scales[j] (min). Weight 32 s + l is nibble s & 1
 * of qs[32 (s >> 1) + l]; q5_K's 5th bit is bit s of qh[l].
 */
function q45Block(fifth: boolean, b: Q45): Uint8Array {
  const out = new Uint8Array(fifth ? 176 : 144);
  const view = new DataView(out.buffer);
  view.setUint16(0, f16Bits(b.d), true);
  view.setUint16(2, f16Bits(b.dmin), true);
  const scales = out.subarray(4, 16);
  for (let j = 0; j < 4; j++) {
    scales[j] = b.sc[j]! | ((b.sc[j + 4]! >> 4) << 6);
    scales[j + 4] = b.m[j]! | ((b.m[j + 4]! >> 4) << 6);
    scales[j + 8] = (b.sc[j + 4]! & 15) | ((b.m[j + 4]! & 15) << 4);
  }
  const qs = fifth ? 48 : 16;
  for (let i = 0; i < 256; i++) {
    const [s, l] = [i >> 5, i & 31];
    out[qs + 32 * (s >> 1) + l]! |= (b.q[i]! & 15) << (4 * (s & 1));
    if (fifth && b.q[i]! & 16) out[16 + l]! |= 1 << s;
  }
  return out;
}

/** Weight i of a q4_K / q5_K block, in ggml's float32 steps. */
const q45Weight = (b: Q45, i: number) => fr(fr(fr(b.d * b.sc[i >> 5]!) * b.q[i]!) - fr(b.dmin * b.m[i >> 5]!));

interface Q6 {
  d: number;
  /** int8 scales of the 16 sub-blocks of 16. */
  scales: number[];
  /** 256 quants, 0..63 (the weight is q - 32). */
  q: number[];
}

/**
 * A q6_K super-block. In each half of 128 weights, weight 32 g + l (g = 0..3) keeps its low 4 bits in
 * ql[64 half + l + 32 (g & 1)] (low nibble for g < 2, high for g >= 2) and its top 2 bits in
 * qh[32 half + l] at bit 2 g; the scales follow the ql, qh; d last.
 */
function q6Block(b: Q6): Uint8Array {
  const out = new Uint8Array(210);
  for (let i = 0; i < 256; i++) {
    const [half, g, l] = [i >> 7, (i >> 5) & 3, i & 31];
    out[64 * half + l + 32 * (g & 1)]! |= (b.q[i]! & 15) << (g < 2 ? 0 : 4);
    out[128 + 32 * half + l]! |= (b.q[i]! >> 4) << (2 * g);
  }
  b.scales.forEach((s, j) => (out[192 + j] = s & 0xff));
  new DataView(out.buffer).setUint16(208, f16Bits(b.d), true);
  return out;
}

/** Weight i of a q6_K block: its scale is that of the 16 consecutive weights it belongs to. */
const q6Weight = (b: Q6, i: number) => fr(fr(b.d * b.scales[i >> 4]!) * (b.q[i]! - 32));

// Scales and mins with bits 4 and 5 set in both halves (>= 16 for 4..7: their top bits are packed apart).
const SC = [33, 2, 47, 12, 17, 63, 48, 29];
const M = [5, 60, 1, 38, 20, 36, 50, 62];

describe('q4_K', () => {
  const b: Q45 = { d: 0.5, dmin: 0.25, sc: SC, m: M, q: Array.from({ length: 256 }, (_, i) => (5 * (i >> 5) + 3 * i) % 16) };
  const y = dequantizeKQuant('q4_K', q45Block(false, b), 256);

  it('unpacks the 6-bit scales and mins', () => {
    const scales = q45Block(false, b).subarray(4, 16);
    expect(Array.from({ length: 8 }, (_, j) => scaleMinK4(scales, j))).toEqual(SC.map((s, j) => [s, M[j]]));
  });

  it('dequantizes every weight with its own sub-block scale, min and nibble', () => {
    expect([...y]).toEqual(Array.from({ length: 256 }, (_, i) => q45Weight(b, i)));
  });

  it('matches weights worked out by hand', () => {
    // Weight 0: sub-block 0, q = 0: -dmin * m0 = -0.25 * 5.
    expect(y[0]).toBe(-1.25);
    // Weight 33: sub-block 1 (high nibbles of qs[0..31]), q = (5 + 99) % 16 = 8: 0.5 * 2 * 8 - 0.25 * 60 = -7.
    expect(y[33]).toBe(-7);
    // Weight 200: sub-block 6 (low nibbles of qs[96..127]), q = (30 + 600) % 16 = 6: 0.5 * 48 * 6 - 0.25 * 50 = 131.5.
    expect(y[200]).toBe(131.5);
    // Weight 255: sub-block 7, q = (35 + 765) % 16 = 0: -0.25 * 62.
    expect(y[255]).toBe(-15.5);
  });

  it('reads a zero super-block as zeros', () => {
    expect(plusZero(dequantizeKQuant('q4_K', new Uint8Array(144), 256))).toEqual(new Array(256).fill(0));
  });
});

/** The sum of squared errors over the sum of squares: what a quantizer that stored no information (all zeros) makes 1. */
function relativeError(x: Float32Array, y: Float32Array): number {
  let err = 0;
  let sum = 0;
  x.forEach((v, i) => ((err += (y[i]! - v) ** 2), (sum += v * v)));
  return err / sum;
}

describe('q4_K and q5_K quantization', () => {
  for (const type of ['q4_K', 'q5_K'] as const) {
    const fifth = type === 'q5_K';
    const top = fifth ? 31 : 15;
    const size = K_QUANT_BLOCK_BYTES[type];

    /** Each weight at the level of its sub-block (d * sc * q - dmin * m, q = 0..top) nearest to x. */
    function expectNearest(x: Float32Array, bytes: Uint8Array): Float32Array {
      const y = dequantizeKQuant(type, bytes, x.length);
      for (let i = 0; i < x.length; i++) {
        const block = bytes.subarray(size * (i >> 8), size * (i >> 8) + size);
        const [sc, m] = scaleMinK4(block.subarray(4, 16), (i >> 5) & 7);
        const [step, min] = [fr(halfValue(block, 0) * sc), fr(halfValue(block, 2) * m)];
        const nearest = Math.min(...Array.from({ length: top + 1 }, (_, q) => Math.abs(fr(fr(step * q) - min) - x[i]!)));
        expect(Math.abs(y[i]! - x[i]!), `weight ${i}: ${x[i]} -> ${y[i]} (step ${step}, min ${min})`).toBeLessThanOrEqual(nearest + 1e-6);
      }
      return y;
    }

    it(`${type}: stores a zero super-block as zeros`, () => {
      expect([...quantizeKQuant(type, new Float32Array(256))]).toEqual(new Array(size).fill(0));
    });

    it(`${type}: matches scales and mins worked out by hand, and the builder's bytes for them`, () => {
      // Sub-block s holds (s + 1) * (l % (top + 1)) - s: step s + 1 (largest 8), min s (largest 7), so the
      // 6-bit levels are round(63 / 8 * (s + 1)) and round(63 / 7 * s).
      const x = Float32Array.from({ length: 256 }, (_, i) => ((i >> 5) + 1) * ((i % 32) % (top + 1)) - (i >> 5));
      const bytes = quantizeKQuant(type, x);
      const sc = [8, 16, 24, 32, 39, 47, 55, 63];
      const m = [0, 9, 18, 27, 36, 45, 54, 63];
      for (let j = 0; j < 8; j++) expect(scaleMinK4(bytes.subarray(4, 16), j)).toEqual([sc[j], m[j]]);
      const d = f16Value(f16Bits(fr(8 / 63)));
      const dmin = f16Value(f16Bits(fr(7 / 63)));
      const q = [...x].map((v, i) => Math.max(0, Math.min(top, Math.round((v + fr(dmin * m[i >> 5]!)) / fr(d * sc[i >> 5]!)))));
      expect(bytes).toEqual(q45Block(fifth, { d, dmin, sc, m, q }));
      expectNearest(x, bytes);
    });

    it(`${type}: keeps random weights at their nearest level, super-block by super-block`, () => {
      const rnd = mulberry32(7);
      const x = Float32Array.from({ length: 4 * 256 }, (_, i) => (rnd() - 0.3) * (1 + (i >> 8)) * (i % 97 === 0 ? 8 : 1));
      // About (step / 2)^2 / 3 over the values' mean square: 6e-3 for 16 levels, 1.5e-3 for 32.
      expect(relativeError(x, expectNearest(x, quantizeKQuant(type, x)))).toBeLessThan(fifth ? 4e-3 : 1.5e-2);
    });

    it(`${type}: refuses super-blocks whose scales overflow f16, and rows that are not whole super-blocks`, () => {
      const x = new Float32Array(256);
      x[3] = 1e9;
      expect(() => quantizeKQuant(type, x)).toThrow(new RegExp(`^${type}: super-block 0 spans 0\\.00 \\.\\. 1\\.00e\\+9, past what its f16 scales hold$`));
      expect(() => toStored({ shape: [2, 288], data: new Float32Array(576), layout: 'nk' }, type)).toThrow(new RegExp(`${type} quantizes rows of 256 along K; this tensor's K is 288`));
    });

    it(`${type}: is GGUF's bytes as words, both ways, and a kn matrix stored nk`, () => {
      const bytes = q45Block(fifth, { d: 0.5, dmin: -2, sc: [1, 63, 7, 40, 5, 33, 62, 17], m: [63, 0, 12, 50, 9, 31, 2, 44], q: Array.from({ length: 256 }, (_, i) => (i * 7) % (top + 1)) });
      const words = blocksFromGguf(type, bytes);
      expect(words.length).toBe(size / 4);
      expect(blocksToGguf(type, words)).toEqual(bytes);
      const kn = Float32Array.from({ length: 256 * 3 }, (_, i) => Math.sin(i));
      const stored = toStored({ shape: [256, 3], data: kn, layout: 'kn' }, type);
      expect(stored).toMatchObject({ shape: [3, 256], layout: 'nk', dtype: type });
      const back = toFloat32(stored).data;
      for (let k = 0; k < 256; k++) for (let n = 0; n < 3; n++) expect(Math.abs(back[n * 256 + k]! - kn[k * 3 + n]!)).toBeLessThan(0.1);
    });
  }
});

describe('q5_K', () => {
  // Quants 0..31: the 5th bit set in a pattern that differs between sub-blocks.
  const b: Q45 = { d: 0.25, dmin: 0.5, sc: SC, m: M, q: Array.from({ length: 256 }, (_, i) => (7 * (i >> 5) + 5 * i) % 32) };
  const y = dequantizeKQuant('q5_K', q45Block(true, b), 256);

  it('dequantizes every weight with its 5th bit from qh', () => {
    expect([...y]).toEqual(Array.from({ length: 256 }, (_, i) => q45Weight(b, i)));
  });

  it('matches weights worked out by hand', () => {
    // Weight 3: sub-block 0, q = 15 (no 5th bit): 0.25 * 33 * 15 - 0.5 * 5 = 121.25.
    expect(y[3]).toBe(121.25);
    // Weight 70: sub-block 2, q = (14 + 350) % 32 = 12 (bit 2 of qh[6] clear): 0.25 * 47 * 12 - 0.5 * 1 = 140.5.
    expect(y[70]).toBe(140.5);
    // Weight 167: sub-block 5, q = (35 + 835) % 32 = 6: 0.25 * 63 * 6 - 0.5 * 36 = 76.5.
    expect(y[167]).toBe(76.5);
    // Weight 230: sub-block 7, q = (49 + 1150) % 32 = 15: 0.25 * 29 * 15 - 0.5 * 62 = 77.75.
    expect(y[230]).toBe(77.75);
    // Weight 225: sub-block 7, q = (49 + 1125) % 32 = 22 (bit 7 of qh[1] set): 0.25 * 29 * 22 - 0.5 * 62 = 128.5.
    expect(y[225]).toBe(128.5);
  });

  it('takes the 5th bit for weight l of sub-block s from bit s of qh[l] only', () => {
    const only = { ...b, q: new Array(256).fill(0) };
    only.q[5 * 32 + 9] = 16; // sub-block 5, weight 9: qh[9] = 1 << 5, nothing else
    const bytes = q45Block(true, only);
    expect([...bytes.subarray(16, 48)].map((v, l) => [l, v]).filter(([, v]) => v)).toEqual([[9, 32]]);
    const z = dequantizeKQuant('q5_K', bytes, 256);
    expect(z[5 * 32 + 9]).toBe(234); // 0.25 * 63 * 16 - 0.5 * 36
    expect(z[5 * 32 + 8]).toBe(-18);
    expect(z[4 * 32 + 9]).toBe(-10);
  });
});

describe('q6_K', () => {
  // Signed scales, -128 and 127 included; quants 0..63 so that q - 32 runs negative and positive.
  const scales = [1, -2, 3, -4, 5, -6, 7, -8, 127, -128, 11, -12, 13, 14, -15, 16];
  const b: Q6 = { d: 0.125, scales, q: Array.from({ length: 256 }, (_, i) => (11 * i + (i >> 4)) % 64) };
  const y = dequantizeKQuant('q6_K', q6Block(b), 256);

  it('dequantizes every weight with its 6 bits and its sub-block of 16', () => {
    expect(plusZero(y)).toEqual(Array.from({ length: 256 }, (_, i) => q6Weight(b, i) + 0));
  });

  it('matches weights worked out by hand', () => {
    // Weight 0: q = 0, scale 1: 0.125 * 1 * -32 = -4.
    expect(y[0]).toBe(-4);
    // Weight 17: q = (187 + 1) % 64 = 60, scale -2: 0.125 * -2 * 28 = -7.
    expect(y[17]).toBe(-7);
    // Weight 150: second half, q = (1650 + 9) % 64 = 59, scale[9] = -128: 0.125 * -128 * 27 = -432.
    expect(y[150]).toBe(-432);
    // Weight 130: q = (1430 + 8) % 64 = 30, scale[8] = 127: 0.125 * 127 * -2 = -31.75.
    expect(y[130]).toBe(-31.75);
  });

  it('reads a zero super-block as zeros', () => {
    expect(plusZero(dequantizeKQuant('q6_K', new Uint8Array(210), 256))).toEqual(new Array(256).fill(0));
  });
});

describe('q6_K quantization', () => {
  /** Each weight at the level of its sub-block of 16 (d * scale * (q - 32), q = 0..63) nearest to x. */
  function expectNearest(x: Float32Array, bytes: Uint8Array): void {
    const y = dequantizeKQuant('q6_K', bytes, x.length);
    for (let i = 0; i < x.length; i++) {
      const block = bytes.subarray(210 * (i >> 8), 210 * (i >> 8) + 210);
      const step = fr(halfValue(block, 208) * ((block[192 + ((i >> 4) & 15)]! << 24) >> 24));
      const nearest = Math.min(...Array.from({ length: 64 }, (_, q) => Math.abs(fr(step * (q - 32)) - x[i]!)));
      expect(Math.abs(y[i]! - x[i]!), `weight ${i}: ${x[i]} -> ${y[i]} (step ${step})`).toBeLessThanOrEqual(nearest + 1e-6);
    }
  }

  it('stores a zero super-block as zeros', () => {
    expect([...quantizeKQuant('q6_K', new Float32Array(256))]).toEqual(new Array(210).fill(0));
  });

  it('matches scales worked out by hand, and the builder\'s bytes for them', () => {
    // Sub-block s holds -32 (s + 1) first (its largest magnitude: scale s + 1, the largest 16), then
    // (s + 1) (l - 16): d = 16 / -128 = -0.125, scales -8 (s + 1), and every weight exact.
    const x = Float32Array.from({ length: 256 }, (_, i) => ((i >> 4) + 1) * (i % 16 === 0 ? -32 : (i % 16) - 16));
    const bytes = quantizeKQuant('q6_K', x);
    const scales = Array.from({ length: 16 }, (_, s) => -8 * (s + 1));
    const q = Array.from({ length: 256 }, (_, i) => (i % 16 === 0 ? 0 : (i % 16) + 16));
    expect(bytes).toEqual(q6Block({ d: -0.125, scales, q }));
    expect([...dequantizeKQuant('q6_K', bytes, 256)]).toEqual([...x]);
  });

  it('keeps random weights at their nearest level, super-block by super-block', () => {
    const rnd = mulberry32(11);
    const x = Float32Array.from({ length: 4 * 256 }, (_, i) => (rnd() - 0.4) * (1 + (i >> 8)) * (i % 89 === 0 ? 8 : 1));
    const bytes = quantizeKQuant('q6_K', x);
    expectNearest(x, bytes);
    // Steps of about a 32nd of each sub-block's largest value: (step / 2)^2 / 3 is about 3e-4 of the mean square.
    expect(relativeError(x, dequantizeKQuant('q6_K', bytes, x.length))).toBeLessThan(1e-3);
  });

  it('reads a zero sub-block as zeros, and clamps a value of the other sign as large as the peak at +31', () => {
    // Sub-block 1 holds 1 first (the peak: scale 1 / -32, the largest, so d = 2^-12 and its int8 scale
    // -128), then -1, at -1 / (1 / -32) = 32, one past the top level 31. Sub-block 0 and the rest are 0.
    const x = new Float32Array(256);
    x[16] = 1;
    x[17] = -1;
    const bytes = quantizeKQuant('q6_K', x);
    expect(halfValue(bytes, 208)).toBe(2 ** -12);
    expect([bytes[192], bytes[193]]).toEqual([0, 0x80]);
    const want = new Array(256).fill(0);
    [want[16], want[17]] = [1, -0.96875];
    expect(plusZero(dequantizeKQuant('q6_K', bytes, 256))).toEqual(want);
  });

  it('refuses super-blocks whose d overflows f16, and rows that are not whole super-blocks', () => {
    const x = new Float32Array(256);
    x[3] = -1e12;
    expect(() => quantizeKQuant('q6_K', x)).toThrow(/^q6_K: super-block 0 reaches -1\.00e\+12, past what its f16 scale holds$/);
    expect(() => toStored({ shape: [2, 288], data: new Float32Array(576), layout: 'nk' }, 'q6_K')).toThrow(/q6_K quantizes rows of 256 along K; this tensor's K is 288/);
  });

  it('is GGUF\'s bytes and 2 zero bytes a super-block as words, both ways, and a kn matrix stored nk', () => {
    const scales = Array.from({ length: 16 }, (_, s) => 15 * s - 113);
    const bytes = new Uint8Array([...q6Block({ d: 0.5, scales, q: Array.from({ length: 256 }, (_, i) => (i * 5) % 64) }), ...q6Block({ d: -2, scales: [...scales].reverse(), q: Array.from({ length: 256 }, (_, i) => (i * 3) % 64) })]);
    const words = blocksFromGguf('q6_K', bytes);
    expect(words.length).toBe(2 * 53);
    expect([...new Uint8Array(words.buffer).subarray(0, 210)]).toEqual([...bytes.subarray(0, 210)]);
    expect([...new Uint8Array(words.buffer).subarray(210, 212)]).toEqual([0, 0]);
    expect([...new Uint8Array(words.buffer).subarray(212, 422)]).toEqual([...bytes.subarray(210)]);
    expect(blocksToGguf('q6_K', words)).toEqual(bytes);
    expect(dequantizeBlocks('q6_K', words)).toEqual(dequantizeKQuant('q6_K', bytes, 512));
    const kn = Float32Array.from({ length: 256 * 3 }, (_, i) => Math.sin(i));
    const stored = toStored({ shape: [256, 3], data: kn, layout: 'kn' }, 'q6_K');
    expect(stored).toMatchObject({ shape: [3, 256], layout: 'nk', dtype: 'q6_K' });
    const back = toFloat32(stored).data;
    for (let k = 0; k < 256; k++) for (let n = 0; n < 3; n++) expect(Math.abs(back[n * 256 + k]! - kn[k * 3 + n]!)).toBeLessThan(0.05);
  });
});

describe('any k-quant', () => {
  it('rounds as Math.round does (the quantizers\' rounding), at ties, next to them and at 0.5 - 2^-54', () => {
    const next = mulberry32(0x72);
    const cases = [0.5 - 2 ** -54, 0.5, 1.5, 2.5, -0.5, -1.5, -2.5, -0.5 - 2 ** -53, 1.5 - 2 ** -52, 0.49999, -0.3, 31.5, -32.5, 0];
    for (let i = 0; i < 10000; i++) cases.push((next() - 0.5) * 200, Math.round((next() - 0.5) * 200) + 0.5);
    for (const v of cases) expect(roundHalfUp(v), String(v)).toBe(Math.round(v) + 0); // as an integer: -0 is 0
  });

  it('dequantizes consecutive super-blocks, each with its own d, on random values', () => {
    const next = mulberry32(0x6b);
    const int = (n: number) => Math.floor(next() * n);
    const half = () => (int(2) ? -1 : 1) * (1 + int(1024) / 1024) * 2 ** (int(20) - 14); // a normal f16 value
    for (const type of ['q4_K', 'q5_K', 'q6_K'] as const) {
      const blocks = Array.from({ length: 3 }, () => (type === 'q6_K'
        ? { d: half(), scales: Array.from({ length: 16 }, () => int(256) - 128), q: Array.from({ length: 256 }, () => int(64)) }
        : { d: half(), dmin: half(), sc: Array.from({ length: 8 }, () => int(64)), m: Array.from({ length: 8 }, () => int(64)), q: Array.from({ length: 256 }, () => int(type === 'q5_K' ? 32 : 16)) }));
      const bytes = new Uint8Array(blocks.flatMap((b) => [...(type === 'q6_K' ? q6Block(b as Q6) : q45Block(type === 'q5_K', b as Q45))]));
      const want = blocks.flatMap((b) => Array.from({ length: 256 }, (_, i) => (type === 'q6_K' ? q6Weight(b as Q6, i) : q45Weight(b as Q45, i)) + 0));
      expect(plusZero(dequantizeKQuant(type, bytes, 768)), type).toEqual(want);
      // Into an array given (a load's chunks reuse one), every value written over.
      const into = new Float32Array(771).fill(NaN).subarray(3);
      expect(dequantizeKQuant(type, bytes, 768, into)).toBe(into);
      expect(plusZero(into), type).toEqual(want);
      expect(() => dequantizeKQuant(type, bytes, 768, new Float32Array(512))).toThrow(`${type}: an output of 512 values given for 768`);
    }
  });

  it('refuses counts that are not whole super-blocks and bytes that do not match them', () => {
    expect(() => dequantizeKQuant('q4_K', new Uint8Array(144), 255)).toThrow(RangeError);
    expect(() => dequantizeKQuant('q4_K', new Uint8Array(144), 255)).toThrow(/q4_K: 255 weights are not a whole number of 256-weight super-blocks/);
    expect(() => dequantizeKQuant('q5_K', new Uint8Array(175), 256)).toThrow(/q5_K: 175 bytes are not a whole number of 176-byte super-blocks/);
    expect(() => dequantizeKQuant('q6_K', new Uint8Array(210), 512)).toThrow(/q6_K: 1 super-blocks hold 256 weights, not 512/);
  });

  it('finds the first super-block whose d or dmin is infinite or NaN', () => {
    for (const type of ['q4_K', 'q5_K', 'q6_K'] as const) {
      const size = K_QUANT_BLOCK_BYTES[type];
      const bytes = new Uint8Array(3 * size);
      expect(firstNonFiniteScale(type, bytes)).toBeUndefined();
      const dAt = type === 'q6_K' ? 208 : 0;
      new DataView(bytes.buffer).setUint16(2 * size + dAt, 0x7c00, true); // block 2: d = +inf
      expect(firstNonFiniteScale(type, bytes)).toEqual({ block: 2, field: 'd' });
      // A NaN in block 1's dmin (q4_K, q5_K; q6_K has none: bytes 2..3 are quants there).
      new DataView(bytes.buffer).setUint16(size + 2, 0x7e01, true);
      expect(firstNonFiniteScale(type, bytes)).toEqual(type === 'q6_K' ? { block: 2, field: 'd' } : { block: 1, field: 'dmin' });
    }
  });
});
