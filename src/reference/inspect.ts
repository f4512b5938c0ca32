// The CPU reference of model.inspect(): the reference forward pass (transformer.ts) from position
// 0 with an observer, giving every tensor model.inspect() reads off the GPU before any reduction
// to top tokens: logits, the residual stream, attention weights, the logit lens's logits and
// embedding rows. Float32 like the reference kernels; slow and plain, an oracle for
// tests/model/inspect.test.ts, not an inspection path.

import type { ModelConfig, WeightMap } from '../model/config.js';
import { ReferenceTransformer } from './transformer.js';

/** Every tensor of an inspection of T tokens; V here is the model's vocabulary (config.vocabSize). */
export interface ReferenceInspection {
  /** (T, V) the model's logits. */
  logits: Float32Array;
  /** L + 1 entries (T, C): after the embedding (with learned positions), then after each layer. */
  hiddenStates: Float32Array[];
  /** L entries (NH, T, T): each layer's causal attention weights. */
  attention: Float32Array[];
  /** L + 1 entries (T, V): each hiddenStates entry through the final norm and the unembedding. */
  lensLogits: Float32Array[];
}

/** Runs `ids` from position 0 through the reference forward pass, keeping what model.inspect() reads. */
export function referenceInspection(config: ModelConfig, weights: WeightMap, ids: number[]): ReferenceInspection {
  const model = new ReferenceTransformer(config, weights, ids.length);
  const hiddenStates: Float32Array[] = [];
  const attention: Float32Array[] = [];
  const logits = model.forward(ids, 0, {
    residual: (slot, x) => (hiddenStates[slot] = x.slice()),
    attention: (layer, probs) => (attention[layer] = probs),
  });
  return { logits, hiddenStates, attention, lensLogits: hiddenStates.map((x) => model.head(x)) };
}

/** Rows `ids` of the token embedding matrix, (n, C). */
export function embeddingRows(config: ModelConfig, weights: WeightMap, ids: number[]): Float32Array {
  const table = weights.get('embed.tokens');
  if (!table) throw new Error('reference inspection: missing weight embed.tokens');
  const C = config.dim;
  const out = new Float32Array(ids.length * C);
  ids.forEach((id, i) => out.set(table.data.subarray(id * C, (id + 1) * C), i * C));
  return out;
}
