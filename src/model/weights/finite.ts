// The load-time check that a weight holds only finite numbers: a NaN or infinity in any weight turns every
// output into NaN (empty text, no error), so it is refused at load, naming the weight and the first bad element.
// Not a check of plausible magnitudes: a bit flip that leaves a finite number is undetectable here.

import { WeightFormatError } from '../../errors.js';
import { bf16Value, f16Value } from '../../quant/half.js';
import { firstNonFinite } from '../../quant/stored.js';

/** Throws unless every element is finite; `where` names the file and weight, e.g. `model.safetensors: tensor "x"`. */
export function checkFinite(data: Float32Array, shape: readonly number[], where: string): void {
  const bad = firstNonFinite(data);
  if (bad >= 0) refuse(data[bad]!, bad, shape, where);
}

/**
 * checkFinite for little-endian f32, f16 or bf16 values still in a file's bytes, read in place (copied
 * only where they start on an odd byte): a non-finite value has every exponent bit set, which its top
 * 16 bits hold. Gives a 16-bit tensor's largest magnitude, found on the way (its magnitudes order as
 * their bits do), so that a conversion need not read it again (withLargest); f32: undefined.
 */
export function checkFiniteBytes(bytes: Uint8Array, kind: 'f32' | 'f16' | 'bf16', shape: readonly number[], where: string): number | undefined {
  const even = bytes.byteOffset % 2 === 0 ? bytes : bytes.slice();
  const halves = new Uint16Array(even.buffer, even.byteOffset, even.byteLength >> 1);
  const step = kind === 'f32' ? 2 : 1; // 16-bit halves a value
  const exponent = kind === 'f16' ? 0x7c00 : 0x7f80; // f32's exponent bits are bf16's
  let largest = 0;
  for (let top = step - 1, end = halves.length; top < end; top += step) {
    const half = halves[top]!;
    largest = Math.max(largest, half & 0x7fff);
    if ((half & exponent) !== exponent) continue;
    const i = (top + 1) / step - 1;
    const value = kind === 'f32' ? new DataView(even.buffer, even.byteOffset + 4 * i, 4).getFloat32(0, true) : (kind === 'f16' ? f16Value : bf16Value)(halves[i]!);
    refuse(value, i, shape, where);
  }
  return kind === 'f32' ? undefined : (kind === 'f16' ? f16Value : bf16Value)(largest);
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
