// The training page's loss points (demos/training/loss-points.ts): a step's training loss is of the
// weights before its update, its held-out loss of those after it, so each sits at the steps done
// when it was measured, and a held-out point meets the training point measured on the same weights.

import { describe, expect, it } from 'vitest';
import { lossPoints } from '../../demos/training/loss-points.js';

describe('lossPoints', () => {
  it('puts a step\'s training loss at the steps before it and its held-out loss after it', () => {
    expect(lossPoints({ step: 1, loss: 4.2 })).toEqual([{ step: 0, loss: 4.2, series: 'training' }]);
    expect(lossPoints({ step: 10, loss: 2.5, valLoss: 2.6 })).toEqual([
      { step: 9, loss: 2.5, series: 'training' },
      { step: 10, loss: 2.6, series: 'held-out' },
    ]);
  });

  it('gives the held-out point of step n the x of step n + 1\'s training point: the same weights', () => {
    const [, heldOut] = lossPoints({ step: 5, loss: 3, valLoss: 3.1 });
    const [nextTraining] = lossPoints({ step: 6, loss: 2.9 });
    expect(heldOut!.step).toBe(nextTraining!.step);
  });
});
