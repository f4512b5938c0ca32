// softmax(QKᵀ/√d)V with a model's own shapes, as the attention page shows it beside its heatmaps:
// what Q, K and V are, their sizes for the prompt's T tokens, how many of each there are per layer
// (grouped-query attention: fewer K and V heads than query heads), and what comes out.
// Markup only: no model, no charts. Tests: tests/browser/attention.test.ts.

import type { ModelConfig } from '../../src/model/config.js';
import { h } from '../kit/index.js';

type Shapes = Pick<ModelConfig, 'dim' | 'nHeads' | 'nKvHeads' | 'headSize'>;

/** The equation, a table of its terms with their shapes and counts, and what d is. */
export function formulaTable(c: Shapes, T: number): HTMLElement[] {
  const d = c.headSize;
  const italic = (name: string) => h('i', {}, name);
  const kvCount = c.nKvHeads === c.nHeads
    ? `one per head: ${c.nKvHeads}`
    : `${c.nKvHeads}, each shared by ${c.nHeads / c.nKvHeads} query heads (grouped-query attention)`;
  const rows: [(Node | string)[], string, string, string][] = [
    [[italic('Q')], 'queries: what each token looks for', `${T} × ${d}`, `one per head: ${c.nHeads}`],
    [[italic('K')], 'keys: what each token can be found by', `${T} × ${d}`, kvCount],
    [[italic('V')], 'values: what each token passes on', `${T} × ${d}`, kvCount],
    [['softmax(', italic('Q'), italic('K'), h('sup', {}, 'T'), '/√', italic('d'), ')'],
      'the weights: each row sums to 1, and is 0 after the diagonal (no looking ahead)', `${T} × ${T}`, `one per head: the ${c.nHeads} squares of a layer`],
    [['… ', italic('V')], 'each token\'s new vector: its row of weights averaging the values', `${T} × ${d}`,
      `per head; the ${c.nHeads} side by side, ${T} × ${c.nHeads * d}, are projected back to the width ${c.dim}`],
  ];
  return [
    h('p', { className: 'equation' }, 'softmax(', italic('Q'), italic('K'), h('sup', {}, 'T'), ' / √', italic('d'), ') ', italic('V')),
    h('table', {}, h('tbody', {}, ...rows.map(([term, meaning, shape, count]) =>
      h('tr', {},
        h('td', {}, ...term, h('div', { className: 'hint' }, meaning)),
        h('td', {}, h('span', { className: 'shape' }, shape), h('div', { className: 'hint' }, count)))))),
    h('p', { className: 'hint' }, `T = ${T} token${T === 1 ? '' : 's'}; d = ${d}, the head size; dividing the scores by √d ≈ ${Math.sqrt(d).toFixed(2)} keeps them from growing with d.`),
  ];
}
