// mapForReading where awaiting the GPU spins a host core (Node's Dawn, these tests' runtime): a
// map that has not landed is withdrawn and asked for again after a sleep, so the host polls about
// once a millisecond instead of nonstop; failures other than its own withdrawal end the wait, and
// a buffer destroyed by its owner is never asked for again. A stand-in buffer lands when a test
// says (a real one: every readback of the kernel and model tests goes through mapForReading).

import { describe, expect, it, vi } from 'vitest';
import { mapForReading, WAITS_SPIN } from '../../src/gpu/map.js';

/**
 * A MAP_READ buffer whose work lands at `landsAt` (performance.now()), or never; mapAsync and unmap
 * behave as WebGPU's, and a map is answered at the next turn of the event loop once the work has
 * landed, as Dawn's event poll answers it.
 */
class StandInBuffer {
  readonly label = 'stand-in';
  mapState: GPUBufferMapState = 'unmapped';
  asks = 0;
  asksAfterDestroy = 0;
  destroyed = false;
  private pending?: { reject: (e: Error) => void; timer?: ReturnType<typeof setTimeout> };

  constructor(private readonly landsAt: number, private readonly failWith?: Error) {}

  mapAsync(): Promise<undefined> {
    this.asks++;
    if (this.destroyed) this.asksAfterDestroy++;
    if (this.mapState !== 'unmapped') return Promise.reject(new DOMException('already mapped or pending', 'OperationError'));
    this.mapState = 'pending';
    return new Promise((resolve, reject) => {
      const pending: NonNullable<typeof this.pending> = { reject };
      this.pending = pending;
      const answer = () => setImmediate(() => this.settle(pending, () => {
        if (this.failWith) return reject(this.failWith);
        this.mapState = 'mapped';
        resolve(undefined);
      }));
      const wait = this.landsAt - performance.now();
      if (this.failWith || wait <= 0) answer();
      else if (Number.isFinite(wait)) pending.timer = setTimeout(answer, wait);
    });
  }

  unmap(): void {
    this.abort('withdrawn');
    this.mapState = 'unmapped';
  }

  destroy(): void {
    this.destroyed = true;
    this.abort('destroyed');
    this.mapState = 'unmapped';
  }

  private abort(why: string): void {
    const pending = this.pending;
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending = undefined;
    pending.reject(new DOMException(why, 'AbortError'));
  }

  private settle(pending: NonNullable<typeof this.pending>, done: () => void): void {
    if (this.pending !== pending) return;
    this.pending = undefined;
    done();
  }
}

const asBuffer = (b: StandInBuffer) => b as unknown as GPUBuffer;

describe('mapForReading in Node', () => {
  it('runs where waits spin (no navigator.gpu)', () => {
    expect(WAITS_SPIN).toBe(true);
  });

  it('maps once the work lands, asking at most about once a millisecond meanwhile', async () => {
    const t0 = performance.now();
    const buffer = new StandInBuffer(t0 + 40);
    await mapForReading(asBuffer(buffer), () => false);
    const waited = performance.now() - t0;
    expect(buffer.mapState).toBe('mapped');
    expect(waited).toBeGreaterThanOrEqual(39);
    expect(waited).toBeLessThan(40 + 500); // a landing is seen within a sleep or so (wide slack: a loaded machine stalls)
    expect(buffer.asks).toBeGreaterThan(1); // withdrawn and asked again, not left pending (a stall can leave few asks)
    expect(buffer.asks).toBeLessThanOrEqual(45); // sleeps of 0.1, 0.2, 0.4, 0.8, then 1 ms: no spinning
  });

  it('maps work that has landed at its first ask', async () => {
    const buffer = new StandInBuffer(performance.now());
    await new Promise((resolve) => setTimeout(resolve, 5));
    await mapForReading(asBuffer(buffer), () => false);
    expect(buffer.mapState).toBe('mapped');
    expect(buffer.asks).toBe(1);
  });

  it('ends at once with a failure it did not cause (a lost device), asking no more', async () => {
    const lost = new DOMException('device lost', 'OperationError');
    const buffer = new StandInBuffer(Infinity, lost);
    await expect(mapForReading(asBuffer(buffer), () => false)).rejects.toBe(lost);
    expect(buffer.asks).toBe(1);
  });

  it('a buffer destroyed while it waits: an AbortError, and never asked for again', async () => {
    const buffer = new StandInBuffer(Infinity);
    const wait = mapForReading(asBuffer(buffer), () => buffer.destroyed);
    await vi.waitFor(() => expect(buffer.asks).toBeGreaterThan(1)); // destroyed between asks, not before the second
    buffer.destroy();
    await expect(wait).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(buffer.asksAfterDestroy).toBe(0);
  });
});
