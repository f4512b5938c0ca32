// The CPU formats of src/quant/: f16 and bf16 bits against hand-worked values (ties, subnormals,
// overflow, NaN) and against their own decoders over all 65536 patterns; q8_0 and q4_0 blocks
// against hand-worked blocks (zeros, an outlier, a negative scale, rounding ties, clipping); and the
// error of dequantize(quantize(x)) on random rows against the bound each format promises; and the
// f32 'kn' -> 'nk' transposition a software profile applies on upload.

import { describe, expect, it } from 'vitest';
import { dequantizeBlocks, quantizeBlocks } from '../../src/quant/blocks.js';
import { blocksFromGguf, blocksToGguf, deferredRowRuns, deferredTensor, scaleOfWord, type WeightDType, withLargest } from '../../src/quant/formats.js';
import { bf16Bits, bf16BitsOfFloat32, bf16Value, f16Bits, f16BitsOfFloat32, f16Value, f16ValueTable, UnstorableValueError } from '../../src/quant/half.js';
import { storesAll, toFloat32, toStored, transposedToRows } from '../../src/quant/stored.js';
import { randomArray } from '../support/random.js';

describe('f16 bits', () => {
  it('rounds to nearest, ties to even, in the normal and subnormal ranges', () => {
    const cases: Array<[number, number]> = [
      [0, 0x0000], [-0, 0x8000], [1, 0x3c00], [-2, 0xc000], [0.1, 0x2e66], [1 / 3, 0x3555],
      [1 + 2 ** -11, 0x3c00], // halfway between 1 and 1 + 2^-10: the even one, 1
      [1 + 3 * 2 ** -11, 0x3c02], // halfway between 0x3c01 and 0x3c02: the even one
      [1 + 2 ** -11 + 2 ** -20, 0x3c01], // just past halfway
      [2049, 0x6800], [2051, 0x6802], // spacing 2 above 2048: ties to even
      [65504, 0x7bff], [65519.996, 0x7bff], [65520, 0x7c00], [-1e6, 0xfc00], [Infinity, 0x7c00], [-Infinity, 0xfc00],
      [2 ** -24, 0x0001], [2 ** -25, 0x0000], [3 * 2 ** -25, 0x0002], [-(2 ** -26), 0x8000], // subnormal ties
      [1023.5 * 2 ** -24, 0x0400], // halfway from the largest subnormal to the smallest normal
      [2 ** -14, 0x0400], [1023 * 2 ** -24, 0x03ff],
    ];
    for (const [x, bits] of cases) expect([x, f16Bits(x)]).toEqual([x, bits]);
    const nan = f16Bits(NaN);
    expect((nan & 0x7c00) === 0x7c00 && (nan & 0x3ff) !== 0).toBe(true);
  });

  it('encodes every f16 value back to its own bits', () => {
    for (let h = 0; h < 0x10000; h++) {
      const v = f16Value(h);
      if (Number.isNaN(v)) expect(Number.isNaN(f16Value(f16Bits(v)))).toBe(true);
      else if (f16Bits(v) !== h) expect([h, f16Bits(v)]).toEqual([h, h]);
    }
  });

  // The loaders convert whole tensors from float32 bits; f16Bits (float64 arithmetic) is the reference.
  it('gives the same bits from a float32\'s bits as f16Bits from its value, on every sign and exponent', () => {
    const word = new Uint32Array(1);
    const value = new Float32Array(word.buffer);
    const check = (b: number) => {
      word[0] = b;
      const want = Number.isNaN(value[0]) ? 0x7e00 : f16Bits(value[0]!);
      if (f16BitsOfFloat32(word[0]!) !== want) expect([b.toString(16), f16BitsOfFloat32(word[0]!)]).toEqual([b.toString(16), want]);
    };
    for (let sign = 0; sign < 2; sign++) {
      for (let exponent = 0; exponent < 256; exponent++) {
        const base = ((sign << 31) | (exponent << 23)) >>> 0;
        // Each exponent's mantissas at a stride, and every mantissa around the f16 rounding points (ties included).
        for (let m = 0; m < 0x800000; m += 0x1fff) check(base + m);
        for (const point of [0, 0x1000, 0x2000, 0x3000, 0x7fe000, 0x7ff000, 0x400000, 0x200000, 0x100000]) {
          for (let d = -2; d <= 2; d++) if (point + d >= 0 && point + d < 0x800000) check(base + point + d);
        }
      }
    }
    expect(f16BitsOfFloat32(0x477fefff)).toBe(0x7bff); // just under 65520
    expect(f16BitsOfFloat32(0x477ff000)).toBe(0x7c00); // 65520 rounds to infinity
  });

  it('looks every f16 value up in the table as f16Value gives it', () => {
    const table = f16ValueTable();
    for (let h = 0; h < 0x10000; h++) if (!Object.is(table[h], Math.fround(f16Value(h)))) expect([h, table[h]]).toEqual([h, f16Value(h)]);
  });
});

describe('bf16 bits', () => {
  it('rounds float32 bits to the high half, ties to even', () => {
    const cases: Array<[number, number]> = [
      [0, 0], [-0, 0x8000], [1, 0x3f80], [-1, 0xbf80],
      [1 + 2 ** -8, 0x3f80], [1 + 3 * 2 ** -8, 0x3f82], [1 + 2 ** -8 + 2 ** -20, 0x3f81],
      [3.4028234663852886e38, 0x7f80], // the largest float32 rounds up to infinity
      [-Infinity, 0xff80], [2 ** -133, 0x0001], // a float32 subnormal keeps its top bits
    ];
    for (const [x, bits] of cases) expect([x, bf16Bits(x)]).toEqual([x, bits]);
    expect(Number.isNaN(bf16Value(bf16Bits(NaN)))).toBe(true);
    for (let h = 0; h < 0x10000; h += 7) if (!Number.isNaN(bf16Value(h))) expect(bf16Bits(bf16Value(h))).toBe(h);
    expect(bf16BitsOfFloat32(0x7fc00001)).toBe(0x7fc0); // a NaN stays NaN: the rounding carry must not make it infinity
    expect(bf16BitsOfFloat32(0x7f801234)).toBe(0x7fc0);
  });
});

/** A 32-value block with the given values at their indices and zeros elsewhere. */
function block(values: Record<number, number>): Float32Array {
  const x = new Float32Array(32);
  for (const [i, v] of Object.entries(values)) x[+i] = v;
  return x;
}

describe('q8_0 blocks', () => {
  it('quantizes hand-worked blocks as ggml does', () => {
    expect([...quantizeBlocks('q8_0', new Float32Array(32))]).toEqual(new Array(9).fill(0));
    // amax 127: d = 1; 0.5 and -0.5 round away from zero (C's roundf), 0.4 to 0.
    const outlier = quantizeBlocks('q8_0', block({ 0: 127, 1: 1, 2: -1, 3: 0.4, 4: 0.5, 5: -0.5, 6: 0.6 }));
    expect([...outlier]).toEqual([0x3f800000, 0x00ff017f, 0x0001ff01, 0, 0, 0, 0, 0, 0]);
    // amax 254 from a negative value: d = 2; 3 / 2 = 1.5 rounds to 2, -1.5 to -2, 0.45 to 0.
    const negative = quantizeBlocks('q8_0', block({ 0: -254, 1: 3, 2: -3, 3: 1, 4: 0.9 }));
    expect([...negative]).toEqual([0x40000000, 0x01fe0281, 0, 0, 0, 0, 0, 0, 0]);
    expect([...dequantizeBlocks('q8_0', negative)].slice(0, 5)).toEqual([-254, 4, -4, 2, 0]);
  });

  it('errs by at most d/2 per weight, plus what rounding d to f16 moves q d', () => {
    const x = randomArray(32 * 64, 0x8a, 3);
    x[40] = 50; // an outlier: its block's other weights lose precision, not correctness
    const q = quantizeBlocks('q8_0', x);
    const y = dequantizeBlocks('q8_0', q);
    for (let i = 0; i < x.length; i++) {
      const b = i >> 5;
      const amax = Math.max(...x.subarray(b * 32, b * 32 + 32).map(Math.abs));
      const d = Math.fround(amax / 127);
      const qi = Math.round(y[i]! / scaleOfWord(q[b * 9]!));
      const bound = d / 2 + Math.abs(qi) * Math.abs(scaleOfWord(q[b * 9]!) - d) + 1e-6 * d;
      if (Math.abs(x[i]! - y[i]!) > bound) expect({ i, x: x[i], y: y[i], bound }).toBe('within bound');
    }
  });
});

describe('q4_0 blocks', () => {
  it('quantizes hand-worked blocks as ggml does', () => {
    // d = 0 / -8 = -0 (f16 0x8000 as in C; stored as float32 bits, 0x80000000): every quant is trunc(8.5) = 8, i.e. zero.
    expect([...quantizeBlocks('q4_0', new Float32Array(32))]).toEqual([0x80000000, 0x88888888, 0x88888888, 0x88888888, 0x88888888]);
    // A block of -0s too: ggml's max starts at +0 and no -0 passes it, so d is -0 again.
    expect([...quantizeBlocks('q4_0', new Float32Array(32).fill(-0))]).toEqual([0x80000000, 0x88888888, 0x88888888, 0x88888888, 0x88888888]);
    // max = 16: d = -2 (negative scale). q = min(15, trunc(x / d + 8.5)): 16 -> 0, -14 -> 15,
    // -16 -> 16 clipped to 15 (-14), 1 -> 8 (a tie, up: 0), 3 -> 7, -3 -> 10 (-4), x[16] = 5 -> 6.
    const q = quantizeBlocks('q4_0', block({ 0: 16, 1: -14, 2: -16, 3: 1, 4: 3, 5: -3, 16: 5 }));
    expect([...q]).toEqual([0xc0000000, 0x888f8f60, 0x88888a87, 0x88888888, 0x88888888]);
    const y = dequantizeBlocks('q4_0', q);
    expect([...y.subarray(0, 6)].map((v) => v + 0)).toEqual([16, -14, -14, 0, 2, -4]);
    expect(y[16]).toBe(4);
  });

  it('errs by at most |d|/2 per weight (|d| where it clips), plus what rounding d to f16 moves', () => {
    const x = randomArray(32 * 64, 0x4a, 2);
    const q = quantizeBlocks('q4_0', x);
    const y = dequantizeBlocks('q4_0', q);
    for (let i = 0; i < x.length; i++) {
      const b = i >> 5;
      const row = [...x.subarray(b * 32, b * 32 + 32)];
      const max = row.reduce((m, v) => (Math.abs(v) > Math.abs(m) ? v : m), 0);
      const d = Math.fround(max / -8);
      const d16 = scaleOfWord(q[b * 5]!);
      const clipped = x[i]! / d > 7.5;
      const bound = (clipped ? Math.abs(d) : Math.abs(d) / 2) + 8 * Math.abs(d16 - d) + 1e-6 * Math.abs(d);
      if (Math.abs(x[i]! - y[i]!) > bound) expect({ i, x: x[i], y: y[i], bound }).toBe('within bound');
    }
  });
});

describe('q8_0 and q4_0 quantizers and non-finite values', () => {
  it('refuse a NaN or an infinity wherever it lies in its block, naming its index', () => {
    for (const dtype of ['q8_0', 'q4_0'] as const) {
      for (const bad of [NaN, Infinity, -Infinity]) {
        // First, middle and last place of block 2, and after a larger finite value in it.
        for (const at of [64, 77, 95]) {
          const x = randomArray(32 * 4, at);
          x[70] = 5;
          x[at] = bad;
          expect(() => quantizeBlocks(dtype, x), `${dtype} ${bad} at ${at}`).toThrow(`${dtype}: value ${at} is ${bad}: only finite values convert`);
        }
      }
    }
  });
});

describe("GGUF's blocks and the GPU's words", () => {
  it('widens each f16 scale to its float32 bits, copies the quants, and narrows back to the same bytes', () => {
    // Three q4_0 blocks (18 bytes: the f16 scale, 16 bytes of nibbles) with scales that stress the
    // widening: the smallest subnormal (2^-24), the largest finite f16 (65504) and -2.
    const bytes = new Uint8Array(3 * 18);
    const view = new DataView(bytes.buffer);
    [0x0001, 0x7bff, 0xc000].forEach((bits, b) => {
      view.setUint16(18 * b, bits, true);
      for (let i = 0; i < 16; i++) bytes[18 * b + 2 + i] = (17 * b + 5 * i + 1) & 0xff;
    });
    const words = blocksFromGguf('q4_0', bytes);
    expect(words.length).toBe(15);
    expect([0, 5, 10].map((w) => scaleOfWord(words[w]!))).toEqual([2 ** -24, 65504, -2]);
    expect([words[0], words[5], words[10]]).toEqual([0x33800000, 0x477fe000, 0xc0000000]);
    expect(words[6]).toBe(view.getUint32(18 + 2, true));
    expect(blocksToGguf('q4_0', words)).toEqual(bytes);
  });
});

describe('toStored and toFloat32', () => {
  const x = randomArray(64 * 3, 0x51, 1);

  it('packs f16 and bf16 pairs in flat order (an odd count ends in a zero high half)', () => {
    const odd = { shape: [5], data: Float32Array.from([1, -2, 0.5, 65504, 3]) };
    const f16 = toStored(odd, 'f16');
    expect([...f16.data]).toEqual([0xc0003c00, 0x7bff3800, 0x4200]);
    expect([...toFloat32(f16).data]).toEqual([1, -2, 0.5, 65504, 3]);
    const bf16 = toStored(odd, 'bf16');
    expect([...bf16.data]).toEqual([0xc0003f80, 0x47803f00, 0x4040]);
    expect([...toFloat32(bf16).data]).toEqual([1, -2, 0.5, 65536, 3]); // 65504 (0x477fe000) rounds up to 2^16
  });

  it('makes its words and values in the arrays given, of exactly their size, as in new ones (a conversion reuses one a run of rows)', () => {
    const values = randomArray(256 * 2, 0x77, 1);
    const t = { shape: [2, 256], data: values, layout: 'nk' as const };
    for (const dtype of ['f16', 'bf16', 'q8_0', 'q4_0', 'q4_K', 'q6_K'] as const) {
      const fresh = toStored(t, dtype);
      const words = new Uint32Array(fresh.data.length).fill(0xdeadbeef);
      expect(toStored(t, dtype, words).data, dtype).toBe(words);
      expect([...words], dtype).toEqual([...fresh.data]);
      const back = new Float32Array(values.length + 3).fill(NaN).subarray(3); // not at its buffer's start
      expect(toFloat32(fresh, back).data, dtype).toBe(back);
      expect([...back], dtype).toEqual([...toFloat32(fresh).data]);
      expect(() => toStored(t, dtype, new Uint32Array(words.length + 1)), dtype).toThrow(`an output of ${words.length + 1} values given for ${words.length}`);
      expect(() => toFloat32(fresh, new Float32Array(values.length - 1)), dtype).toThrow(`an output of ${values.length - 1} values given for ${values.length}`);
      if (dtype === 'f16' || dtype === 'bf16') continue;
      // From GGUF's bytes too, q6_K's padding included (its 210-byte super-blocks take 53 words).
      const gguf = blocksToGguf(dtype, fresh.data as Uint32Array);
      const repacked = new Uint32Array(fresh.data.length + 2).fill(0xdeadbeef).subarray(2); // not at its buffer's start
      expect([...blocksFromGguf(dtype, gguf, repacked)], dtype).toEqual([...fresh.data]);
    }
    const q6 = blocksFromGguf('q6_K', new Uint8Array(210 * 2).fill(0x5a), new Uint32Array(2 * 53 + 1).fill(0xdeadbeef).subarray(1));
    expect([q6[52], q6[105]]).toEqual([0x00005a5a, 0x00005a5a]);
  });

  // A GGUF block matrix is checked a run of rows at a time (deferredRowRuns): a value only the last run holds decides.
  it('storesAll reads a tensor made in runs of rows run by run, to the last', () => {
    const rows = (scale: number) => toStored({ shape: [2, 32], data: Float32Array.from({ length: 64 }, (_, i) => scale * ((i % 7) - 3)) }, 'q8_0').data as Uint32Array;
    const inRuns = (...runs: Uint32Array[]) => deferredRowRuns({ shape: [2 * runs.length, 32], dtype: 'q8_0', layout: 'nk' }, () => {
      throw new Error('read in runs, not whole');
    }, () => runs.map((data, i) => ({ first: 2 * i, rows: 2, data })));
    expect(storesAll(inRuns(rows(1), rows(2)), 'f16')).toBe(true);
    expect(storesAll(inRuns(rows(1), rows(1e5)), 'f16')).toBe(false); // 3e5 is past 65504
    expect(storesAll(inRuns(rows(1), rows(1e5)), 'bf16')).toBe(true);
  });

  it('storesAll takes a largest magnitude its check found (withLargest) without reading the values', () => {
    const unread = (dtype: 'f16' | 'bf16', largest: number) => withLargest(deferredTensor({ shape: [2, 32], dtype, layout: 'nk' }, () => {
      throw new Error('read');
    }), () => largest);
    expect(storesAll(unread('bf16', 1e6), 'f16')).toBe(false);
    expect(storesAll(unread('bf16', 1e6), 'q8_0')).toBe(true); // a scale of 1e6 / 127 holds
    expect(storesAll(unread('bf16', 1e6), 'q4_0')).toBe(false); // 1e6 / 8 does not
    expect(storesAll(unread('f16', 60000), 'bf16')).toBe(true);
  });

  it('stores a kn matrix in a block format as nk: (K, N) transposed to (N, K)', () => {
    const kn = { shape: [64, 3], data: x, layout: 'kn' as const };
    const stored = toStored(kn, 'q8_0');
    expect(stored).toMatchObject({ shape: [3, 64], layout: 'nk', dtype: 'q8_0' });
    const back = toFloat32(stored).data;
    for (let k = 0; k < 64; k++) for (let n = 0; n < 3; n++) expect(Math.abs(back[n * 64 + k]! - x[k * 3 + n]!)).toBeLessThan(1 / 127);
  });

  it('transposes an f32 kn matrix to nk rows exactly, across partial 32 x 32 tiles, and refuses any other', () => {
    const [K, N] = [37, 70];
    const data = randomArray(K * N, 0x52, 1);
    const rows = transposedToRows({ shape: [K, N], dtype: 'f32', data, layout: 'kn' });
    expect(rows).toMatchObject({ shape: [N, K], dtype: 'f32', layout: 'nk' });
    const got = rows.data as Float32Array;
    let wrong = 0;
    for (let k = 0; k < K; k++) for (let n = 0; n < N; n++) if (got[n * K + k] !== data[k * N + n]) wrong++;
    expect(wrong).toBe(0);
    expect(() => transposedToRows({ shape: [K, N], dtype: 'f32', data, layout: 'nk' })).toThrow(/only an f32 matrix stored 'kn'.* got f32 \[37, 70\] 'nk'/);
    expect(() => transposedToRows(toStored({ shape: [64, 3], data: x, layout: 'kn' }, 'f16'))).toThrow(/got f16 \[64, 3\] 'kn'/);
  });

  it('refuses a value the dtype cannot store, naming it: NaN and infinities, past 65504 in f16 and past 3.3895e38 in bf16', () => {
    const row = (v: number) => ({ shape: [2, 256], data: Float32Array.from({ length: 512 }, (_, i) => (i === 300 ? v : 0.25)), layout: 'nk' as const });
    for (const dtype of ['f16', 'bf16', 'q8_0', 'q4_0', 'q4_K', 'q5_K', 'q6_K'] as const) {
      for (const v of [NaN, Infinity, -Infinity]) {
        expect(() => toStored(row(v), dtype), `${dtype} ${v}`).toThrow(new RegExp(`^${dtype} cannot store element 300 of the tensor \\[2, 256\\], ${v}: `));
      }
    }
    expect(() => toStored(row(65520), 'f16')).toThrow(/cannot store element 300 .*65520: f16 holds finite values up to 65504/);
    expect(toFloat32(toStored(row(-65519), 'f16')).data[300]).toBe(-65504); // rounds to the largest finite f16
    expect(toFloat32(toStored(row(65520), 'bf16')).data[300]).toBe(65536);
    // bf16's largest finite is 0x7f7f (3.3895e38); from 0x7f7f8000 (its half ulp above) a value rounds to infinity.
    const fromBits = (b: number) => new Float32Array(new Uint32Array([b]).buffer)[0]!;
    expect(toFloat32(toStored(row(-fromBits(0x7f7f7fff)), 'bf16')).data[300]).toBe(-fromBits(0x7f7f0000));
    expect(() => toStored(row(fromBits(0x7f7f8000)), 'bf16')).toThrow(/cannot store element 300 .*: bf16 holds finite values up to 3.3895e38/);
    expect(() => toStored(row(-3.4e38), 'bf16')).toThrow(UnstorableValueError);
    expect(toStored(row(NaN), 'f32').data[300]).toBeNaN(); // f32 is stored as it is
  });

  // q8_0 and q4_0 meet a NaN or infinity as they quantize; toStored still names it as the others do.
  it('names a NaN or infinity by its index in the tensor given: in a matrix stored \'kn\', and after a block past its scale', () => {
    for (const dtype of ['q8_0', 'q4_0', 'q4_K'] as const) {
      // [K, N] = [256, 3] 'kn': element 300 is k = 100, n = 0, which the transposed rows hold at 100.
      const kn = { shape: [256, 3], data: Float32Array.from({ length: 768 }, (_, i) => (i === 300 ? NaN : 0.25)), layout: 'kn' as const };
      expect(() => toStored(kn, dtype), dtype).toThrow(new RegExp(`^${dtype} cannot store element 300 of the tensor \\[256, 3\\], NaN: only finite values convert`));
      // A value past the scale's range in block 0 and an infinity in block 9: the infinity is what is said.
      const both = { shape: [2, 256], data: Float32Array.from({ length: 512 }, (_, i) => (i === 3 ? 65520 * 127 : i === 300 ? -Infinity : 0.25)), layout: 'nk' as const };
      expect(() => toStored(both, dtype), dtype).toThrow(new RegExp(`^${dtype} cannot store element 300 of the tensor \\[2, 256\\], -Infinity: only finite values convert`));
      // And before a K that is not whole blocks; a shape that does not match the values is refused.
      const odd = { shape: [2, 48], data: Float32Array.from({ length: 96 }, (_, i) => (i === 5 ? NaN : 0.25)), layout: 'nk' as const };
      expect(() => toStored(odd, dtype), dtype).toThrow(new RegExp(`^${dtype} cannot store element 5 of the tensor \\[2, 48\\], NaN: only finite values convert`));
      expect(() => toStored({ shape: [64, 1], data: new Float32Array(96), layout: 'kn' }, dtype), dtype).toThrow('a tensor of shape [64, 1] holds 64 values, not the 96 given');
    }
  });

  // A block's f16 scale is amax / 127 (q8_0) or max / -8 (q4_0): from 65520 on it rounds to infinity.
  it('refuses a finite value past what a q8_0 or q4_0 block scale holds, naming the block; just under it stores', () => {
    const row = (v: number) => ({ shape: [2, 256], data: Float32Array.from({ length: 512 }, (_, i) => (i === 300 ? v : 0.25)), layout: 'nk' as const });
    for (const [dtype, steps] of [['q8_0', 127], ['q4_0', 8]] as const) {
      const over = 65520 * steps;
      expect(() => toStored(row(over), dtype), dtype).toThrow(new RegExp(`^${dtype}: block 9 reaches ${over.toPrecision(3).replace('+', '\\+')}, past what ${dtype}'s f16 scale holds$`));
      expect(() => toStored(row(over), dtype)).toThrow(UnstorableValueError);
      const under = 65504 * steps;
      expect(toFloat32(toStored(row(under), dtype)).data[300], dtype).toBe(under);
    }
  });

  // convertWeights converts a matrix as it uploads only where storesAll says toStored will not throw:
  // swept in float32 steps across each dtype's limit, in both signs, from f32, f16 and bf16 values, and
  // across it from block formats.
  it('storesAll says whether toStored stores every value, across each limit, from f32, f16, bf16 and block formats', () => {
    const fromBits = (b: number) => new Float32Array(new Uint32Array([b]).buffer)[0]!;
    const bitsOf = (v: number) => new Uint32Array(Float32Array.of(v).buffer)[0]!;
    const limits = { f16: 65520, bf16: fromBits(0x7f7f8000), q8_0: 65520 * 127, q4_0: 65520 * 8 } as const;
    let checked = 0;
    /** Sin values with v in one place, held in `source`: storesAll agrees with toStored. A source that cannot hold v (f16 past 65504) is no case. */
    const agrees = (source: WeightDType, v: number, target: keyof typeof limits, shape = [2, 256], beside?: number) => {
      const x = Float32Array.from({ length: shape[0]! * shape[1]! }, (_, i) => (i === 70 ? v : i === 71 && beside !== undefined ? beside : Math.sin(i)));
      let held;
      try {
        held = toStored({ shape, data: x, layout: 'nk' }, source);
      } catch {
        return;
      }
      let stores = true;
      try { toStored(toFloat32(held), target); } catch (e) { expect(e).toBeInstanceOf(RangeError); stores = false; }
      expect(storesAll(held, target), `${source} ${v} -> ${target}`).toBe(stores);
      checked++;
    };
    for (const [target, limit] of Object.entries(limits) as Array<[keyof typeof limits, number]>) {
      for (const step of [-300, -2, -1, 0, 1, 2, 300]) {
        for (const sign of [1, -1]) {
          // A 16-bit source holds v rounded to it.
          for (const source of ['f32', 'f16', 'bf16'] as const) agrees(source, sign * fromBits(bitsOf(limit) + step), target, [3, 32]);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    // The k-quants' bound is sufficient, not exact: within f16's range every scale stores; past it storesAll says no.
    for (const target of ['q4_K', 'q5_K', 'q6_K'] as const) {
      for (const v of [65504, -65519, 65520, 1e5, -4.2e6, 1e9]) {
        const x = Float32Array.from({ length: 512 }, (_, i) => (i === 300 ? v : Math.sin(i)));
        const t = toStored({ shape: [2, 256], data: x, layout: 'nk' }, 'f32');
        const holds = Math.abs(v) < 65520;
        expect(storesAll(t, target), `${v} -> ${target}`).toBe(holds);
        if (holds) expect(() => toStored({ shape: [2, 256], data: x, layout: 'nk' }, target), `${v} -> ${target}`).not.toThrow();
        checked++;
      }
    }
    for (const source of ['f32', 'f16', 'bf16'] as const) {
      for (const bad of [NaN, Infinity, -Infinity]) {
        const data = source === 'f32' ? Float32Array.of(1, bad) : Uint32Array.of(source === 'f16' ? 0x3c00 | (f16Bits(bad) << 16) : 0x3f80 | (bf16Bits(bad) << 16));
        expect(storesAll({ shape: [2], dtype: source, data }, 'f16'), `${source} ${bad}`).toBe(false);
      }
    }
    // Block formats, dequantized: a q4_0 or q8_0 block's values reach 8 or 127 times its f16 scale.
    const before = checked;
    for (const [target, limit] of Object.entries(limits) as Array<[keyof typeof limits, number]>) {
      for (const source of ['q8_0', 'q4_0', 'q4_K', 'q6_K'] as const) {
        if (source === target) continue;
        for (const f of [0.5, 0.999, 1.001, 2]) agrees(source, -f * limit, target);
        // Both signs in one block: the k-quants' bound from their scales (d and dmin both large) passes
        // the limit where no value does, so the values are read.
        for (const f of [0.6, 0.9]) agrees(source, -f * limit, target, [2, 256], f * limit);
      }
    }
    expect(checked - before).toBeGreaterThanOrEqual(20);
    // A q4_K super-block whose weights all come from its min (d = 0, dmin * 63): a file another
    // quantizer wrote may hold one; the bound from the scales counts dmin too.
    for (const [dmin, holds] of [[1000, true], [1100, false]] as const) {
      const bytes = new Uint8Array(144);
      new DataView(bytes.buffer).setUint16(2, f16Bits(dmin), true);
      bytes[4 + 4] = 63; // sub-block 0's min, 6 bits
      const t = { shape: [1, 256], dtype: 'q4_K' as const, data: blocksFromGguf('q4_K', bytes), layout: 'nk' as const };
      expect(toFloat32(t).data[0]).toBe(-dmin * 63);
      expect(storesAll(t, 'f16'), `dmin ${dmin}`).toBe(holds);
    }
    const nanScale = toStored({ shape: [1, 32], data: new Float32Array(32).fill(1), layout: 'nk' }, 'q8_0');
    nanScale.data[0] = 0x7fc00000; // the scale's word holds it as a float32 (formats.ts)
    expect(storesAll(nanScale, 'f16')).toBe(false);
    // Data of another length than the shape's is named, not scanned past its end or short of it.
    expect(() => storesAll({ shape: [1, 32], dtype: 'f32', data: new Float32Array(64) }, 'q8_0')).toThrow('f32 tensor [1, 32] holds 64 words, not the 32 its shape needs');
    expect(() => storesAll({ shape: [1, 32], dtype: 'f16', data: new Uint32Array(8) }, 'q8_0')).toThrow('f16 tensor [1, 32] holds 8 words, not the 16 its shape needs');
  });

  it('refuses a block dtype on rows that are not whole blocks, and an unknown dtype', () => {
    expect(() => toStored({ shape: [3, 48], data: new Float32Array(144), layout: 'nk' }, 'q4_0')).toThrow(/K is 48/);
    expect(() => toStored({ shape: [2], data: new Float32Array(2) }, 'q5' as never)).toThrow(/f32, f16, bf16, q8_0, q4_0, q4_K, q5_K, q6_K, got "q5"/);
  });
});
