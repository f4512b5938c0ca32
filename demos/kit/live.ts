// Keeps a page's view in step with its inputs while the model works in the worker: update() draws
// now, changed() draws after a pause in typing. A request made while a draw runs becomes one more
// draw after it, so the view always ends on the latest input and draws never overlap. Shared by
// the pages that redraw as one types (next-word, logit-lens). Tests: tests/browser/next-word.test.ts.

import type { Demo, RemoteModel } from './index.js';

export interface LiveView {
  /** Draws now (or right after the draw that is running). */
  update(): Promise<void>;
  /** Draws once the input has rested for the pause. */
  changed(): void;
}

export function liveView(demo: Demo, draw: (model: RemoteModel) => Promise<void>, pauseMs = 300): LiveView {
  let running: Promise<void> | undefined;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const update = (): Promise<void> => {
    clearTimeout(timer);
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        // run() does nothing while a model loads or another task runs: wait for them, or an
        // input changed meanwhile would never be drawn (the load's own draw read it before).
        await demo.idle();
        await demo.run(draw);
      } while (again);
    })().finally(() => (running = undefined));
    return running;
  };
  return {
    update,
    changed: () => {
      clearTimeout(timer);
      timer = setTimeout(() => void update(), pauseMs);
    },
  };
}
