// The load-time check that a weight holds only finite numbers: a NaN or infinity in any weight turns every
// output into NaN (empty text, no error), so it is refused at load, naming the weight and the first bad element.
// Not a check of plausible magnitudes: a bit flip that leaves a finite number is undetectable here.

import { WeightFormatError } from '../../errors.js';
import { bf16Value, f16Value } from '../../quant/half.js';
import { firstNonFinite } from '../../quant/stored.js';
import { forEachPiece, type TensorBytes } from './tensor-bytes.js';

/** Throws unless every element is finite; `where` names the file and weight, e.g. `model.safetensors: tensor "x"`. */
export function checkFinite(data: Float32Array, shape: readonly number[], where: string): void {
  const bad = firstNonFinite(data);
  if (bad >= 0) refuse(data[bad]!, bad, shape, where);
}

/**
 * checkFinite for a tensor's little-endian f32, f16 or bf16 values still in its file's bytes, read a
 * piece at a time (forEachPiece) and in place (copied only where they start on an odd byte). Gives a
 * 16-bit tensor's largest magnitude, found on the way (its magnitudes order as their bits do), so
 * that a conversion need not read it again (withLargest); f32: undefined.
 */
export function checkFiniteBytes(t: TensorBytes, kind: 'f32' | 'f16' | 'bf16', shape: readonly number[], where: string): number | undefined {
  const unit = kind === 'f32' ? 4 : 2;
  let largest = 0;
  forEachPiece(t, unit, (piece, begin) => {
    largest = Math.max(largest, largestTopBits(piece, kind, begin / unit, shape, where));
  });
  return kind === 'f32' ? undefined : (kind === 'f16' ? f16Value : bf16Value)(largest);
}

/**
 * The largest of the values' top 16 bits less the sign (the whole value for f16 and bf16); refuses the
 * first non-finite value, which has every exponent bit set and so the largest bits of all: one pass
 * takes the largest, and only a tensor to refuse is read again. `first`: the first value's index.
 */
function largestTopBits(bytes: Uint8Array, kind: 'f32' | 'f16' | 'bf16', first: number, shape: readonly number[], where: string): number {
  const even = bytes.byteOffset % 2 === 0 ? bytes : bytes.slice();
  const halves = new Uint16Array(even.buffer, even.byteOffset, even.byteLength >> 1);
  const step = kind === 'f32' ? 2 : 1; // 16-bit halves a value
  const exponent = kind === 'f16' ? 0x7c00 : 0x7f80; // f32's exponent bits are bf16's
  let largest = 0;
  for (let top = step - 1, end = halves.length; top < end; top += step) largest = Math.max(largest, halves[top]! & 0x7fff);
  if (largest < exponent) return largest;
  for (let top = step - 1; ; top += step) {
    if ((halves[top]! & exponent) !== exponent) continue;
    const i = (top + 1) / step - 1;
    const value = kind === 'f32' ? new DataView(even.buffer, even.byteOffset + 4 * i, 4).getFloat32(0, true) : (kind === 'f16' ? f16Value : bf16Value)(halves[i]!);
    refuse(value, first + i, shape, where);
  }
}

function refuse(value: number, bad: number, shape: readonly number[], where: string): never {
  throw new WeightFormatError(
    `${where} holds ${value} at element ${bad} (index [${unravel(bad, shape).join(', ')}] of shape [${shape.join(', ')}]): ` +
      'the file is damaged or was saved from a diverged model',
  );
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const index = shape.map(() => 0);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return index;
}
