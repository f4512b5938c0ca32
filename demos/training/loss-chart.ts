// The training page's loss curves, drawn by Plot: the training loss of every step and the
// held-out loss where it was measured, each at the steps done when it was measured (loss-points.ts),
// with an optional line for the loss of guessing uniformly.
// Data in, a chart out; the page (main.ts) keeps the points and redraws as steps arrive.

import { Plot } from '../kit/index.js';
import type { LossPoint, LossSeries } from './loss-points.js';

const COLOURS: Record<LossSeries, string> = { training: '#2457c5', 'held-out': '#d9622b' };

/** The curves so far; `uniform` marks ln V, the loss of a model that has learnt nothing. */
export function lossChart(points: LossPoint[], width: number, options: { caption: string; uniform?: { loss: number; label: string } }): SVGSVGElement | HTMLElement {
  const heldOut = points.filter((p) => p.series === 'held-out');
  const { uniform } = options;
  const series = heldOut.length ? Object.keys(COLOURS) : ['training'];
  const lastStep = Math.max(1, ...points.map((p) => p.step)); // x runs from 0 (the untrained model's loss)
  // Up to the uniform line, or past it to the highest loss: a diverging run must show, not leave the frame.
  const highest = Math.max(...points.map((p) => p.loss).filter(Number.isFinite));
  const top = uniform ? Math.ceil(Math.max(uniform.loss + 0.3, highest)) : undefined;
  return Plot.plot({
    width,
    height: 240,
    caption: options.caption,
    // Whole steps only: a few steps would otherwise get ticks at 1.5, 2.5, ...
    x: { label: 'steps done', grid: true, ticks: Math.min(8, lastStep), tickFormat: 'd' },
    y: { label: 'loss (nats per token)', grid: true, zero: false, ...(top !== undefined ? { domain: [0, top] } : {}) },
    color: { domain: series, range: series.map((name) => COLOURS[name as LossSeries]), legend: true },
    marks: [
      ...(uniform ? [
        Plot.ruleY([uniform.loss], { stroke: '#999', strokeDasharray: '4 3' }),
        // Wrapped to the plot's width, in ems of its 11 px (review AG: one line ran out of a phone-wide chart), growing up from the line.
        Plot.text([uniform.loss], {
          y: (d: number) => d, frameAnchor: 'right', lineAnchor: 'bottom', dy: -4, lineWidth: Math.max(10, (width - 70) / 11), text: () => uniform.label,
          fill: '#777', fontSize: 11, className: 'uniform-label',
        }),
      ] : []),
      Plot.line(points.filter((p) => p.series === 'training'), { x: 'step', y: 'loss', stroke: 'series' }),
      Plot.line(heldOut, { x: 'step', y: 'loss', stroke: 'series' }),
      Plot.dot(heldOut, { x: 'step', y: 'loss', fill: 'series', r: 3 }),
      Plot.tip(points, Plot.pointerX({ x: 'step', y: 'loss', title: (p: LossPoint) => `after ${p.step} step${p.step === 1 ? '' : 's'}\n${p.series} loss ${p.loss.toFixed(3)}` })),
    ],
  });
}
