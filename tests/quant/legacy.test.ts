// ggml's legacy blocks q4_1, q5_0 and q5_1 (src/quant/legacy.ts): a few blocks written byte by byte and
// worked out by hand, then blocks this test builds weight by weight from the layout (ggml-common.h:
// weight i's low 4 bits in qs[i % 16], low nibble for i < 16, high for i >= 16; its 5th bit is bit i of
// qh, little-endian) against d * q + m (q4_1, q5_1) and d * (q - 16) (q5_0) in float32, with quants
// at both ends and 5th bits set in both halves so that a swapped nibble or bit fails; blocks at an odd
// byte offset; length checks; and the search for a non-finite f16 scale.

import { describe, expect, it } from 'vitest';
import { f16Bits, f16Value } from '../../src/quant/half.js';
import { dequantizeLegacy, firstNonFiniteLegacyScale, LEGACY_BLOCK_BYTES, type LegacyQuantType } from '../../src/quant/legacy.js';

const fr = Math.fround;
const TYPES = ['q4_1', 'q5_0', 'q5_1'] as const;
const SIZE: Record<LegacyQuantType, number> = { q4_1: 20, q5_0: 22, q5_1: 24 };

/** f16 bits of x, which must be an f16 value: the expected weights use x itself. */
function half(x: number): number {
  const bits = f16Bits(x);
  if (!Object.is(f16Value(bits), x)) throw new Error(`${x} is not an f16 value`);
  return bits;
}

interface Legacy {
  d: number;
  /** q4_1, q5_1 only. */
  m?: number;
  /** 32 quants: 0..15 (q4_1) or 0..31. */
  q: number[];
}

/** A block: f16 d, then (q4_1, q5_1) f16 m, then (q5_0, q5_1) qh[4], then qs[16]. */
function legacyBlock(type: LegacyQuantType, b: Legacy): Uint8Array {
  const out = new Uint8Array(SIZE[type]);
  const view = new DataView(out.buffer);
  view.setUint16(0, half(b.d), true);
  if (type !== 'q5_0') view.setUint16(2, half(b.m!), true);
  const qh = type === 'q5_1' ? 4 : 2;
  const qs = SIZE[type] - 16;
  b.q.forEach((q, i) => {
    if (q < 0 || q > (type === 'q4_1' ? 15 : 31)) throw new Error(`quant ${q} out of range for ${type}`);
    out[qs + (i % 16)]! |= (q & 15) << (i < 16 ? 0 : 4);
    if (q & 16) out[qh + (i >> 3)]! |= 1 << (i & 7); // bit i of the u32
  });
  return out;
}

/** Weight i of a block, in ggml's float32 steps. */
const weight = (type: LegacyQuantType, b: Legacy, i: number) => (type === 'q5_0' ? fr(b.d * (b.q[i]! - 16)) : fr(fr(b.d * b.q[i]!) + b.m!));
const weights = (type: LegacyQuantType, b: Legacy) => b.q.map((_, i) => weight(type, b, i));

describe('legacy blocks by hand', () => {
  it('has 20, 22 and 24 bytes a block', () => {
    expect(LEGACY_BLOCK_BYTES).toEqual(SIZE);
  });

  it('q4_1: d = 0.5, m = -1; qs[0] = 0x1f gives weight 0 nibble 15 and weight 16 nibble 1', () => {
    const bytes = new Uint8Array(20);
    bytes.set([0x00, 0x38, 0x00, 0xbc, 0x1f]); // d 0x3800, m 0xbc00, qs[0]
    const want = new Array(32).fill(-1);
    want[0] = 6.5; // 15 * 0.5 - 1
    want[16] = -0.5; // 1 * 0.5 - 1
    expect([...dequantizeLegacy('q4_1', bytes, 32)]).toEqual(want);
  });

  it('q5_0: d = 2; qh bits 0, 16 and 31 set; qs[0] = 0xf0, qs[15] = 0x0f', () => {
    const bytes = new Uint8Array(22);
    bytes.set([0x00, 0x40, 0x01, 0x00, 0x01, 0x80]); // d 0x4000, qh = 0x80010001
    bytes[6] = 0xf0;
    bytes[6 + 15] = 0x0f;
    const want = new Array(32).fill(-32); // q = 0: (0 - 16) * 2
    want[0] = 0; // low nibble 0 | bit 0 = 16
    want[16] = 30; // high nibble 15 | bit 16 = 31
    want[15] = -2; // low nibble 15, bit 15 clear
    want[31] = 0; // high nibble 0 | bit 31 = 16
    expect([...dequantizeLegacy('q5_0', bytes, 32)]).toEqual(want);
  });

  it('q5_1: d = -1, m = 4; qh bits 15 and 24 set; qs[8] = 0x30, qs[15] = 0xaf', () => {
    const bytes = new Uint8Array(24);
    bytes.set([0x00, 0xbc, 0x00, 0x44, 0x00, 0x80, 0x00, 0x01]); // d 0xbc00, m 0x4400, qh = 0x01008000
    bytes[8 + 8] = 0x30;
    bytes[8 + 15] = 0xaf;
    const want = new Array(32).fill(4);
    want[15] = -27; // 15 | bit 15 = 31
    want[31] = -6; // 10, bit 31 clear
    want[8] = 4; // 0, bit 8 clear
    want[24] = -15; // 3 | bit 24 = 19
    expect([...dequantizeLegacy('q5_1', bytes, 32)]).toEqual(want);
  });
});

describe('legacy blocks built weight by weight', () => {
  // Quants 0..top in a shuffled order, each end more than once, in both halves.
  const spread = (top: number) => Array.from({ length: 32 }, (_, i) => (i === 5 ? 0 : i === 20 ? top : (i * 7 + 3) % (top + 1)));

  it('dequantizes zero bytes to zeros: -0 in q5_0, whose q = 0 is -16 d, as ggml\'s float32 -16 * 0', () => {
    for (const type of TYPES) {
      const y = dequantizeLegacy(type, new Uint8Array(SIZE[type]), 32);
      expect([...y].every((v) => Object.is(v, type === 'q5_0' ? -0 : 0)), type).toBe(true);
    }
  });

  it('q4_1 and q5_1: positive and negative d and m, quants at both ends', () => {
    for (const type of ['q4_1', 'q5_1'] as const) {
      const top = type === 'q4_1' ? 15 : 31;
      for (const [d, m] of [[0.25, 1.5], [-0.125, 3], [0.375, -7.5], [-2, -0.0625]] as const) {
        const b = { d, m, q: spread(top) };
        const y = dequantizeLegacy(type, legacyBlock(type, b), 32);
        expect([...y], `${type} ${d} ${m}`).toEqual(weights(type, b));
        expect([y[5], y[20]]).toEqual([m, d * top + m]);
        // Into an array given (a load's chunks reuse one), every value written over.
        const into = new Float32Array(35).fill(NaN).subarray(3);
        expect(dequantizeLegacy(type, legacyBlock(type, b), 32, into)).toBe(into);
        expect([...into]).toEqual([...y]);
        expect(() => dequantizeLegacy(type, legacyBlock(type, b), 32, new Float32Array(31))).toThrow(`${type}: an output of 31 values given for 32`);
      }
    }
  });

  it('q5_0: positive and negative d, quants at both ends, a negative d times 0 is -0', () => {
    for (const d of [0.75, -0.5, 3.5]) {
      const b = { d, q: spread(31) };
      b.q[9] = 16;
      const y = dequantizeLegacy('q5_0', legacyBlock('q5_0', b), 32);
      expect([...y], `${d}`).toEqual(weights('q5_0', b));
      expect([y[5], y[20]]).toEqual([-16 * d, 15 * d]);
      expect(Object.is(y[9], d < 0 ? -0 : 0)).toBe(true); // as ggml's float32 0 * d: no min added
    }
  });

  it('sets 5th bits only where a quant has one, in either half', () => {
    for (const type of ['q5_0', 'q5_1'] as const) {
      for (const i of [0, 7, 8, 15, 16, 23, 24, 31]) {
        const b = { d: 1, m: 0, q: new Array(32).fill(0) };
        b.q[i] = 16;
        const want = new Array(32).fill(type === 'q5_0' ? -16 : 0);
        want[i] = type === 'q5_0' ? 0 : 16;
        expect([...dequantizeLegacy(type, legacyBlock(type, b), 32)], `${type} ${i}`).toEqual(want);
      }
    }
  });

  it('keeps a subnormal d, and rounds d * q + m to float32', () => {
    const tiny = 3 * 2 ** -24; // f16 bits 0x0003
    expect(half(tiny)).toBe(0x0003);
    for (const type of TYPES) {
      const b = { d: tiny, m: -(2 ** -24), q: spread(type === 'q4_1' ? 15 : 31) };
      const y = dequantizeLegacy(type, legacyBlock(type, b), 32);
      expect([...y], type).toEqual(weights(type, b));
      expect(y[20]).toBe(type === 'q4_1' ? 44 * 2 ** -24 : type === 'q5_0' ? 45 * 2 ** -24 : 92 * 2 ** -24);
    }
    // 2047 * 15 + 2^-14 needs 29 bits: float32 keeps 30705.
    const y = dequantizeLegacy('q4_1', legacyBlock('q4_1', { d: 2047, m: 2 ** -14, q: new Array(32).fill(15) }), 32);
    expect(y[0]).toBe(30705);
  });

  it('reads blocks back to back from an odd byte offset', () => {
    for (const type of TYPES) {
      const top = type === 'q4_1' ? 15 : 31;
      const blocks = [
        { d: 0.5, m: -3, q: spread(top) },
        { d: -1.25, m: 0.75, q: spread(top).reverse() },
      ];
      const buffer = new Uint8Array(2 * SIZE[type] + 2).fill(0xa5);
      buffer.set(legacyBlock(type, blocks[0]!), 1);
      buffer.set(legacyBlock(type, blocks[1]!), 1 + SIZE[type]);
      const bytes = buffer.subarray(1, 1 + 2 * SIZE[type]);
      expect(bytes.byteOffset % 2).toBe(1);
      expect([...dequantizeLegacy(type, bytes, 64)], type).toEqual([...weights(type, blocks[0]!), ...weights(type, blocks[1]!)]);
    }
  });

  it('refuses counts that are not whole blocks and bytes that do not match them', () => {
    expect(() => dequantizeLegacy('q4_1', new Uint8Array(20), 31)).toThrow(RangeError);
    expect(() => dequantizeLegacy('q4_1', new Uint8Array(20), 31)).toThrow(/^q4_1: 31 weights are not a whole number of 32-weight blocks$/);
    expect(() => dequantizeLegacy('q5_0', new Uint8Array(43), 64)).toThrow(RangeError);
    expect(() => dequantizeLegacy('q5_0', new Uint8Array(43), 64)).toThrow(/^q5_0: 43 bytes are not 2 blocks of 22 bytes \(64 weights\)$/);
    expect(() => dequantizeLegacy('q5_1', new Uint8Array(48), 32)).toThrow(/^q5_1: 48 bytes are not 1 blocks of 24 bytes/);
    expect(() => dequantizeLegacy('q5_1', new Uint8Array(24), 64)).toThrow(RangeError);
    expect(() => dequantizeLegacy('q4_1', new Uint8Array(22), 32)).toThrow(RangeError); // q5_0's size
    expect(dequantizeLegacy('q5_1', new Uint8Array(0), 0)).toEqual(new Float32Array(0));
  });
});

describe('legacy scales', () => {
  const setHalf = (bytes: Uint8Array, at: number, bits: number) => new DataView(bytes.buffer, bytes.byteOffset).setUint16(at, bits, true);

  it('finds none in finite scales, the largest f16 and subnormals included', () => {
    for (const type of TYPES) {
      const bytes = new Uint8Array(3 * SIZE[type]);
      expect(firstNonFiniteLegacyScale(type, bytes)).toBeUndefined();
      for (let b = 0; b < 3; b++) {
        setHalf(bytes, b * SIZE[type], [0x7bff, 0xfbff, 0x0001][b]!); // d = 65504, -65504, 2^-24
        if (type !== 'q5_0') setHalf(bytes, b * SIZE[type] + 2, [0xfbff, 0x7bff, 0x83ff][b]!);
      }
      expect(firstNonFiniteLegacyScale(type, bytes), type).toBeUndefined();
      expect(dequantizeLegacy(type, bytes, 96).every(Number.isFinite)).toBe(true);
    }
    // q5_0's bytes 2..3 are 5th bits, not a scale: all ones there is no infinity.
    const q50 = new Uint8Array(22).fill(0xff);
    setHalf(q50, 0, 0x3c00);
    expect(firstNonFiniteLegacyScale('q5_0', q50)).toBeUndefined();
  });

  it('finds the first block whose d or m is infinite or NaN', () => {
    for (const type of TYPES) {
      const size = SIZE[type];
      for (const bits of [0x7c00, 0xfc00, 0x7e00, 0xfc01]) { // +inf, -inf, NaN, a NaN with its sign set
        const bytes = new Uint8Array(3 * size);
        setHalf(bytes, 2 * size, bits);
        expect(firstNonFiniteLegacyScale(type, bytes), `${type} ${bits}`).toEqual({ block: 2, field: 'd' });
        if (type !== 'q5_0') {
          setHalf(bytes, size + 2, bits);
          expect(firstNonFiniteLegacyScale(type, bytes)).toEqual({ block: 1, field: 'm' });
          setHalf(bytes, 2, bits);
          expect(firstNonFiniteLegacyScale(type, bytes)).toEqual({ block: 0, field: 'm' });
        }
        setHalf(bytes, 0, bits);
        expect(firstNonFiniteLegacyScale(type, bytes)).toEqual({ block: 0, field: 'd' }); // d before m
      }
    }
  });
});
