// Hugging Face checkpoints pair RoPE's dims (i, i + R/2) in each head; llama2.c and GGUF pair
// (2i, 2i + 1). The decode step's qkv GEMV turns a pair only where one lane's outputs hold both,
// the interleaved way; half-split pairs cost a kvcache dispatch a layer. Reordering each q and k
// head's rows of the stacked qkv weight (and bias) as llama.cpp's converter does makes a
// half-split model an interleaved one: q . k is the same sum in another order, v keeps its rows,
// and attention's output is unchanged. The model's config (what info() reports) stays the
// checkpoint's; only the weights the GPU holds and the passes' RoPE layout change.

import type { StoredTensor } from '../quant/formats.js';
import type { ModelConfig } from './config.js';
import type { StoredWeights } from './convert.js';
import { interleavedRopeRows, pickRows } from './weights/rows.js';

/**
 * The config the passes run, and the reordering of a tensor as the GPU should hold it: for a
 * half-split RoPE model, the layout 'interleaved' and each layer's qkv weight and bias with their
 * rows reordered (applied tensor by tensor as they upload, so no second copy of every layer's qkv
 * is held); any other model (no RoPE, interleaved already, or a qkv weight stored 'kn', whose rows
 * are columns) as it is, with no reordering.
 */
export function interleavedRope(c: ModelConfig, weights: StoredWeights): { config: ModelConfig; reorder?: (name: string, t: StoredTensor) => StoredTensor } {
  const qkv = /^layers\.\d+\.attn\.qkv\.(weight|bias)$/;
  const columns = [...weights].some(([name, t]) => qkv.test(name) && t.layout === 'kn');
  if (c.positions !== 'rope' || c.ropeLayout !== 'half' || columns) return { config: c };
  const rotated = c.nHeads + c.nKvHeads; // q heads, then k heads; v's rows follow
  const rows = interleavedRopeRows(rotated, c.headSize, c.rotaryDim);
  for (let r = rotated * c.headSize; r < (rotated + c.nKvHeads) * c.headSize; r++) rows.push(r);
  return { config: { ...c, ropeLayout: 'interleaved' }, reorder: (name, t) => (qkv.test(name) ? pickRows(t, rows) : t) };
}
