// A training report as points of the loss chart, each at the number of steps done when its loss
// was measured: a step's training loss is that of the weights before its update, its held-out
// loss that of the weights after it. Plotted at the report's step, both, the held-out curve sat
// one update to the left of the training loss it is compared with.
// Tests: tests/demos/loss-points.test.ts.

import type { TrainStep } from '../../src/train/api.js';

export type LossSeries = 'training' | 'held-out';

export interface LossPoint {
  /** Steps done (weight updates) when the loss was measured: 0 is the untrained model. */
  step: number;
  loss: number;
  series: LossSeries;
}

/** Report `s` (its step counts the update it made) as the points it adds to the chart. */
export function lossPoints(s: Pick<TrainStep, 'step' | 'loss' | 'valLoss'>): LossPoint[] {
  const training: LossPoint = { step: s.step - 1, loss: s.loss, series: 'training' };
  return s.valLoss === undefined ? [training] : [training, { step: s.step, loss: s.valLoss, series: 'held-out' }];
}
