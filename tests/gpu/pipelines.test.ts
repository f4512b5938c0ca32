// PipelineCache where awaiting the GPU spins a host core (Node's Dawn, these tests' runtime): Dawn
// polls its events with setImmediate, once a turn of the event loop, for as long as a build is
// pending, so while builds are pending each turn sleeps a millisecond (slowSpinWhileBuilding). A
// stand-in device whose builds finish when a test says, and a stand-in of Dawn's poll that counts
// the turns.

import { describe, expect, it } from 'vitest';
import { WAITS_SPIN } from '../../src/gpu/map.js';
import { PipelineCache } from '../../src/gpu/pipelines.js';

/** A device whose pipeline builds resolve after `buildMs`. */
function standInDevice(buildMs: number): GPUDevice {
  const device = {
    pushErrorScope: () => undefined,
    popErrorScope: () => Promise.resolve(null),
    createShaderModule: () => ({ getCompilationInfo: () => Promise.resolve({ messages: [] }) }),
    createComputePipelineAsync: ({ label }: { label: string }) => new Promise((resolve) => setTimeout(() => resolve({ label }), buildMs)),
  };
  return device as unknown as GPUDevice;
}

/** Counts turns of the event loop until stop(), as Dawn's poll would see them (a setImmediate each). */
function countTurns(): { stop(): number } {
  let turns = 0;
  let going = true;
  const turn = () => {
    turns++;
    if (going) setImmediate(turn);
  };
  setImmediate(turn);
  return { stop: () => ((going = false), turns) };
}

describe.runIf(WAITS_SPIN)('PipelineCache where waits spin', () => {
  it('sleeps each turn of the event loop while a build is pending, and not after', async () => {
    const cache = new PipelineCache(standInDevice(60));
    const during = countTurns();
    const start = performance.now();
    await Promise.all([cache.get({ key: 'a', code: '' }), cache.get({ key: 'b', code: '' })]);
    const pendingMs = performance.now() - start;
    const turnsDuring = during.stop();
    // At most a turn a millisecond (and a few at the ends); without the sleeps, hundreds a millisecond.
    expect(turnsDuring, `${turnsDuring} turns in ${pendingMs.toFixed(0)} ms`).toBeLessThanOrEqual(pendingMs + 10);
    // Once nothing is pending, turns come as fast as ever: 60 ms of them, far more than one a millisecond.
    await new Promise((resolve) => setTimeout(resolve, 5)); // the damper's last turn
    const after = countTurns();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(after.stop()).toBeGreaterThan(300);
  });
});
