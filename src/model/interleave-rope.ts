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
 * The config and weights the passes run: a half-split RoPE model's qkv rows reordered and its
 * layout 'interleaved'; any other model (no RoPE, interleaved already, or a qkv weight stored
 * 'kn', whose rows are columns) as it is.
 */
export function withInterleavedRope(c: ModelConfig, weights: StoredWeights): { config: ModelConfig; weights: StoredWeights } {
  const qkvWeights = Array.from({ length: c.nLayers }, (_, l) => `layers.${l}.attn.qkv.weight`);
  if (c.positions !== 'rope' || c.ropeLayout !== 'half' || qkvWeights.some((name) => weights.get(name)?.layout === 'kn')) return { config: c, weights };
  const rotated = c.nHeads + c.nKvHeads; // q heads, then k heads; v's rows follow
  const rows = interleavedRopeRows(rotated, c.headSize, c.rotaryDim);
  for (let r = rotated * c.headSize; r < (rotated + c.nKvHeads) * c.headSize; r++) rows.push(r);
  const reordered = new Map<string, StoredTensor>(weights);
  for (let l = 0; l < c.nLayers; l++) {
    for (const name of [`layers.${l}.attn.qkv.weight`, `layers.${l}.attn.qkv.bias`]) {
      const t = weights.get(name);
      if (t) reordered.set(name, pickRows(t, rows));
    }
  }
  return { config: { ...c, ropeLayout: 'interleaved' }, weights: reordered };
}
