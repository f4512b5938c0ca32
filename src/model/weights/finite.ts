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

/** checkFinite for 16-bit values kept as they are: a non-finite one has every exponent bit set. */
export function checkFiniteHalves(halves: Uint16Array, kind: 'f16' | 'bf16', shape: readonly number[], where: string): void {
  const exponent = kind === 'f16' ? 0x7c00 : 0x7f80;
  for (let i = 0; i < halves.length; i++) {
    if ((halves[i]! & exponent) === exponent) refuse((kind === 'f16' ? f16Value : bf16Value)(halves[i]!), i, shape, where);
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
