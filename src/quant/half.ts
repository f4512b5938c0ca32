// 16-bit floats on the CPU: IEEE binary16 (f16) and bfloat16 (bf16) bits from and to float32
// values, rounding to nearest with ties to even. Node 20 has no Math.f16round, so f16 rounding is
// done in float64 arithmetic, where every step here is exact. The GPU side decodes the same bits
// with unpack2x16float and a 16-bit shift, or on a software adapter without either: integer
// multiplies, a float add and a select (shaders/weights.ts's halfDecode).

/**
 * A finite value a storage format cannot hold: past f16's or bf16's range, or past what a block format's
 * f16 scale holds. `reason` says which value and why, without the tensor (the caller names it);
 * `index` is the element's (f16) or the block's (block formats) in the values quantized.
 */
export class UnstorableValueError extends RangeError {
  constructor(message: string, readonly reason: string, readonly index: number) {
    super(message);
    this.name = 'UnstorableValueError';
  }
}

const F16_MAX_PLUS_HALF_ULP = 65520; // 65504 + 16: from here a value rounds to infinity
const F16_MIN_NORMAL = 2 ** -14;

/** Round to the nearest integer, ties to the even one (q >= 0). */
function roundHalfEven(q: number): number {
  const floor = Math.floor(q);
  const rest = q - floor;
  if (rest > 0.5) return floor + 1;
  if (rest < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Whether x rounds to a finite f16 (|x| below 65504 + half an ulp). */
export function f16Holds(x: number): boolean {
  return Math.abs(x) < F16_MAX_PLUS_HALF_ULP;
}

/** Whether x rounds to a finite bf16: |x| below bf16's largest finite (about 3.3895e38) plus half an ulp. */
export function bf16Holds(x: number): boolean {
  return Number.isFinite(x) && (bf16Bits(x) & 0x7f80) !== 0x7f80;
}

/** The f16 bits nearest to x: subnormals kept, overflow to infinity, NaN as the quiet NaN 0x7e00. */
export function f16Bits(x: number): number {
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  if (Number.isNaN(x)) return 0x7e00;
  const a = Math.abs(x);
  if (a >= F16_MAX_PLUS_HALF_ULP) return sign | 0x7c00;
  // Subnormals are multiples of 2^-24; rounding up to 1024 * 2^-24 gives the smallest normal's bits.
  if (a < F16_MIN_NORMAL) return sign | roundHalfEven(a * 2 ** 24);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--; // log2 can be off by one ulp next to powers of two
  else if (2 ** (e + 1) <= a) e++;
  const mantissa = roundHalfEven((a / 2 ** e - 1) * 1024); // 1024 carries into the exponent
  return sign | (((e + 15) << 10) + mantissa);
}

/** Whether f16 bits hold a subnormal: exponent field 0, mantissa not. */
export function isF16Subnormal(h: number): boolean {
  return (h & 0x7c00) === 0 && (h & 0x3ff) !== 0;
}

/** The value of f16 bits. */
export function f16Value(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return sign * f * 2 ** -24;
  if (e === 31) return f ? NaN : sign * Infinity;
  return sign * (1 + f / 1024) * 2 ** (e - 15);
}

/**
 * f16Bits of the float32 whose bits are `b`, in integer steps: the same bits for every float32, about
 * 20 times faster, which is what converting a whole checkpoint needs.
 */
export function f16BitsOfFloat32(b: number): number {
  const sign = (b >>> 16) & 0x8000;
  const abs = b & 0x7fffffff;
  if (abs > 0x7f800000) return 0x7e00; // NaN, as f16Bits
  if (abs >= 0x477ff000) return sign | 0x7c00; // 65520 and up round to infinity
  const exponent = abs >>> 23;
  // From 2^-14 the exponent re-biases (127 -> 15) and the mantissa drops 13 bits; a carry lands in the exponent.
  if (exponent >= 113) return sign | shiftRoundingEven(abs - (112 << 23), 13);
  // Below: f16 subnormals, multiples of 2^-24; below 2^-25 everything rounds to zero.
  if (exponent < 102) return sign;
  return sign | shiftRoundingEven((abs & 0x7fffff) | 0x800000, 126 - exponent);
}

/** x >> s rounded to the nearest integer, ties to the even one (x >= 0, 0 < s < 31). */
function shiftRoundingEven(x: number, s: number): number {
  const q = x >>> s;
  const rest = x & ((1 << s) - 1);
  const half = 1 << (s - 1);
  return rest > half || (rest === half && (q & 1) === 1) ? q + 1 : q;
}

/** The f16 bits at byte `at` (little-endian, at any alignment: GGUF's blocks are packed). */
export const f16BitsAt = (bytes: Uint8Array, at: number): number => bytes[at]! | (bytes[at + 1]! << 8);

/**
 * The first block of `blockBytes` whose f16 field (a name and its byte offset in the block) is
 * infinite or NaN (every exponent bit set), or undefined: a block's scale so makes every weight of
 * its block NaN or infinite, so the file is damaged.
 */
export function firstNonFiniteField<F extends string>(bytes: Uint8Array, blockBytes: number, fields: ReadonlyArray<readonly [F, number]>): { block: number; field: F } | undefined {
  for (let b = 0; b + blockBytes <= bytes.byteLength; b += blockBytes) {
    for (const [field, at] of fields) {
      if ((f16BitsAt(bytes, b + at) & 0x7c00) === 0x7c00) return { block: b / blockBytes, field };
    }
  }
  return undefined;
}

let f16Values: Float32Array | null = null;

/** Every f16 bit pattern's value, made on first use: unpacking a tensor looks each one up. */
export function f16ValueTable(): Float32Array {
  if (!f16Values) {
    f16Values = new Float32Array(0x10000);
    for (let h = 0; h < 0x10000; h++) f16Values[h] = f16Value(h);
  }
  return f16Values;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The bf16 bits nearest to float32(x) (the high half of its bits, rounded); NaN stays NaN. */
export function bf16Bits(x: number): number {
  f32[0] = x;
  return bf16BitsOfFloat32(u32[0]!);
}

/** f16Bits of a float32 value (Math.fround'ed), by its bits: the same bits, without float64 arithmetic. */
export function f16BitsOfFloat(x: number): number {
  f32[0] = x;
  return f16BitsOfFloat32(u32[0]!);
}

/** bf16Bits of the float32 whose bits are `b`. */
export function bf16BitsOfFloat32(b: number): number {
  if ((b & 0x7fffffff) > 0x7f800000) return (b >>> 16) | 0x40; // NaN stays NaN
  return (b + 0x7fff + ((b >>> 16) & 1)) >>> 16; // ties to even; the carry may reach infinity
}

/** The value of bf16 bits. */
export function bf16Value(h: number): number {
  u32[0] = (h & 0xffff) << 16;
  return f32[0]!;
}
