// Charts on the demo pages are drawn by Observable Plot (https://observablehq.com/plot/), never by
// hand: Plot itself, re-exported, and mountChart(), which keeps a chart as wide as its container
// and redraws it with new data.

import * as Plot from '@observablehq/plot';

export { Plot };

/** Draws a chart for a given width: usually `(width) => Plot.plot({ width, ... })`. */
export type DrawChart = (width: number) => SVGSVGElement | HTMLElement;

/**
 * Shows `draw(width)` in `container` now and again whenever the container's width changes (a
 * narrow window, a rotated phone). The returned function redraws, with a new `draw` if given
 * (new data), or clears the chart when given null.
 */
export function mountChart(container: HTMLElement, draw: DrawChart | null): (next?: DrawChart | null) => void {
  let current = draw;
  let width = 0;
  const render = () => {
    width = container.clientWidth;
    container.replaceChildren(...(current && width > 0 ? [current(width)] : []));
  };
  const observer = new ResizeObserver(() => {
    // A container taken out of the page (a redraw replaced it) reports a last resize: the observer
    // lets go then, or the document would keep it, and the chart, for good.
    if (!container.isConnected) observer.disconnect();
    else if (container.clientWidth !== width) render();
  });
  observer.observe(container);
  render();
  return (next) => {
    if (next !== undefined) current = next;
    render();
  };
}
